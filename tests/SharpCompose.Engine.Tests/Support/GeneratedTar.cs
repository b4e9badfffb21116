using System.Globalization;
using System.Text;

namespace SharpCompose.Engine.Tests.Support;

/// <summary>
/// A tar archive generated while it is read, never held in memory: small files plus one large file of a given
/// size. Not seekable. Counts the bytes handed out.
/// </summary>
public sealed class GeneratedTar : Stream
{
    private readonly IEnumerator<ReadOnlyMemory<byte>> _segments;
    private ReadOnlyMemory<byte> _current;
    private static readonly byte[] Zeros = new byte[64 * 1024];

    public GeneratedTar(IReadOnlyList<(string Name, string Content)> files, string bigName, long bigSize) =>
        _segments = Segments(files, bigName, bigSize).GetEnumerator();

    public long Produced { get; private set; }

    private static IEnumerable<ReadOnlyMemory<byte>> Segments(IReadOnlyList<(string Name, string Content)> files, string bigName, long bigSize)
    {
        foreach (var (name, content) in files)
        {
            var data = Encoding.UTF8.GetBytes(content);
            yield return Header(name, data.Length);
            yield return data;
            yield return Padding(data.Length);
        }
        yield return Header(bigName, bigSize);
        for (var left = bigSize; left > 0; left -= Zeros.Length)
            yield return Zeros.AsMemory(0, (int)Math.Min(Zeros.Length, left));
        yield return Padding(bigSize);
        yield return new byte[1024];
    }

    private static byte[] Padding(long size) => new byte[(512 - (int)(size % 512)) % 512];

    private static byte[] Header(string name, long size)
    {
        var h = new byte[512];
        void Put(int offset, string text) => Encoding.ASCII.GetBytes(text).CopyTo(h, offset);
        Put(0, name);
        Put(100, "0000644\0");
        Put(108, "0000000\0");
        Put(116, "0000000\0");
        Put(124, Convert.ToString(size, 8).PadLeft(11, '0') + "\0");
        Put(136, Convert.ToString(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 8).PadLeft(11, '0') + "\0");
        Put(148, "        ");
        h[156] = (byte)'0';
        Put(257, "ustar\0");
        Put(263, "00");
        var sum = h.Sum(b => (int)b);
        Put(148, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        _ = CultureInfo.InvariantCulture;
        return h;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_current.Length == 0)
        {
            if (!_segments.MoveNext()) return 0;
            _current = _segments.Current;
        }
        var n = Math.Min(buffer.Length, _current.Length);
        _current.Span[..n].CopyTo(buffer);
        _current = _current[n..];
        Produced += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
