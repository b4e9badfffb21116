using System.Runtime.CompilerServices;
using SharpCompose.Engine.Streams;
using SharpCompose.Engine.Transport;

namespace SharpCompose.Engine;

/// <summary>
/// The standard streams of an attached container or a started exec, over a hijacked connection.
/// Output comes as <see cref="OutputChunk"/>s (stdout and stderr apart; all Stdout when <see cref="Tty"/>).
/// <see cref="CloseInputAsync"/> half-closes stdin (socket shutdown for unix/tcp, EOF of ssh's stdin;
/// over TLS it sends close_notify, after which nothing more can be written).
/// </summary>
public sealed class StdioSession : IAsyncDisposable, IDisposable
{
    private readonly EngineConnection _connection;
    private readonly Stream _stream;
    private readonly FrameReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _inputClosed;
    private int _disposed;

    internal StdioSession(EngineConnection connection, Stream stream, bool tty)
    {
        _connection = connection;
        _stream = stream;
        Tty = tty;
        _reader = new FrameReader(stream, raw: tty);
    }

    public bool Tty { get; }

    /// <summary>Writes to the process's stdin.</summary>
    public async Task WriteInputAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_inputClosed) throw new InvalidOperationException("stdin is already closed");
            await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Copies <paramref name="input"/> to stdin, then closes stdin.</summary>
    public async Task CopyInputFromAsync(Stream input, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            await WriteInputAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        await CloseInputAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signals end of stdin to the process, keeping the output open.</summary>
    public async Task CloseInputAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_inputClosed) return;
            _inputClosed = true;
            await _connection.CloseWriteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The next output chunk, or null when the process's output ended.</summary>
    public async Task<OutputChunk?> ReadOutputAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>All output until it ends.</summary>
    public async IAsyncEnumerable<OutputChunk> ReadAllOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadOutputAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
            yield return chunk;
    }

    /// <summary>Reads all output into (stdout, stderr) byte arrays. For small outputs and tests.</summary>
    public async Task<(byte[] Stdout, byte[] Stderr)> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        await foreach (var chunk in ReadAllOutputAsync(cancellationToken).ConfigureAwait(false))
            (chunk.Stream == OutputStream.Stderr ? stderr : stdout).Write(chunk.Data.Span);
        return (stdout.ToArray(), stderr.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stream.Dispose();
        _connection.Stream.Dispose();
        _writeLock.Dispose();
    }
}
