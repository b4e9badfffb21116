namespace SharpCompose.Engine;

/// <summary>
/// The Docker Engine API, as the orchestrator sees it. Obtain one with <see cref="DockerEngine.ConnectAsync"/>,
/// which resolves nothing by itself: pass an <see cref="EngineEndpoint"/> (see <see cref="EngineEndpoint.Resolve"/>).
/// Every call is versioned with <see cref="ApiVersion"/>. Errors are <see cref="EngineException"/>s.
/// </summary>
public interface IDockerEngine : IDisposable
{
    EngineEndpoint Endpoint { get; }
    /// <summary>The negotiated version: min(1.47, server), or the pinned one. Use its feature gates.</summary>
    EngineApiVersion ApiVersion { get; }

    /// <summary>What the engine itself speaks (its /_ping Api-Version): tells the engine's generation, for work-arounds
    /// of bugs that negotiation hides (the negotiated version stops at the client's maximum).</summary>
    EngineApiVersion ServerApiVersion => ApiVersion;

    IEngineSystem System { get; }
    IEngineContainers Containers { get; }
    IEngineExecs Exec { get; }
    IEngineImages Images { get; }
    IEngineNetworks Networks { get; }
    IEngineVolumes Volumes { get; }
}

public interface IEngineSystem
{
    /// <summary>GET /_ping, bounded by the ping timeout.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
    Task<EngineVersion> GetVersionAsync(CancellationToken cancellationToken = default);
    Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default);
    /// <summary>Streams events until cancelled (or until <see cref="EventsOptions.Until"/>).</summary>
    IAsyncEnumerable<EngineEvent> GetEventsAsync(EventsOptions? options = null, CancellationToken cancellationToken = default);
}

