using System.Formats.Tar;

namespace SharpCompose.Orchestration.Verbs;

/// <summary><c>cp</c>: copies files and directories between a service container and the host, both ways.</summary>
public sealed class CpVerb(ProjectSession session)
{
    /// <summary>"SERVICE:PATH" or a host path.</summary>
    public static (string? Service, string Path) ParseLocation(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || value.StartsWith('/') || value.StartsWith('.'))
        {
            return (null, value);
        }

        return (value[..colon], value[(colon + 1)..]);
    }

    public async Task CopyAsync(string source, string destination, int index, bool archive, bool followLink, CancellationToken cancellationToken)
    {
        var (srcService, srcPath) = ParseLocation(source);
        var (dstService, dstPath) = ParseLocation(destination);
        if ((srcService is null) == (dstService is null))
        {
            throw new OrchestrationException("copying between services is not supported: one side must be SERVICE:PATH, the other a local path");
        }

        var service = srcService ?? dstService!;
        var containers = await new LifecycleVerbs(session).ContainersAsync([service], all: true, cancellationToken).ConfigureAwait(false);
        var container = containers.FirstOrDefault(c => c.Number == index)
            ?? throw new OrchestrationException($"service \"{service}\" has no container with index {index}");
        if (srcService is not null)
        {
            await FromContainerAsync(container.Id, srcPath, dstPath, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ToContainerAsync(container.Id, srcPath, dstPath, archive, followLink, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FromContainerAsync(string id, string containerPath, string hostPath, CancellationToken cancellationToken)
    {
        await using var archive = await session.Engine.Containers.GetArchiveAsync(id, containerPath, cancellationToken).ConfigureAwait(false);
        var copyContents = containerPath.EndsWith("/.", StringComparison.Ordinal);
        var rootName = archive.Stat?.Name ?? Path.GetFileName(containerPath.TrimEnd('/'));
        var target = Path.GetFullPath(hostPath);
        var intoDirectory = Directory.Exists(target) && !copyContents;
        var staging = Path.Combine(intoDirectory ? target : Path.GetDirectoryName(target)!, ".sharpcompose-cp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        try
        {
            await TarFile.ExtractToDirectoryAsync(archive.Content, staging, overwriteFiles: true, cancellationToken).ConfigureAwait(false);
            var extracted = Path.Combine(staging, rootName);
            var finalPath = intoDirectory ? Path.Combine(target, rootName) : target;
            if (Directory.Exists(extracted))
            {
                MergeDirectory(extracted, finalPath);
            }
            else
            {
                File.Move(extracted, finalPath, overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static void MergeDirectory(string from, string to)
    {
        if (!Directory.Exists(to))
        {
            Directory.Move(from, to);
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
        {
            var name = Path.GetFileName(entry);
            var dest = Path.Combine(to, name);
            if (Directory.Exists(entry))
            {
                MergeDirectory(entry, dest);
            }
            else
            {
                File.Move(entry, dest, overwrite: true);
            }
        }
    }

    private async Task ToContainerAsync(string id, string hostPath, string containerPath, bool archive, bool followLink, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(hostPath.EndsWith("/.", StringComparison.Ordinal) ? hostPath[..^2] : hostPath);
        if (followLink && new FileInfo(source).LinkTarget is not null)
        {
            source = new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source;
        }

        if (!File.Exists(source) && !Directory.Exists(source))
        {
            throw new OrchestrationException($"could not find the file {hostPath} in the local filesystem");
        }

        var stat = await session.Engine.Containers.StatPathAsync(id, containerPath, cancellationToken).ConfigureAwait(false);
        var targetIsDirectory = stat is not null && (stat.Mode & (1L << 31)) != 0;
        if (stat is null && containerPath.EndsWith('/'))
        {
            throw new OrchestrationException($"destination directory {containerPath} does not exist in the container");
        }

        string directory;
        string rootName;
        if (targetIsDirectory)
        {
            directory = containerPath;
            rootName = Path.GetFileName(source);
        }
        else
        {
            var trimmed = containerPath.TrimEnd('/');
            var slash = trimmed.LastIndexOf('/');
            directory = slash <= 0 ? "/" : trimmed[..slash];
            rootName = trimmed[(slash + 1)..];
        }

        var copyContents = hostPath.EndsWith("/.", StringComparison.Ordinal) && targetIsDirectory;
        var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        await using (buffer.ConfigureAwait(false))
        {
            await using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            {
                if (Directory.Exists(source))
                {
                    var prefix = copyContents ? string.Empty : rootName + "/";
                    if (!copyContents)
                    {
                        await writer.WriteEntryAsync(Entry(TarEntryType.Directory, rootName + "/", source, archive), cancellationToken).ConfigureAwait(false);
                    }

                    foreach (var path in Directory.EnumerateFileSystemEntries(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    {
                        var relative = prefix + Path.GetRelativePath(source, path).Replace('\\', '/');
                        var info = new FileInfo(path);
                        if (info.LinkTarget is { } link)
                        {
                            var entry = Entry(TarEntryType.SymbolicLink, relative, path, archive);
                            entry.LinkName = link;
                            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                        }
                        else if (Directory.Exists(path))
                        {
                            await writer.WriteEntryAsync(Entry(TarEntryType.Directory, relative + "/", path, archive), cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            await WriteFileAsync(writer, relative, path, archive, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                else
                {
                    await WriteFileAsync(writer, rootName, source, archive, cancellationToken).ConfigureAwait(false);
                }
            }

            buffer.Position = 0;
            await session.Engine.Containers.PutArchiveAsync(id, directory, buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, string path, bool archive)
    {
        var entry = new PaxTarEntry(type, name)
        {
            ModificationTime = File.GetLastWriteTimeUtc(path),
            Mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(path),
        };
        if (!archive)
        {
            entry.Uid = 0;
            entry.Gid = 0;
        }

        return entry;
    }

    private static async Task WriteFileAsync(TarWriter writer, string name, string path, bool archive, CancellationToken cancellationToken)
    {
        var entry = Entry(TarEntryType.RegularFile, name, path, archive);
        await using var data = File.OpenRead(path);
        entry.DataStream = data;
        await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }
}
