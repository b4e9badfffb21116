using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SharpCompose.Engine.Streams;

/// <summary>
/// Reads the engine's multiplexed stream: frames of an 8-byte header [stream, 0, 0, 0, size (uint32 big endian)]
/// followed by size bytes. With <c>raw</c> (TTY), every read is a Stdout chunk.
/// </summary>
internal sealed class FrameReader(Stream stream, bool raw)
{
    private const int RawBufferSize = 32 * 1024;
    private readonly byte[] _header = new byte[8];

    /// <summary>The next chunk, or null at the end of the stream.</summary>
    public async ValueTask<OutputChunk?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (IOException e) when (e is not EndOfStreamException)
        {
            throw new EngineUnavailableException($"the connection to the Docker Engine broke while streaming: {e.Message}", e);
        }
    }

    private async ValueTask<OutputChunk?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        if (raw)
        {
            var buffer = new byte[RawBufferSize];
            var n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return n == 0 ? null : new OutputChunk(OutputStream.Stdout, buffer.AsMemory(0, n));
        }
        while (true)
        {
            if (!await FillAsync(_header, cancellationToken, allowEof: true).ConfigureAwait(false)) return null;
            var kind = _header[0] switch
            {
                0 => OutputStream.Stdin,
                1 => OutputStream.Stdout,
                2 => OutputStream.Stderr,
                // 3 is the "systemerr" stream: report it as stderr.
                3 => OutputStream.Stderr,
                _ => throw new InvalidDataException($"malformed multiplexed stream: unknown stream type {_header[0]}"),
            };
            var size = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
            if (size > int.MaxValue) throw new InvalidDataException("malformed multiplexed stream: frame too large");
            if (size == 0) continue;
            var payload = new byte[size];
            if (!await FillAsync(payload, cancellationToken, allowEof: false).ConfigureAwait(false)) return null;
            return new OutputChunk(kind, payload);
        }
    }

    public async IAsyncEnumerable<OutputChunk> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
            yield return chunk;
    }

    private async ValueTask<bool> FillAsync(byte[] buffer, CancellationToken cancellationToken, bool allowEof)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0 && allowEof) return false;
                throw new EndOfStreamException("the engine closed a multiplexed stream in the middle of a frame");
            }
            read += n;
        }
        return true;
    }
}

/// <summary>
/// Turns chunks into lines, per stream, keeping each stream's partial line apart. A line longer than
/// <see cref="MaxLineBytes"/> is cut there, so memory stays bounded whatever the container writes.
/// </summary>
internal sealed class LogLineSplitter(bool timestamps)
{
    public const int MaxLineBytes = 1024 * 1024;
    private readonly MemoryStream?[] _pending = new MemoryStream?[3];

    public IEnumerable<LogLine> Push(OutputChunk chunk)
    {
        var lines = new List<LogLine>();
        var index = (int)chunk.Stream;
        var span = chunk.Data.Span;
        while (span.Length > 0)
        {
            var nl = span.IndexOf((byte)'\n');
            if (nl < 0)
            {
                var buffer = _pending[index] ??= new MemoryStream();
                while (span.Length > 0)
                {
                    var room = MaxLineBytes - (int)buffer.Length;
                    var take = Math.Min(room, span.Length);
                    buffer.Write(span[..take]);
                    span = span[take..];
                    if (buffer.Length >= MaxLineBytes)
                    {
                        lines.Add(MakeLine(chunk.Stream, System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)));
                        buffer.SetLength(0);
                    }
                }
                break;
            }
            var pending = _pending[index];
            string text;
            if (pending is { Length: > 0 })
            {
                pending.Write(span[..nl]);
                text = System.Text.Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length);
                pending.SetLength(0);
            }
            else
            {
                text = System.Text.Encoding.UTF8.GetString(span[..nl]);
            }
            lines.Add(MakeLine(chunk.Stream, text));
            span = span[(nl + 1)..];
        }
        return lines;
    }

    public IEnumerable<LogLine> Flush()
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            if (_pending[i] is { Length: > 0 } p)
            {
                var text = System.Text.Encoding.UTF8.GetString(p.GetBuffer(), 0, (int)p.Length);
                p.SetLength(0);
                yield return MakeLine((OutputStream)i, text);
            }
        }
    }

    private LogLine MakeLine(OutputStream stream, string text)
    {
        if (text.EndsWith('\r')) text = text[..^1];
        if (timestamps)
        {
            var space = text.IndexOf(' ');
            var stamp = space < 0 ? text : text[..space];
            if (DateTimeOffset.TryParse(stamp, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var ts))
                return new LogLine(stream, space < 0 ? "" : text[(space + 1)..], ts);
        }
        return new LogLine(stream, text);
    }
}
