using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;

namespace SharpCompose.Orchestration.Build;

/// <summary>
/// A build context ready to be sent to the engine's <c>POST /build</c>: a directory, its ignore rules and its
/// Dockerfile. The tar is produced on demand, streamed from disk (constant memory whatever the context's size),
/// every time it is written.
/// </summary>
/// <remarks>
/// Rules follow the Docker CLI's classic builder: entries in ordinal order of a depth-first walk, directories
/// with a trailing <c>/</c>, symlinks as symlinks (never followed), uid/gid 0, permission bits and mtime (whole
/// seconds) kept; the Dockerfile and the ignore file in effect are always sent even when ignored; a
/// <c>&lt;Dockerfile&gt;.dockerignore</c> beside the Dockerfile takes precedence over the context's
/// <c>.dockerignore</c>; an inline or out-of-context Dockerfile is added under a generated name which is also
/// appended to the tar's <c>.dockerignore</c>, so the engine drops it from the context after reading it.
/// </remarks>
public sealed class BuildContext
{
    private const string DockerIgnoreName = ".dockerignore";
    private const string GeneratedPrefix = ".sharpcompose.Dockerfile.";

    private BuildContext(
        string contextDirectory,
        ContextDockerfile dockerfile,
        DockerIgnore ignore,
        IReadOnlySet<string> alwaysSent,
        byte[]? generatedDockerfile,
        DateTimeOffset generatedDockerfileTime)
    {
        ContextDirectory = contextDirectory;
        Dockerfile = dockerfile;
        Ignore = ignore;
        AlwaysSent = alwaysSent;
        GeneratedDockerfile = generatedDockerfile;
        GeneratedDockerfileTime = generatedDockerfileTime;
    }

    /// <summary>Full path of the context directory.</summary>
    public string ContextDirectory { get; }

    /// <summary>The Dockerfile name to pass to the engine, and where it came from.</summary>
    public ContextDockerfile Dockerfile { get; }

    /// <summary>The ignore rules applied to the walk.</summary>
    public DockerIgnore Ignore { get; }

    /// <summary>Context-relative paths sent even when the rules exclude them (the Dockerfile, the ignore file).</summary>
    internal IReadOnlySet<string> AlwaysSent { get; }

    /// <summary>Content of an inline or out-of-context Dockerfile, added as <see cref="ContextDockerfile.Name"/>.</summary>
    internal byte[]? GeneratedDockerfile { get; }

    internal DateTimeOffset GeneratedDockerfileTime { get; }

    /// <summary>
    /// Resolves the Dockerfile and reads the ignore rules. Throws <see cref="DirectoryNotFoundException"/> for a
    /// missing context, <see cref="FileNotFoundException"/> for a missing Dockerfile and
    /// <see cref="FormatException"/> for a malformed ignore pattern.
    /// </summary>
    public static BuildContext Create(BuildContextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.ContextDirectory));
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"unable to prepare context: path \"{options.ContextDirectory}\" not found");
        }

        var rootIgnore = Path.Combine(root, DockerIgnoreName);
        if (options.DockerfileInline is not null)
        {
            if (options.Dockerfile is not null)
            {
                throw new ArgumentException("dockerfile and dockerfile_inline are mutually exclusive", nameof(options));
            }

            var inline = Encoding.UTF8.GetBytes(options.DockerfileInline);
            var ignoreFile = File.Exists(rootIgnore) ? rootIgnore : null;
            return Generated(root, inline, "inline-", DockerfileSource.Inline, ignoreFile, DateTimeOffset.UnixEpoch);
        }

        var dockerfilePath = Path.GetFullPath(options.Dockerfile ?? "Dockerfile", root);
        if (!File.Exists(dockerfilePath))
        {
            throw new FileNotFoundException($"Cannot locate specified Dockerfile: {options.Dockerfile ?? "Dockerfile"}", dockerfilePath);
        }

        var specificIgnore = dockerfilePath + DockerIgnoreName;
        var ignorePath = File.Exists(specificIgnore) ? specificIgnore : File.Exists(rootIgnore) ? rootIgnore : null;
        var relative = RelativeInside(root, dockerfilePath);
        if (relative is null)
        {
            var content = File.ReadAllBytes(dockerfilePath);
            var time = TarTime(File.GetLastWriteTimeUtc(dockerfilePath));
            return Generated(root, content, "external-", DockerfileSource.External, ignorePath, time);
        }

        var alwaysSent = new HashSet<string>(StringComparer.Ordinal) { relative };
        AddIfInside(alwaysSent, root, ignorePath);
        return new BuildContext(
            root,
            new ContextDockerfile(relative, DockerfileSource.Context, ignorePath),
            LoadIgnore(ignorePath),
            alwaysSent,
            generatedDockerfile: null,
            default);
    }

    /// <summary>Writes the whole context tar to <paramref name="destination"/>, which is left open.</summary>
    public Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return new ContextArchiver(this).WriteAsync(destination, cancellationToken);
    }

    /// <summary>
    /// A readable stream of the context tar, produced on a background task through a bounded pipe (at most
    /// about 1 MiB in flight). A failure while archiving surfaces from the stream's reads; disposing the stream
    /// early stops the archiving.
    /// </summary>
    public Stream OpenRead(CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: 1024 * 1024,
            resumeWriterThreshold: 512 * 1024,
            useSynchronizationContext: false));
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            async () =>
            {
                Exception? failure = null;
                try
                {
                    var sink = pipe.Writer.AsStream(leaveOpen: true);
                    await WriteToAsync(sink, stop.Token).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    failure = e;
                }

                await pipe.Writer.CompleteAsync(failure).ConfigureAwait(false);
            },
            CancellationToken.None);
        return new ProducedReadStream(pipe.Reader.AsStream(), stop, producer);
    }

    /// <summary>The body for <c>POST /build</c> (<c>Content-Type: application/x-tar</c>, chunked).</summary>
    public HttpContent ToHttpContent() => new BuildContextContent(this);

    internal static DateTimeOffset TarTime(DateTime utc)
    {
        var seconds = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, seconds));
    }

    private static BuildContext Generated(
        string root, byte[] content, string kind, DockerfileSource source, string? ignorePath, DateTimeOffset time)
    {
        var name = GeneratedPrefix + kind + Convert.ToHexStringLower(SHA256.HashData(content))[..16];
        var alwaysSent = new HashSet<string>(StringComparer.Ordinal);
        AddIfInside(alwaysSent, root, ignorePath);
        return new BuildContext(root, new ContextDockerfile(name, source, ignorePath), LoadIgnore(ignorePath), alwaysSent, content, time);
    }

    private static DockerIgnore LoadIgnore(string? path) => path is null ? DockerIgnore.Empty : DockerIgnore.Load(path);

    private static void AddIfInside(HashSet<string> paths, string root, string? path)
    {
        if (path is not null && RelativeInside(root, path) is { } relative)
        {
            paths.Add(relative);
        }
    }

    // The "/"-separated path of fullPath relative to root, or null when it is not strictly inside root.
    private static string? RelativeInside(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        if (relative == "." || Path.IsPathRooted(relative) || relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    // The reading end of OpenRead: disposing it stops the producer.
    private sealed class ProducedReadStream(Stream inner, CancellationTokenSource stop, Task producer) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                stop.Cancel();
                inner.Dispose();
                producer.ContinueWith(_ => stop.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            base.Dispose(disposing);
        }
    }
}
