using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SharpCompose.Engine.Transport;

/// <summary>A query string, escaped.</summary>
internal sealed class Query
{
    private readonly StringBuilder _text = new();

    public Query Add(string name, string? value)
    {
        if (value is null) return this;
        _text.Append(_text.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public Query Add(string name, bool value) => Add(name, value ? "1" : "0");
    public Query AddIfTrue(string name, bool value) => value ? Add(name, "1") : this;
    public Query Add(string name, long? value) => value is { } v ? Add(name, v.ToString(CultureInfo.InvariantCulture)) : this;

    public Query AddFilters(EngineFilters? filters) =>
        filters is null || filters.IsEmpty
            ? this
            : Add("filters", JsonSerializer.Serialize(filters.ToWire(), EngineJsonContext.Default.DictionaryStringStringArray));

    public override string ToString() => _text.ToString();
}

/// <summary>How long a call may take before the engine must have answered.</summary>
internal enum CallBound { Request, Unbounded }

/// <summary>
/// The HTTP side of the client: one HttpClient over the endpoint's connector, versioned paths, error mapping,
/// bounded calls, and the raw HTTP/1.1 exchange for hijacked (attach / exec) connections.
/// </summary>
internal sealed class EngineChannel : IDisposable
{
    private readonly HttpClient _http;

    public EngineChannel(EngineOptions options)
    {
        Options = options;
        Connector = new EngineConnector(options.Endpoint, options.ConnectTimeout, options.SshCommand);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) => (await Connector.ConnectAsync(ct).ConfigureAwait(false)).Stream,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri("http://docker/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("SharpCompose", "0.1"));
    }

    public EngineOptions Options { get; }
    public EngineConnector Connector { get; }
    public EngineEndpoint Endpoint => Options.Endpoint;
    public EngineApiVersion ApiVersion { get; set; } = EngineApiVersion.Minimum;

    public string Versioned(string path, Query? query = null) => "/v" + ApiVersion + path + query;

    public void Dispose() => _http.Dispose();

    /// <summary>GET /_ping (unversioned) bounded by the ping timeout; returns the Api-Version header, if any.</summary>
    public async Task<string?> PingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.PingTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/_ping");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var version = response.Headers.TryGetValues("Api-Version", out var values) ? values.FirstOrDefault() : null;
            if (version is null)
                throw new EngineIncompatibleException(
                    $"{Endpoint.Host} answered /_ping (HTTP {(int)response.StatusCode}) without an Api-Version header: it is not a Docker Engine API");
            if (!response.IsSuccessStatusCode)
                throw await ErrorFromAsync(response, timeout.Token).ConfigureAwait(false);
            return version;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException(Connector.UnavailableMessage(
                $"no answer to /_ping within {Options.PingTimeout.TotalSeconds:0.###} s: is it a Docker Engine, and is it healthy?"));
        }
        catch (HttpRequestException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Sends a request; returns the successful response (headers read, body not yet), else throws the mapped error.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Query? query, HttpContent? content,
        Action<HttpRequestHeaders>? headers, CancellationToken cancellationToken, bool notModifiedIsSuccess = false)
    {
        var request = new HttpRequestMessage(method, Versioned(path, query)) { Content = content };
        headers?.Invoke(request.Headers);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            request.Dispose();
            throw Translate(e);
        }
        if (response.IsSuccessStatusCode || (notModifiedIsSuccess && response.StatusCode == HttpStatusCode.NotModified))
            return response;
        try
        {
            throw await ErrorFromAsync(response, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
            request.Dispose();
        }
    }

    /// <summary>Runs a whole call (send and read) under the request timeout (extended by <paramref name="extra"/>).</summary>
    public async Task<T> BoundedAsync<T>(string what, CallBound bound, TimeSpan extra, Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken)
    {
        if (bound == CallBound.Unbounded) return await call(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = Options.RequestTimeout + extra;
        timeout.CancelAfter(limit);
        try
        {
            return await call(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new EngineUnavailableException(
                $"the Docker Engine at {Endpoint.Host} did not answer {what} within {limit.TotalSeconds:0.###} s");
        }
    }

    public Task<T> GetJsonAsync<T>(string path, Query? query, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        BoundedAsync("GET " + path, CallBound.Request, TimeSpan.Zero, async ct =>
        {
            using var response = await SendAsync(HttpMethod.Get, path, query, null, null, ct).ConfigureAwait(false);
            return await ReadJsonAsync(response, type, ct).ConfigureAwait(false);
        }, cancellationToken);

    public Task<TOut> SendJsonAsync<TIn, TOut>(HttpMethod method, string path, Query? query, TIn body, JsonTypeInfo<TIn> inType,
        JsonTypeInfo<TOut> outType, CancellationToken cancellationToken) =>
        BoundedAsync(method + " " + path, CallBound.Request, TimeSpan.Zero, async ct =>
        {
            using var content = JsonContent(body, inType);
            using var response = await SendAsync(method, path, query, content, null, ct).ConfigureAwait(false);
            return await ReadJsonAsync(response, outType, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>A call whose answer body is ignored. Returns false when the engine answered 304 (and that was allowed).</summary>
    public Task<bool> SendAsync(HttpMethod method, string path, Query? query, HttpContent? content, CancellationToken cancellationToken,
        bool notModifiedIsSuccess = false, TimeSpan? extraTime = null) =>
        BoundedAsync(method + " " + path, CallBound.Request, extraTime ?? TimeSpan.Zero, async ct =>
        {
            using var response = await SendAsync(method, path, query, content, null, ct, notModifiedIsSuccess).ConfigureAwait(false);
            return response.StatusCode != HttpStatusCode.NotModified;
        }, cancellationToken);

    public static HttpContent JsonContent<T>(T body, JsonTypeInfo<T> type)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, type);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
                   ?? throw new EngineException($"the engine answered null where {typeof(T).Name} was expected");
        }
        catch (JsonException e)
        {
            throw new EngineException($"the engine sent an unreadable answer: {e.Message}", null, e);
        }
    }

    public static async Task<EngineException> ErrorFromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await ReadBoundedTextAsync(response.Content, 64 * 1024, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            text = "";
        }
        return EngineException.FromStatus(response.StatusCode, MessageOf(response.StatusCode, text));
    }

    public static string MessageOf(HttpStatusCode status, string body)
    {
        var text = body.Trim();
        var start = text.IndexOf('{');
        var end = text.LastIndexOf('}');
        if (start >= 0 && end > start)
        {
            try
            {
                var error = JsonSerializer.Deserialize(text[start..(end + 1)], EngineJsonContext.Default.EngineErrorBody);
                if (!string.IsNullOrWhiteSpace(error?.Message)) return error.Message.Trim();
            }
            catch (JsonException) { }
        }
        return text.Length > 0 ? text : $"the engine answered HTTP {(int)status} {status}";
    }

    private static async Task<string> ReadBoundedTextAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[limit];
        var read = 0;
        int n;
        while (read < limit && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    public Exception Translate(HttpRequestException e)
    {
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is EngineException engine)
            {
                ExceptionDispatchInfo.Capture(engine).Throw();
            }
        }
        // The most telling message: the outermost IOException (it names the transport's failure, e.g. ssh's exit),
        // else the deepest exception.
        Exception? innermost = null;
        for (var x = e.InnerException; x is not null && innermost is null; x = x.InnerException)
            if (x is IOException) innermost = x;
        if (innermost is null)
        {
            innermost = e;
            while (innermost.InnerException is not null) innermost = innermost.InnerException;
        }
        return new EngineUnavailableException(Connector.UnavailableMessage(
            $"the connection failed ({innermost.Message}): is it a Docker Engine, and is it healthy?"), e);
    }

    // ---------- hijacked connections ----------

    /// <summary>
    /// Opens a connection of its own, sends the request with "Connection: Upgrade, Upgrade: tcp", reads the response
    /// headers (101, or 200 from engines that do not upgrade) and returns the raw duplex stream after them.
    /// </summary>
    public async Task<(EngineConnection Connection, Stream Stream)> HijackAsync(string path, Query? query, byte[]? jsonBody,
        CancellationToken cancellationToken)
    {
        var connection = await Connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.RequestTimeout);
            try
            {
                var stream = await ExchangeAsync(connection.Stream, Versioned(path, query), jsonBody, timeout.Token).ConfigureAwait(false);
                return (connection, stream);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new EngineUnavailableException(
                    $"the Docker Engine at {Endpoint.Host} did not answer POST {path} within {Options.RequestTimeout.TotalSeconds:0.###} s");
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Stream> ExchangeAsync(Stream stream, string pathAndQuery, byte[]? body, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        head.Append("POST ").Append(pathAndQuery).Append(" HTTP/1.1\r\n");
        head.Append("Host: docker\r\n");
        head.Append("User-Agent: SharpCompose/0.1\r\n");
        head.Append("Connection: Upgrade\r\n");
        head.Append("Upgrade: tcp\r\n");
        if (body is not null) head.Append("Content-Type: application/json\r\n");
        head.Append("Content-Length: ").Append((body?.Length ?? 0).ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        if (body is not null) await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        // Read until the end of the headers, keeping whatever follows them.
        var buffer = new byte[16 * 1024];
        var filled = 0;
        int headerEnd;
        while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == buffer.Length) throw new EngineException("the engine sent response headers larger than 16 KiB");
            var n = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new EngineException("the engine closed the connection before answering");
            filled += n;
        }
        var headerText = Encoding.ASCII.GetString(buffer, 0, headerEnd);
        var lines = headerText.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            throw new EngineException($"the engine sent an unreadable status line \"{lines[0]}\"");
        var leftover = buffer.AsMemory(headerEnd + 4, filled - headerEnd - 4).ToArray();
        if (status is 101 or 200)
            return new PrefixedStream(leftover, stream);

        // An error: read a bounded body (Content-Length, else until close) and map it.
        long? length = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var l))
                length = l;
        }
        var bodyBytes = new MemoryStream();
        bodyBytes.Write(leftover);
        var limit = Math.Min(length ?? 64 * 1024, 64 * 1024);
        while (bodyBytes.Length < limit)
        {
            var n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            bodyBytes.Write(buffer, 0, n);
        }
        var text = Encoding.UTF8.GetString(bodyBytes.GetBuffer(), 0, (int)Math.Min(bodyBytes.Length, limit));
        throw EngineException.FromStatus((HttpStatusCode)status, MessageOf((HttpStatusCode)status, text));
    }
}
