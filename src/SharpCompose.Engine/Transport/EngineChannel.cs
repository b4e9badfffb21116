using System.Globalization;
using System.Net;
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
    private readonly EngineHttp _http;

    public EngineChannel(EngineOptions options)
    {
        Options = options;
        Connector = new EngineConnector(options.Endpoint, options.ConnectTimeout, options.SshCommand);
        _http = new EngineHttp(Connector, "SharpCompose/0.1");
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
            using var response = await _http.SendAsync("GET", "/_ping", null, null, timeout.Token).ConfigureAwait(false);
            var version = response.Header("Api-Version");
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
        catch (IOException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Sends a request; returns the successful response (headers read, body not yet), else throws the mapped error.</summary>
    public async Task<EngineResponse> SendAsync(HttpMethod method, string path, Query? query, EngineRequestBody? body,
        IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken, bool notModifiedIsSuccess = false)
    {
        EngineResponse response;
        try
        {
            response = await _http.SendAsync(method.Method, Versioned(path, query), body, headers, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Translate(e);
        }
        if (response.IsSuccessStatusCode || (notModifiedIsSuccess && response.StatusCode == HttpStatusCode.NotModified))
            return response;
        using (response)
            throw await ErrorFromAsync(response, cancellationToken).ConfigureAwait(false);
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

    /// <summary>GET with the whole answer as bytes (for the answers read by hand rather than by the serializer).</summary>
    public Task<byte[]> GetBytesAsync(string path, Query? query, CancellationToken cancellationToken) =>
        BoundedAsync("GET " + path, CallBound.Request, TimeSpan.Zero, async ct =>
        {
            using var response = await SendAsync(HttpMethod.Get, path, query, null, null, ct).ConfigureAwait(false);
            var bytes = new MemoryStream();
            await response.Body.CopyToAsync(bytes, ct).ConfigureAwait(false);
            return bytes.ToArray();
        }, cancellationToken);

    public Task<TOut> SendJsonAsync<TIn, TOut>(HttpMethod method, string path, Query? query, TIn body, JsonTypeInfo<TIn> inType,
        JsonTypeInfo<TOut> outType, CancellationToken cancellationToken) =>
        BoundedAsync(method + " " + path, CallBound.Request, TimeSpan.Zero, async ct =>
        {
            using var response = await SendAsync(method, path, query, JsonContent(body, inType), null, ct).ConfigureAwait(false);
            return await ReadJsonAsync(response, outType, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>A call whose answer body is ignored. Returns false when the engine answered 304 (and that was allowed).</summary>
    public Task<bool> SendAsync(HttpMethod method, string path, Query? query, EngineRequestBody? body, CancellationToken cancellationToken,
        bool notModifiedIsSuccess = false, TimeSpan? extraTime = null) =>
        BoundedAsync(method + " " + path, CallBound.Request, extraTime ?? TimeSpan.Zero, async ct =>
        {
            using var response = await SendAsync(method, path, query, body, null, ct, notModifiedIsSuccess).ConfigureAwait(false);
            return response.StatusCode != HttpStatusCode.NotModified;
        }, cancellationToken);

    public static EngineRequestBody JsonContent<T>(T body, JsonTypeInfo<T> type) =>
        EngineRequestBody.Json(JsonSerializer.SerializeToUtf8Bytes(body, type));

    public static async Task<T> ReadJsonAsync<T>(EngineResponse response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(response.Body, type, cancellationToken).ConfigureAwait(false)
                   ?? throw new EngineException($"the engine answered null where {typeof(T).Name} was expected");
        }
        catch (JsonException e)
        {
            throw new EngineException($"the engine sent an unreadable answer: {e.Message}", null, e);
        }
    }

    public static async Task<EngineException> ErrorFromAsync(EngineResponse response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await ReadBoundedTextAsync(response.Body, 64 * 1024, cancellationToken).ConfigureAwait(false);
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

    private static async Task<string> ReadBoundedTextAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit];
        var read = 0;
        int n;
        while (read < limit && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>A transport failure (the connection failed, or what answered is not HTTP) as one clear error.</summary>
    public Exception Translate(IOException e)
    {
        // The most telling message: the outermost IOException's own (it names the transport's failure, e.g. ssh's exit),
        // unless it only wraps a socket error.
        Exception telling = e;
        if (e is StaleConnectionException { InnerException: { } inner }) telling = inner;
        if (telling.InnerException is System.Net.Sockets.SocketException socket) telling = socket;
        return new EngineUnavailableException(Connector.UnavailableMessage(
            $"the connection failed ({telling.Message}): is it a Docker Engine, and is it healthy?"), e);
    }

    // ---------- hijacked connections ----------

    /// <summary>
    /// Opens a connection of its own, sends the request with "Connection: Upgrade, Upgrade: tcp", reads the response
    /// headers (101, or 200 from engines that do not upgrade) and returns the raw duplex stream after them.
    /// </summary>
    public async Task<(EngineConnection Connection, Stream Stream)> HijackAsync(string path, Query? query, byte[]? jsonBody,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        try
        {
            return await _http.HijackAsync(Versioned(path, query), jsonBody, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException(
                $"the Docker Engine at {Endpoint.Host} did not answer POST {path} within {Options.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (IOException e)
        {
            throw Translate(e);
        }
    }
}
