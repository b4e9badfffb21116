using System.Text;

namespace SharpCompose.Orchestration.Tests.Build;

/// <summary>A temporary directory tree for build-context tests, removed on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    public static readonly DateTime FileTime = new(2020, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "sc-buildctx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Path_(string relative) => Path.Combine(Root, relative);

    public string File(string relative, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100)
    {
        var path = Path_(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, mode);
        }

        System.IO.File.SetLastWriteTimeUtc(path, FileTime);
        return path;
    }

    public void Directory_(string relative)
    {
        var path = Path_(relative);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }

    public void Link(string relative, string target) => System.IO.File.CreateSymbolicLink(Path_(relative), target);

    // Directory times change as their content is written: pin them once the tree is complete.
    public void PinDirectoryTimes()
    {
        foreach (var directory in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories))
        {
            if (!new DirectoryInfo(directory).Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                Directory.SetLastWriteTimeUtc(directory, FileTime);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
