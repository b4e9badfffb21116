using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;

namespace SharpCompose.Engine.Transport;

/// <summary>What a request sends: nothing, a small byte array (JSON), or a stream sent chunked (never buffered).</summary>
internal sealed class EngineRequestBody
{
    private EngineRequestBody(string contentType, byte[]? bytes, Stream? stream)
    {
        ContentType = contentType;
        Bytes = bytes;
        Stream = stream;
    }

    public string ContentType { get; }
    public byte[]? Bytes { get; }
    public Stream? Stream { get; }

    /// <summary>A body that can be sent again on a fresh connection if a pooled one turned out to be closed.</summary>
    public bool Replayable => Stream is null;

    public static EngineRequestBody Json(byte[] bytes) => new("application/json", bytes, null);
    public static EngineRequestBody Tar(Stream stream) => new("application/x-tar", null, stream);
}

/// <summary>An answer: status, headers, and the body as a stream. Disposing it returns the connection to the pool
/// when the body was read to its end, else closes it.</summary>
internal sealed class EngineResponse : IDisposable, IAsyncDisposable
{
    private readonly List<KeyValuePair<string, string>> _headers;

    internal EngineResponse(HttpStatusCode status, List<KeyValuePair<string, string>> headers, Stream body)
    {
        StatusCode = status;
        _headers = headers;
        Body = body;
    }

    public HttpStatusCode StatusCode { get; }
    public bool IsSuccessStatusCode => (int)StatusCode is >= 200 and < 300;
    public Stream Body { get; }

    public string? Header(string name)
    {
        foreach (var (key, value) in _headers)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    public void Dispose() => Body.Dispose();

    public ValueTask DisposeAsync() => Body.DisposeAsync();
}

/// <summary>A connection with its read buffer: what was read past the response headers stays here for the body.</summary>
internal sealed class HttpConnection(EngineConnection connection, bool reused) : IAsyncDisposable
{
    public const int BufferSize = 16 * 1024;

    public EngineConnection Connection { get; } = connection;
    public Stream Stream => Connection.Stream;
    public byte[] Buffer { get; } = new byte[BufferSize];
    public int Start { get; set; }
    public int End { get; set; }
    public int Available => End - Start;
    public bool Reused { get; set; } = reused;

    /// <summary>Reads more bytes after what is buffered (compacting first); false at the end of the stream.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (Start > 0)
        {
            Array.Copy(Buffer, Start, Buffer, 0, Available);
            End -= Start;
            Start = 0;
        }
        if (End == Buffer.Length) throw new EngineProtocolException("the engine sent a header line longer than 16 KiB");
        var n = await Stream.ReadAsync(Buffer.AsMemory(End), cancellationToken).ConfigureAwait(false);
        End += n;
        return n > 0;
    }

    /// <summary>One CRLF-terminated line, without the CRLF; null at the end of the stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = Buffer.AsSpan(Start, Available).IndexOf("\r\n"u8);
            if (index >= 0)
            {
                var line = Encoding.Latin1.GetString(Buffer, Start, index);
                Start += index + 2;
                return line;
            }
            if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return null;
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>The engine's answer was not HTTP as expected.</summary>
internal sealed class EngineProtocolException(string message) : IOException(message);

/// <summary>A pooled connection the engine had closed before we used it again: the request is sent again on a new one.</summary>
internal sealed class StaleConnectionException(Exception? inner) : IOException("the pooled connection was closed", inner);

/// <summary>
/// A small HTTP/1.1 client over <see cref="EngineConnector"/>: keep-alive connection pool, Content-Length and chunked
/// bodies both ways, and the raw exchange for hijacked (attach / exec) connections. The Engine API needs nothing more,
/// and this costs a fraction of HttpClient's start-up (every CLI invocation pays it).
/// </summary>
internal sealed class EngineHttp(EngineConnector connector, string userAgent) : IDisposable
{
    private readonly Stack<HttpConnection> _idle = new();
    private bool _disposed;