public interface IEngineContainers
{
    /// <summary>POST /containers/create?name=. <paramref name="name"/> may be null for a generated name.</summary>
    Task<ContainerCreateResponse> CreateAsync(string? name, ContainerCreateRequest request, CancellationToken cancellationToken = default);
    Task<ContainerInspect> InspectAsync(string idOrName, CancellationToken cancellationToken = default);
    /// <summary>Null when there is no such container.</summary>
    Task<ContainerInspect?> TryInspectAsync(string idOrName, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<ContainerSummary>> ListAsync(ContainerListOptions? options = null, CancellationToken cancellationToken = default);
    /// <summary>Already running is success (304).</summary>
    Task StartAsync(string idOrName, CancellationToken cancellationToken = default);
    /// <summary>Already stopped is success (304). <paramref name="timeout"/>: seconds before SIGKILL; null: the container's own.</summary>
    Task StopAsync(string idOrName, int? timeout = null, CancellationToken cancellationToken = default);
    Task RestartAsync(string idOrName, int? timeout = null, CancellationToken cancellationToken = default);
    Task KillAsync(string idOrName, string? signal = null, CancellationToken cancellationToken = default);
    Task PauseAsync(string idOrName, CancellationToken cancellationToken = default);
    Task UnpauseAsync(string idOrName, CancellationToken cancellationToken = default);
    Task RemoveAsync(string idOrName, ContainerRemoveOptions? options = null, CancellationToken cancellationToken = default);
    Task RenameAsync(string idOrName, string newName, CancellationToken cancellationToken = default);
    /// <summary>Resize the TTY.</summary>
    Task ResizeAsync(string idOrName, int height, int width, CancellationToken cancellationToken = default);
    /// <summary>Waits for the condition; returns the exit status. Bounded by the caller's token only.</summary>
    Task<ContainerWaitResponse> WaitAsync(string idOrName, WaitCondition condition = WaitCondition.NotRunning, CancellationToken cancellationToken = default);
    /// <summary>
    /// Registers the wait with the engine and returns once it is registered (so a following start cannot be missed,
    /// e.g. for next-exit); await <see cref="ContainerWait.Completion"/> for the result.
    /// </summary>
    Task<ContainerWait> BeginWaitAsync(string idOrName, WaitCondition condition = WaitCondition.NextExit, CancellationToken cancellationToken = default);
    /// <summary>Logs as frames: stdout and stderr kept apart and in order. Raw (all Stdout) for TTY containers.</summary>
    IAsyncEnumerable<OutputChunk> GetLogsAsync(string idOrName, LogsOptions? options = null, CancellationToken cancellationToken = default);
    /// <summary>Logs as lines (split per stream; timestamps parsed when requested).</summary>
    IAsyncEnumerable<LogLine> GetLogLinesAsync(string idOrName, LogsOptions? options = null, CancellationToken cancellationToken = default);
    /// <summary>Attaches over a hijacked connection.</summary>
    Task<StdioSession> AttachAsync(string idOrName, AttachOptions? options = null, CancellationToken cancellationToken = default);
    Task<ContainerTop> TopAsync(string idOrName, string? psArgs = null, CancellationToken cancellationToken = default);
    /// <summary>GET /containers/{id}/archive: a tar stream of <paramref name="path"/>. Dispose the result.</summary>
    Task<ContainerArchive> GetArchiveAsync(string idOrName, string path, CancellationToken cancellationToken = default);
    /// <summary>PUT /containers/{id}/archive: extracts the tar <paramref name="tar"/> (streamed) into directory <paramref name="path"/>.</summary>
    Task PutArchiveAsync(string idOrName, string path, Stream tar, bool noOverwriteDirNonDir = false, CancellationToken cancellationToken = default);
    /// <summary>HEAD /containers/{id}/archive: stat of a path; null when missing.</summary>
    Task<ContainerPathStat?> StatPathAsync(string idOrName, string path, CancellationToken cancellationToken = default);
}

public interface IEngineExecs
{
    /// <summary>POST /containers/{id}/exec; returns the exec id.</summary>
    Task<string> CreateAsync(string containerIdOrName, ExecCreateRequest request, CancellationToken cancellationToken = default);
    /// <summary>Starts the exec over a hijacked connection: stdin in, stdout/stderr out.</summary>
    Task<StdioSession> StartAsync(string execId, ExecStartOptions? options = null, CancellationToken cancellationToken = default);
    /// <summary>Starts the exec detached (no streams).</summary>
    Task StartDetachedAsync(string execId, CancellationToken cancellationToken = default);
    Task<ExecInspect> InspectAsync(string execId, CancellationToken cancellationToken = default);
    Task ResizeAsync(string execId, int height, int width, CancellationToken cancellationToken = default);
}

public interface IEngineImages
{
    Task<IReadOnlyList<ImageSummary>> ListAsync(ImageListOptions? options = null, CancellationToken cancellationToken = default);
    Task<ImageInspect> InspectAsync(string name, CancellationToken cancellationToken = default);
    /// <summary>Null when there is no such image.</summary>
    Task<ImageInspect?> TryInspectAsync(string name, CancellationToken cancellationToken = default);
    /// <summary>Pulls "name[:tag|@digest]" (tag defaults to latest). An error message in the stream throws <see cref="EngineProgressException"/>.</summary>
    IAsyncEnumerable<ProgressMessage> PullAsync(string image, ImagePullOptions? options = null, CancellationToken cancellationToken = default);
    IAsyncEnumerable<ProgressMessage> PushAsync(string image, ImagePushOptions? options = null, CancellationToken cancellationToken = default);
    /// <summary>Tags <paramref name="source"/> as <paramref name="target"/> ("repo[:tag]").</summary>
    Task TagAsync(string source, string target, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string name, ImageRemoveOptions? options = null, CancellationToken cancellationToken = default);
    /// <summary>POST /build with <paramref name="tarContext"/> streamed (chunked), never buffered; or, with
    /// <see cref="ImageBuildOptions.Remote"/> (and a null <paramref name="tarContext"/>), an empty body and the engine
    /// fetching the context.</summary>
    IAsyncEnumerable<ProgressMessage> BuildAsync(Stream? tarContext, ImageBuildOptions? options = null, CancellationToken cancellationToken = default);
}

public interface IEngineNetworks
{
    /// <summary>Sets CheckDuplicate itself when the API is older than 1.44.</summary>
    Task<NetworkCreateResponse> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken = default);
    Task<NetworkInspect> InspectAsync(string idOrName, CancellationToken cancellationToken = default);
    Task<NetworkInspect?> TryInspectAsync(string idOrName, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<NetworkInspect>> ListAsync(NetworkListOptions? options = null, CancellationToken cancellationToken = default);
    Task ConnectAsync(string network, string container, NetworkConnectOptions? options = null, CancellationToken cancellationToken = default);
    Task DisconnectAsync(string network, string container, bool force = false, CancellationToken cancellationToken = default);
    Task RemoveAsync(string idOrName, CancellationToken cancellationToken = default);
}

public interface IEngineVolumes
{
    Task<Volume> CreateAsync(VolumeCreateRequest request, CancellationToken cancellationToken = default);
    Task<Volume> InspectAsync(string name, CancellationToken cancellationToken = default);
    Task<Volume?> TryInspectAsync(string name, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<Volume>> ListAsync(VolumeListOptions? options = null, CancellationToken cancellationToken = default);
    Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default);
}
