using System.Formats.Tar;
using System.Text;

namespace SharpCompose.Orchestration.Build;

/// <summary>Walks a <see cref="BuildContext"/>'s directory and writes its tar, one file at a time, straight from disk.</summary>
internal sealed class ContextArchiver(BuildContext context)
{
    private const string DockerIgnoreName = ".dockerignore";
    private const long UstarMaxSize = 0x1_FFFF_FFFFL; // 11 octal digits
    private const int UstarMaxName = 100;
    private const UnixFileMode WindowsMode = (UnixFileMode)0b111_101_101; // 0755, as Docker sends from Windows
    private const UnixFileMode GeneratedMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // 0600, as Docker

    private readonly DockerIgnore _ignore = context.Ignore;
    private readonly string? _generatedName =
        context.GeneratedDockerfile is null ? null : context.Dockerfile.Name;

    private bool _wroteDockerIgnore;

    public async Task WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        // TarWriter writes headers in 512-byte pieces: gather them so the destination sees large writes.
        var buffered = new BufferedStream(destination, 64 * 1024);
        var writer = new TarWriter(buffered, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await WalkAsync(writer, context.ContextDirectory, "", default, cancellationToken).ConfigureAwait(false);
            if (_generatedName is not null)
            {
                await AddGeneratedAsync(writer, cancellationToken).ConfigureAwait(false);
            }
        }

