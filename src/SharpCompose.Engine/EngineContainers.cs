using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SharpCompose.Engine.Streams;
using SharpCompose.Engine.Transport;

namespace SharpCompose.Engine;

internal sealed class EngineContainers(EngineChannel channel) : IEngineContainers
{
    private static string Id(string idOrName) => Uri.EscapeDataString(idOrName);

    public Task<ContainerCreateResponse> CreateAsync(string? name, ContainerCreateRequest request, CancellationToken cancellationToken = default) =>
        channel.SendJsonAsync(HttpMethod.Post, "/containers/create", new Query().Add("name", name), request,
            EngineJsonContext.Default.ContainerCreateRequest, EngineJsonContext.Default.ContainerCreateResponse, cancellationToken);

    public Task<ContainerInspect> InspectAsync(string idOrName, CancellationToken cancellationToken = default) =>
        channel.GetJsonAsync($"/containers/{Id(idOrName)}/json", null, EngineJsonContext.Default.ContainerInspect, cancellationToken);

    public async Task<ContainerInspect?> TryInspectAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        try { return await InspectAsync(idOrName, cancellationToken).ConfigureAwait(false); }
        catch (EngineNotFoundException) { return null; }
    }

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(ContainerListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ContainerListOptions();
        var query = new Query().AddIfTrue("all", options.All).AddIfTrue("size", options.Size).Add("limit", options.Limit).AddFilters(options.Filters);
        var json = await channel.GetBytesAsync("/containers/json", query, cancellationToken).ConfigureAwait(false);
        try
        {
            return ContainerListReader.Read(json);
        }
        catch (JsonException e)
        {
            throw new EngineException($"the engine sent an unreadable answer: {e.Message}", null, e);
        }
    }

    public Task StartAsync(string idOrName, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Post, $"/containers/{Id(idOrName)}/start", null, null, cancellationToken, notModifiedIsSuccess: true);

    private static TimeSpan StopAllowance(int? timeout) => TimeSpan.FromSeconds((timeout is { } t && t >= 0 ? t : 60) + 10);

    public Task StopAsync(string idOrName, int? timeout = null, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Post, $"/containers/{Id(idOrName)}/stop", new Query().Add("t", timeout), null, cancellationToken,
            notModifiedIsSuccess: true, extraTime: StopAllowance(timeout));

    public Task RestartAsync(string idOrName, int? timeout = null, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Post, $"/containers/{Id(idOrName)}/restart", new Query().Add("t", timeout), null, cancellationToken,
            extraTime: StopAllowance(timeout));

    public Task KillAsync(string idOrName, string? signal = null, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Post, $"/containers/{Id(idOrName)}/kill", new Query().Add("signal", signal), null, cancellationToken);

    public Task PauseAsync(string idOrName, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Post, $"/containers/{Id(idOrName)}/pause", null, null, cancellationToken);

    public Task UnpauseAsync(string idOrName, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Post, $"/containers/{Id(idOrName)}/unpause", null, null, cancellationToken);

    public Task RemoveAsync(string idOrName, ContainerRemoveOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ContainerRemoveOptions();
        var query = new Query().AddIfTrue("force", options.Force).AddIfTrue("v", options.RemoveVolumes).AddIfTrue("link", options.RemoveLink);
        return channel.SendAsync(HttpMethod.Delete, $"/containers/{Id(idOrName)}", query, null, cancellationToken, extraTime: TimeSpan.FromSeconds(30));
    }

    public Task RenameAsync(string idOrName, string newName, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Post, $"/containers/{Id(idOrName)}/rename", new Query().Add("name", newName), null, cancellationToken);

    public Task ResizeAsync(string idOrName, int height, int width, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Post, $"/containers/{Id(idOrName)}/resize", new Query().Add("h", height).Add("w", width), null, cancellationToken);

    private static string ConditionText(WaitCondition condition) => condition switch
    {
        WaitCondition.NotRunning => "not-running",
        WaitCondition.NextExit => "next-exit",
        WaitCondition.Removed => "removed",
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    public async Task<ContainerWaitResponse> WaitAsync(string idOrName, WaitCondition condition = WaitCondition.NotRunning,
        CancellationToken cancellationToken = default)
    {
        // Disposing the wait (also when cancelled) abandons the engine call.
        using var wait = await BeginWaitAsync(idOrName, condition, cancellationToken).ConfigureAwait(false);
        return await wait.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ContainerWait> BeginWaitAsync(string idOrName, WaitCondition condition = WaitCondition.NextExit,
        CancellationToken cancellationToken = default)
    {
        var path = $"/containers/{Id(idOrName)}/wait";
        var response = await channel.BoundedAsync("POST " + path, CallBound.Request, TimeSpan.Zero,
            ct => channel.SendAsync(HttpMethod.Post, path, new Query().Add("condition", ConditionText(condition)), null, null, ct),
            cancellationToken).ConfigureAwait(false);
        var abandon = new CancellationTokenSource();
        return new ContainerWait(ReadWaitAsync(response, abandon.Token), abandon);
    }

    private static async Task<ContainerWaitResponse> ReadWaitAsync(EngineResponse response, CancellationToken cancellationToken)
    {
        using (response)
        {
            var result = await EngineChannel.ReadJsonAsync(response, EngineJsonContext.Default.ContainerWaitResponse, cancellationToken).ConfigureAwait(false);
            if (result.Error is { Message: { Length: > 0 } message })
                throw new EngineException($"waiting for the container failed: {message}");
            return result;
        }
    }

    private async Task<bool> IsTtyAsync(string idOrName, bool? tty, CancellationToken cancellationToken) =>
        tty ?? (await InspectAsync(idOrName, cancellationToken).ConfigureAwait(false)).Config?.Tty == true;

    public async IAsyncEnumerable<OutputChunk> GetLogsAsync(string idOrName, LogsOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new LogsOptions();
        var tty = await IsTtyAsync(idOrName, options.Tty, cancellationToken).ConfigureAwait(false);
        var path = $"/containers/{Id(idOrName)}/logs";
        var query = new Query().Add("stdout", options.Stdout).Add("stderr", options.Stderr).AddIfTrue("follow", options.Follow)
            .Add("since", options.Since).Add("until", options.Until).Add("tail", options.Tail).AddIfTrue("timestamps", options.Timestamps);
        using var response = await channel.BoundedAsync("GET " + path, CallBound.Request, TimeSpan.Zero,
            ct => channel.SendAsync(HttpMethod.Get, path, query, null, null, ct), cancellationToken).ConfigureAwait(false);
        var reader = new FrameReader(response.Body, raw: tty);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
            yield return chunk;
    }

    public async IAsyncEnumerable<LogLine> GetLogLinesAsync(string idOrName, LogsOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var splitter = new LogLineSplitter(options?.Timestamps == true);
        await foreach (var chunk in GetLogsAsync(idOrName, options, cancellationToken).ConfigureAwait(false))
            foreach (var line in splitter.Push(chunk))
                yield return line;
        foreach (var line in splitter.Flush())
            yield return line;
    }

    public async Task<StdioSession> AttachAsync(string idOrName, AttachOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AttachOptions();
        var tty = await IsTtyAsync(idOrName, options.Tty, cancellationToken).ConfigureAwait(false);
        var query = new Query().Add("stream", true).Add("stdin", options.Stdin).Add("stdout", options.Stdout).Add("stderr", options.Stderr)
            .AddIfTrue("logs", options.Logs).Add("detachKeys", options.DetachKeys);
        var (connection, stream) = await channel.HijackAsync($"/containers/{Id(idOrName)}/attach", query, null, cancellationToken).ConfigureAwait(false);
        return new StdioSession(connection, stream, tty);
    }

    public Task<ContainerTop> TopAsync(string idOrName, string? psArgs = null, CancellationToken cancellationToken = default) =>
        channel.GetJsonAsync($"/containers/{Id(idOrName)}/top", new Query().Add("ps_args", psArgs), EngineJsonContext.Default.ContainerTop, cancellationToken);

    private static ContainerPathStat? PathStatOf(EngineResponse response)
    {
        var encoded = response.Header("X-Docker-Container-Path-Stat");
        if (string.IsNullOrEmpty(encoded)) return null;
        try
        {
            var json = Convert.FromBase64String(encoded.Replace('-', '+').Replace('_', '/'));
            return JsonSerializer.Deserialize(json, EngineJsonContext.Default.ContainerPathStat);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    public async Task<ContainerArchive> GetArchiveAsync(string idOrName, string path, CancellationToken cancellationToken = default)
    {
        var url = $"/containers/{Id(idOrName)}/archive";
        var response = await channel.BoundedAsync("GET " + url, CallBound.Request, TimeSpan.Zero,
            ct => channel.SendAsync(HttpMethod.Get, url, new Query().Add("path", path), null, null, ct), cancellationToken).ConfigureAwait(false);
        try
        {
            return new ContainerArchive(response.Body, PathStatOf(response), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task PutArchiveAsync(string idOrName, string path, Stream tar, bool noOverwriteDirNonDir = false,
        CancellationToken cancellationToken = default)
    {
        var content = EngineRequestBody.Tar(tar);
        var query = new Query().Add("path", path).AddIfTrue("noOverwriteDirNonDir", noOverwriteDirNonDir);
        using var response = await channel.SendAsync(HttpMethod.Put, $"/containers/{Id(idOrName)}/archive", query, content, null, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<ContainerPathStat?> StatPathAsync(string idOrName, string path, CancellationToken cancellationToken = default)
    {
        var url = $"/containers/{Id(idOrName)}/archive";
        try
        {
            return await channel.BoundedAsync("HEAD " + url, CallBound.Request, TimeSpan.Zero, async ct =>
            {
                using var response = await channel.SendAsync(HttpMethod.Head, url, new Query().Add("path", path), null, null, ct).ConfigureAwait(false);
                return PathStatOf(response);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineNotFoundException)
        {
            // HEAD answers carry no body: a 404 is either no such container or no such path. Tell them apart.
            if (await TryInspectAsync(idOrName, cancellationToken).ConfigureAwait(false) is null) throw;
            return null;
        }
    }
}

internal sealed class EngineExecs(EngineChannel channel) : IEngineExecs
{
    private static string Id(string id) => Uri.EscapeDataString(id);

    public async Task<string> CreateAsync(string containerIdOrName, ExecCreateRequest request, CancellationToken cancellationToken = default) =>
        (await channel.SendJsonAsync(HttpMethod.Post, $"/containers/{Id(containerIdOrName)}/exec", null, request,
            EngineJsonContext.Default.ExecCreateRequest, EngineJsonContext.Default.IdResponse, cancellationToken).ConfigureAwait(false)).Id;

    public async Task<StdioSession> StartAsync(string execId, ExecStartOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ExecStartOptions();
        var body = JsonSerializer.SerializeToUtf8Bytes(new ExecStartRequest { Detach = false, Tty = options.Tty },
            EngineJsonContext.Default.ExecStartRequest);
        var (connection, stream) = await channel.HijackAsync($"/exec/{Id(execId)}/start", null, body, cancellationToken).ConfigureAwait(false);
        return new StdioSession(connection, stream, options.Tty);
    }

    public async Task StartDetachedAsync(string execId, CancellationToken cancellationToken = default)
    {
        var content = EngineChannel.JsonContent(new ExecStartRequest { Detach = true }, EngineJsonContext.Default.ExecStartRequest);
        await channel.SendAsync(HttpMethod.Post, $"/exec/{Id(execId)}/start", null, content, cancellationToken).ConfigureAwait(false);
    }

    public Task<ExecInspect> InspectAsync(string execId, CancellationToken cancellationToken = default) =>
        channel.GetJsonAsync($"/exec/{Id(execId)}/json", null, EngineJsonContext.Default.ExecInspect, cancellationToken);

    public Task ResizeAsync(string execId, int height, int width, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Post, $"/exec/{Id(execId)}/resize", new Query().Add("h", height).Add("w", width), null, cancellationToken);
}
