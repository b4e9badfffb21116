namespace SharpCompose.Orchestration.Build;

/// <summary>
/// Reads exactly <c>length</c> bytes of a file whose size was already written to a tar header: a file that grows
/// meanwhile is cut at that size, one that shrinks fails the archive rather than corrupting it.
/// </summary>
internal sealed class FixedLengthReadStream(Stream inner, long length, string path) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true; // lets TarWriter take the size from Length instead of buffering

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = Wanted(buffer.Length);
        return wanted == 0 ? 0 : Advance(inner.Read(buffer[..wanted]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = Wanted(buffer.Length);
        return wanted == 0 ? 0 : Advance(await inner.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false));
    }

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
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return inner.DisposeAsync();
    }

    private int Wanted(int available) => (int)Math.Min(available, length - _position);

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new IOException($"{path} shrank while it was being sent ({_position} of {length} bytes read).");
        }

        _position += read;
        return read;
    }
}