        await buffered.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WalkAsync(
        TarWriter writer, string directory, string relativeDirectory, IgnoreMatch parent, CancellationToken cancellationToken)
    {
        var entries = new DirectoryInfo(directory).GetFileSystemInfos();
        Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var info in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = relativeDirectory.Length == 0 ? info.Name : relativeDirectory + "/" + info.Name;
            if (relative == _generatedName)
            {
                continue; // the generated Dockerfile takes this name
            }

            var isLink = info.Attributes.HasFlag(FileAttributes.ReparsePoint);
            var isDirectory = !isLink && info is DirectoryInfo;
            var match = default(IgnoreMatch);
            if (!context.AlwaysSent.Contains(relative))
            {
                match = _ignore.Match(relative, parent);
                if (match.IsExcluded)
                {
                    // Like Docker: an excluded directory is entered (without an entry of its own) only when an
                    // exception, or a file that is always sent, may lie inside it.
                    if (isDirectory && (_ignore.MayReincludeUnder(relative) || AlwaysSentUnder(relative)))
                    {
                        await WalkAsync(writer, info.FullName, relative, match, cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }
            }

            await AddAsync(writer, info, relative, isDirectory, isLink, cancellationToken).ConfigureAwait(false);
            if (isDirectory)
            {
                await WalkAsync(writer, info.FullName, relative, match, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private bool AlwaysSentUnder(string directory)
    {
        foreach (var path in context.AlwaysSent)
        {
            if (path.Length > directory.Length && path[directory.Length] == '/'
                && path.StartsWith(directory, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async Task AddAsync(
        TarWriter writer, FileSystemInfo info, string relative, bool isDirectory, bool isLink, CancellationToken cancellationToken)
    {
        var time = BuildContext.TarTime(info.LastWriteTimeUtc);
        if (isDirectory)
        {
            var directory = NewEntry(TarEntryType.Directory, relative + "/", null, 0);
            directory.Mode = ModeOf(info);
            directory.ModificationTime = time;
            await writer.WriteEntryAsync(directory, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (isLink)
        {
            var target = info.LinkTarget ?? "";
            var link = NewEntry(TarEntryType.SymbolicLink, relative, target, 0);
            link.LinkName = target;
            link.Mode = (UnixFileMode)0b111_111_111; // a symlink's own mode: 0777
            link.ModificationTime = time;
            await writer.WriteEntryAsync(link, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (relative == DockerIgnoreName && _generatedName is not null)
        {
            // Tell the engine to drop the generated Dockerfile from the context once read, as the Docker CLI does.
            var content = await File.ReadAllBytesAsync(info.FullName, cancellationToken).ConfigureAwait(false);
            var amended = new MemoryStream();
            amended.Write(content);
            amended.Write(Encoding.UTF8.GetBytes("\n" + _generatedName + "\n"));
            amended.Position = 0;
            await AddDataAsync(writer, relative, amended, ModeOf(info), time, cancellationToken).ConfigureAwait(false);
            _wroteDockerIgnore = true;
            return;
        }

        var file = (FileInfo)info;
        long length;
        try
        {
            length = file.Length;
        }
        catch (FileNotFoundException)
        {
            return; // vanished since the directory was listed
        }

        if (length == 0)
        {
            await AddEmptyOrSpecialAsync(writer, file, relative, time, cancellationToken).ConfigureAwait(false);
            return;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(
                file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return;
        }

        var data = new FixedLengthReadStream(stream, length, file.FullName);
        await using (data.ConfigureAwait(false))
        {
            await AddDataAsync(writer, relative, data, ModeOf(info), time, cancellationToken).ConfigureAwait(false);
        }
    }

    // A zero-length entry may be an empty file or a FIFO, device or socket, which .NET only tells apart through
    // TarWriter's own lstat: let it describe the file into a scratch archive (it never opens a non-regular file).
    private async Task AddEmptyOrSpecialAsync(
        TarWriter writer, FileInfo file, string relative, DateTimeOffset time, CancellationToken cancellationToken)
    {
        TarEntry? described;
        using (var scratch = new MemoryStream())
        {
            try
            {
                using (var probe = new TarWriter(scratch, TarEntryFormat.Pax, leaveOpen: true))
                {
                    probe.WriteEntry(file.FullName, "probe");
                }
            }
            catch (FileNotFoundException)
            {
                return;
            }
            catch (IOException) when (File.Exists(file.FullName))
            {
                return; // a socket: Docker cannot archive those either and skips them
            }

            scratch.Position = 0;
            using var reader = new TarReader(scratch);
            described = reader.GetNextEntry();
        }

        if (described is null)
        {
            return;
        }

        var mode = ModeOf(file);
        switch (described.EntryType)
        {
            case TarEntryType.Fifo or TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                var special = NewEntry(described.EntryType, relative, null, 0);
                special.Mode = mode;
                special.ModificationTime = time;
                if (special is PosixTarEntry device && described is PosixTarEntry source)
                {
                    device.DeviceMajor = source.DeviceMajor;
                    device.DeviceMinor = source.DeviceMinor;
                }

                await writer.WriteEntryAsync(special, cancellationToken).ConfigureAwait(false);
                return;
            default:
                await AddDataAsync(writer, relative, null, mode, time, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private async Task AddGeneratedAsync(TarWriter writer, CancellationToken cancellationToken)
    {
        var name = _generatedName!;
        var dockerfile = new MemoryStream(context.GeneratedDockerfile!, writable: false);
        await AddDataAsync(writer, name, dockerfile, GeneratedMode, context.GeneratedDockerfileTime, cancellationToken).ConfigureAwait(false);
        if (!_wroteDockerIgnore)
        {
            // Lists itself first, so the engine removes it too.
            var ignore = new MemoryStream(Encoding.UTF8.GetBytes(DockerIgnoreName + "\n" + name + "\n"), writable: false);
            await AddDataAsync(writer, DockerIgnoreName, ignore, GeneratedMode, context.GeneratedDockerfileTime, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AddDataAsync(
        TarWriter writer, string name, Stream? data, UnixFileMode mode, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var entry = NewEntry(TarEntryType.RegularFile, name, null, data?.Length ?? 0);
        entry.Mode = mode;
        entry.ModificationTime = time;
        entry.DataStream = data;
        await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    // Plain ustar when everything fits (as Go's archive/tar does), PAX only for long or non-ASCII names and huge files.
    private static PosixTarEntry NewEntry(TarEntryType type, string name, string? linkName, long size)
    {
        var fitsUstar = FitsUstar(name) && (linkName is null || FitsUstar(linkName)) && size <= UstarMaxSize;
        PosixTarEntry entry = fitsUstar ? new UstarTarEntry(type, name) : new PaxTarEntry(type, name);
        entry.Uid = 0;
        entry.Gid = 0;
        return entry;
    }

    private static bool FitsUstar(string text) => text.Length <= UstarMaxName && Ascii.IsValid(text);

    private static UnixFileMode ModeOf(FileSystemInfo info) =>
        OperatingSystem.IsWindows() ? WindowsMode : info.UnixFileMode;
}