    public async Task<EngineResponse> SendAsync(string method, string pathAndQuery, EngineRequestBody? body,
        IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var connection = TakeIdle() ?? new HttpConnection(await connector.ConnectAsync(cancellationToken).ConfigureAwait(false), reused: false);
            try
            {
                return await ExchangeAsync(connection, method, pathAndQuery, body, headers, upgrade: false, cancellationToken).ConfigureAwait(false);
            }
            catch (StaleConnectionException) when (attempt == 0 && (body is null || body.Replayable))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Sends an upgrade request on a connection of its own; on 101 (or 200) returns the raw duplex stream.</summary>
    public async Task<(EngineConnection Connection, Stream Stream)> HijackAsync(string pathAndQuery, byte[]? jsonBody,
        CancellationToken cancellationToken)
    {
        var connection = new HttpConnection(await connector.ConnectAsync(cancellationToken).ConfigureAwait(false), reused: false);
        try
        {
            var body = jsonBody is null ? null : EngineRequestBody.Json(jsonBody);
            var response = await ExchangeAsync(connection, "POST", pathAndQuery, body, null, upgrade: true, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.SwitchingProtocols or HttpStatusCode.OK)
            {
                var leftover = connection.Buffer.AsMemory(connection.Start, connection.Available).ToArray();
                return (connection.Connection, new PrefixedStream(leftover, connection.Stream));
            }
            using (response)
                throw await EngineChannel.ErrorFromAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private HttpConnection? TakeIdle()
    {
        lock (_idle)
        {
            if (_idle.TryPop(out var connection))
            {
                connection.Reused = true;
                return connection;
            }
            return null;
        }
    }

    internal void Return(HttpConnection connection)
    {
        lock (_idle)
        {
            if (!_disposed && _idle.Count < 32)
            {
                _idle.Push(connection);
                return;
            }
        }
        _ = connection.DisposeAsync().AsTask();
    }

    public void Dispose()
    {
        HttpConnection[] idle;
        lock (_idle)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var connection in idle) connection.Connection.Stream.Dispose();
    }

    private async Task<EngineResponse> ExchangeAsync(HttpConnection connection, string method, string pathAndQuery,
        EngineRequestBody? body, IReadOnlyList<KeyValuePair<string, string>>? headers, bool upgrade, CancellationToken cancellationToken)
    {
        var head = new StringBuilder(256);
        head.Append(method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\nHost: docker\r\nUser-Agent: ").Append(userAgent).Append("\r\n");
        if (upgrade) head.Append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
        if (headers is not null)
            foreach (var (name, value) in headers)
                head.Append(name).Append(": ").Append(value).Append("\r\n");
        if (body is not null) head.Append("Content-Type: ").Append(body.ContentType).Append("\r\n");
        if (body?.Stream is not null) head.Append("Transfer-Encoding: chunked\r\n");
        else if (body?.Bytes is { } bytes) head.Append("Content-Length: ").Append(bytes.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        else if (method is "POST" or "PUT") head.Append("Content-Length: 0\r\n");
        head.Append("\r\n");

        Exception? writeFailure = null;
        try
        {
            var headBytes = Encoding.ASCII.GetBytes(head.ToString());
            if (body?.Bytes is { } small)
            {
                var all = new byte[headBytes.Length + small.Length];
                headBytes.CopyTo(all, 0);
                small.CopyTo(all, headBytes.Length);
                headBytes = all;
            }
            await connection.Stream.WriteAsync(headBytes, cancellationToken).ConfigureAwait(false);
            if (body?.Stream is { } stream) await WriteChunkedAsync(connection.Stream, stream, cancellationToken).ConfigureAwait(false);
            await connection.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (connection.Reused)
        {
            throw new StaleConnectionException(e);
        }
        catch (IOException e) when (body?.Stream is not null)
        {
            // The engine may answer (an error) and close before taking the whole body: read what it said.
            writeFailure = e;
        }

        string? statusLine;
        try
        {
            do
            {
                statusLine = await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            while (statusLine is { Length: 0 });
        }
        catch (IOException e) when (connection.Reused && connection.Available == 0)
        {
            throw new StaleConnectionException(e);
        }
        catch (IOException) when (writeFailure is not null)
        {
            throw writeFailure;
        }
        if (statusLine is null)
        {
            if (connection.Reused) throw new StaleConnectionException(null);
            if (writeFailure is not null) throw writeFailure;
            throw new EngineProtocolException("the engine closed the connection before answering");
        }

        while (true)
        {
            var status = ParseStatus(statusLine);
            var responseHeaders = new List<KeyValuePair<string, string>>(8);
            while (true)
            {
                var line = await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                           ?? throw new EngineProtocolException("the engine closed the connection in the middle of its answer's headers");
                if (line.Length == 0) break;
                var colon = line.IndexOf(':');
                if (colon <= 0) throw new EngineProtocolException($"the engine sent an unreadable header line \"{line}\"");
                responseHeaders.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
            if (status is >= 100 and < 200 && status != 101)
            {
                statusLine = await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                             ?? throw new EngineProtocolException("the engine closed the connection before answering");
                continue;
            }
            if (upgrade && status is 101 or 200)
                return new EngineResponse((HttpStatusCode)status, responseHeaders, Stream.Null);
            return new EngineResponse((HttpStatusCode)status, responseHeaders, BodyOf(connection, method, status, responseHeaders, upgrade));
        }
    }

    private Stream BodyOf(HttpConnection connection, string method, int status, List<KeyValuePair<string, string>> headers, bool upgrade)
    {
        string? transferEncoding = null, contentLength = null, connectionHeader = null;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) transferEncoding = value;
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = value;
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) connectionHeader = value;
        }
        var keepAlive = !upgrade && !string.Equals(connectionHeader, "close", StringComparison.OrdinalIgnoreCase);
        if (method == "HEAD" || status is 204 or 304)
            return new ResponseBody(this, connection, ResponseBody.Framing.Length, 0, keepAlive);
        if (transferEncoding is not null && transferEncoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            return new ResponseBody(this, connection, ResponseBody.Framing.Chunked, 0, keepAlive);
        if (contentLength is not null)
        {
            if (!long.TryParse(contentLength, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                throw new EngineProtocolException($"the engine sent an unreadable Content-Length \"{contentLength}\"");
            return new ResponseBody(this, connection, ResponseBody.Framing.Length, length, keepAlive);
        }
        return new ResponseBody(this, connection, ResponseBody.Framing.UntilClose, 0, keepAlive: false);
    }

    private static int ParseStatus(string line)
    {
        var parts = line.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 100 or > 999)
            throw new EngineProtocolException($"the engine sent an unreadable status line \"{(line.Length > 80 ? line[..80] + "…" : line)}\"");
        return status;
    }

    private static async Task WriteChunkedAsync(Stream destination, Stream source, CancellationToken cancellationToken)
    {
        const int prefix = 10; // up to 8 hex digits and CRLF
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024 + prefix + 2);
        try
        {
            var capacity = buffer.Length - prefix - 2;
            while (true)
            {
                var n = await source.ReadAsync(buffer.AsMemory(prefix, capacity), cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                var size = Encoding.ASCII.GetBytes(n.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
                var start = prefix - size.Length;
                size.CopyTo(buffer, start);
                buffer[prefix + n] = (byte)'\r';
                buffer[prefix + n + 1] = (byte)'\n';
                await destination.WriteAsync(buffer.AsMemory(start, size.Length + n + 2), cancellationToken).ConfigureAwait(false);
            }
            await destination.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>A response body: Content-Length, chunked, or until the connection closes. Read to its end and disposed,
/// the connection goes back to the pool.</summary>
internal sealed class ResponseBody : Stream
{
    public enum Framing { Length, Chunked, UntilClose }

    private readonly EngineHttp _owner;
    private readonly HttpConnection _connection;
    private readonly Framing _framing;
    private readonly bool _keepAlive;
    private long _remaining; // in the body (Length) or in the current chunk (Chunked)
    private bool _chunkNeedsCrlf;
    private bool _done;
    private bool _disposed;

    public ResponseBody(EngineHttp owner, HttpConnection connection, Framing framing, long length, bool keepAlive)
    {
        _owner = owner;
        _connection = connection;
        _framing = framing;
        _remaining = length;
        _keepAlive = keepAlive;
        _done = framing == Framing.Length && length == 0;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_done || destination.Length == 0) return 0;
        if (_framing == Framing.Chunked && _remaining == 0)
        {
            if (_chunkNeedsCrlf)
            {
                var crlf = await _connection.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (crlf is not { Length: 0 }) throw new EngineProtocolException("the engine sent a malformed chunk");
                _chunkNeedsCrlf = false;
            }
            var sizeLine = await _connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                           ?? throw new EngineProtocolException("the engine closed the connection in the middle of its answer");
            var semicolon = sizeLine.IndexOf(';');
            var hex = (semicolon >= 0 ? sizeLine[..semicolon] : sizeLine).Trim();
            if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                throw new EngineProtocolException($"the engine sent an unreadable chunk size \"{sizeLine}\"");
            if (size == 0)
            {
                // Trailers, then the empty line that ends the body.
                while (await _connection.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 }) { }
                _done = true;
                return 0;
            }
            _remaining = size;
            _chunkNeedsCrlf = true;
        }

        var want = _framing == Framing.UntilClose ? destination.Length : (int)Math.Min(destination.Length, _remaining);
        int n;
        if (_connection.Available > 0)
        {
            n = Math.Min(want, _connection.Available);
            _connection.Buffer.AsSpan(_connection.Start, n).CopyTo(destination.Span);
            _connection.Start += n;
        }
        else
        {
            n = await _connection.Stream.ReadAsync(destination[..want], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (_framing == Framing.UntilClose)
                {
                    _done = true;
                    return 0;
                }
                throw new EngineProtocolException("the engine closed the connection in the middle of its answer");
            }
        }
        if (_framing != Framing.UntilClose)
        {
            _remaining -= n;
            if (_framing == Framing.Length && _remaining == 0) _done = true;
        }
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            // A small answer nobody read (e.g. "OK") is already buffered: skip it and keep the connection.
            if (!_done && _framing == Framing.Length && _remaining <= _connection.Available)
            {
                _connection.Start += (int)_remaining;
                _remaining = 0;
                _done = true;
            }
            if (_done && _keepAlive && _framing != Framing.UntilClose) _owner.Return(_connection);
            else _connection.Connection.Stream.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
