using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using SharpCompose.Engine;

namespace SharpCompose.Cli.DryRun;

/// <summary>
/// <c>--dry-run</c>: a decorator around the real engine. Reads go to the engine; mutations are not sent and
/// return plausible fake results (fake ids), remembered so that later reads of the same invocation see them
/// (a "created" container is listed and inspected, a "removed" one is gone). What the verbs report as progress
/// is prefixed "DRY-RUN MODE - " by the renderer, as Compose v2 does; the rest is said through <c>report</c>.
/// A fake container inspects as running and healthy, or as exited (0) when another container waits for it to
/// complete (its <c>com.docker.compose.depends_on</c> label), so waits never hang.
/// </summary>
public sealed class DryRunEngine : IDockerEngine
{
    private readonly IDockerEngine _inner;

    public DryRunEngine(IDockerEngine inner, Action<string> report)
    {
        _inner = inner;
        State = new DryRunState();
        Containers = new DryRunContainers(inner.Containers, State);
        Exec = new DryRunExecs(inner.Exec, State, report);
        Images = new DryRunImages(inner.Images, State);
        Networks = new DryRunNetworks(inner.Networks, State);
        Volumes = new DryRunVolumes(inner.Volumes, State);
    }

    public const string Prefix = "DRY-RUN MODE - ";

    internal DryRunState State { get; }

    public EngineEndpoint Endpoint => _inner.Endpoint;

    public EngineApiVersion ApiVersion => _inner.ApiVersion;

    public IEngineSystem System => _inner.System;

    public IEngineContainers Containers { get; }

    public IEngineExecs Exec { get; }

    public IEngineImages Images { get; }

    public IEngineNetworks Networks { get; }

    public IEngineVolumes Volumes { get; }

    public void Dispose() => _inner.Dispose();

    /// <summary>A stable, plausible 64-hex id for a fake resource.</summary>
    internal static string FakeId(string seed) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("dry-run:" + seed)));
}

/// <summary>What the dry run pretends to have done, shared by the engine groups. Thread-safe.</summary>
internal sealed class DryRunState
{
    public Lock Sync { get; } = new();

    /// <summary>Fake containers by id.</summary>
    public Dictionary<string, FakeContainer> Containers { get; } = new(StringComparer.Ordinal);

    /// <summary>Real containers whose state the dry run changed (id → status), and those it removed.</summary>
    public Dictionary<string, string> Overlay { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Removed { get; } = new(StringComparer.Ordinal);

    /// <summary>Services another container waits on with service_completed_successfully.</summary>
    public HashSet<string> OneShotServices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NetworkInspect> Networks { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Volume> Volumes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Images { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Execs { get; } = new(StringComparer.Ordinal);

    public FakeContainer? FindContainer(string idOrName)
    {
        lock (Sync)
        {
            var key = idOrName.TrimStart('/');
            return Containers.Values.FirstOrDefault(c => c.Id == key || c.Name == key || (key.Length >= 12 && c.Id.StartsWith(key, StringComparison.Ordinal)));
        }
    }

    public static bool Matches(EngineFilters? filters, IReadOnlyDictionary<string, string>? labels, string name, string id)
    {
        if (filters is null || filters.IsEmpty)
        {
            return true;
        }

        foreach (var (key, values) in filters.Values)
        {
            var ok = key switch
            {
                "label" => values.All(v =>
                {
                    var eq = v.IndexOf('=', StringComparison.Ordinal);
                    return eq < 0
                        ? labels?.ContainsKey(v) == true
                        : labels is not null && labels.TryGetValue(v[..eq], out var actual) && actual == v[(eq + 1)..];
                }),
                "name" => values.Any(v => name.Contains(v.TrimStart('/'), StringComparison.Ordinal)),
                "id" => values.Any(v => id.StartsWith(v, StringComparison.Ordinal)),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class FakeContainer(string id, string name, ContainerCreateRequest request)
{
    public string Id { get; } = id;

    public string Name { get; set; } = name;

    public ContainerCreateRequest Request { get; } = request;

    /// <summary>created, running, paused, exited.</summary>
    public string Status { get; set; } = "created";

    public string? Service => Request.Labels?.GetValueOrDefault("com.docker.compose.service");
}

internal sealed class DryRunContainers(IEngineContainers inner, DryRunState state) : IEngineContainers
{
    public Task<ContainerCreateResponse> CreateAsync(string? name, ContainerCreateRequest request, CancellationToken cancellationToken = default)
    {
        var fakeName = name ?? "dry_run_" + Guid.NewGuid().ToString("N")[..8];
        var id = DryRunEngine.FakeId("container:" + fakeName + ":" + Guid.NewGuid());
        lock (state.Sync)
        {
            state.Containers[id] = new FakeContainer(id, fakeName, request);
            if (request.Labels?.GetValueOrDefault("com.docker.compose.depends_on") is { Length: > 0 } dependsOn)
            {
                foreach (var part in dependsOn.Split(','))
                {
                    var fields = part.Split(':');
                    if (fields.Length >= 2 && fields[1] == "service_completed_successfully")
                    {
                        state.OneShotServices.Add(fields[0]);
                    }
                }
            }
        }

        return Task.FromResult(new ContainerCreateResponse { Id = id });
    }

    public async Task<ContainerInspect> InspectAsync(string idOrName, CancellationToken cancellationToken = default) =>
        await TryInspectAsync(idOrName, cancellationToken).ConfigureAwait(false)
        ?? throw new EngineNotFoundException($"No such container: {idOrName}");

    public async Task<ContainerInspect?> TryInspectAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        if (state.FindContainer(idOrName) is { } fake)
        {
            return Inspect(fake);
        }

        var real = await inner.TryInspectAsync(idOrName, cancellationToken).ConfigureAwait(false);
        if (real is null)
        {
            return null;
        }

        lock (state.Sync)
        {
            if (state.Removed.Contains(real.Id))
            {
                return null;
            }

            if (state.Overlay.TryGetValue(real.Id, out var status))
            {
                var healthy = real.State?.Health is { Status: not (null or "none") } ? new ContainerHealth { Status = "healthy" } : real.State?.Health;
                return real with { State = (real.State ?? new ContainerState()) with { Status = status, Running = status is "running" or "paused", Paused = status == "paused", ExitCode = 0, Health = healthy } };
            }
        }

        return real;
    }

    private ContainerInspect Inspect(FakeContainer fake)
    {
        lock (state.Sync)
        {
            var status = fake.Status;
            if (status == "running" && fake.Service is { } service && state.OneShotServices.Contains(service))
            {
                status = "exited";
            }

            var request = fake.Request;
            return new ContainerInspect
            {
                Id = fake.Id,
                Name = "/" + fake.Name,
                Created = DateTimeOffset.UtcNow.ToString("O"),
                Image = request.Image,
                State = new ContainerState
                {
                    Status = status,
                    Running = status is "running" or "paused",
                    Paused = status == "paused",
                    ExitCode = 0,
                    Health = new ContainerHealth { Status = "healthy" },
                },
                Config = request with { },
                HostConfig = request.HostConfig,
                NetworkSettings = new NetworkSettings { Networks = request.NetworkingConfig?.EndpointsConfig },
                Mounts = [],
            };
        }
    }

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(ContainerListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var real = await inner.ListAsync(options, cancellationToken).ConfigureAwait(false);
        lock (state.Sync)
        {
            var result = new List<ContainerSummary>();
            foreach (var c in real)
            {
                if (state.Removed.Contains(c.Id))
                {
                    continue;
                }

                if (state.Overlay.TryGetValue(c.Id, out var status))
                {
                    if (options?.All != true && status is not ("running" or "paused"))
                    {
                        continue;
                    }

                    result.Add(c with { State = status });
                }
                else
                {
                    result.Add(c);
                }
            }

            foreach (var fake in state.Containers.Values)
            {
                if (options?.All != true && fake.Status is not ("running" or "paused"))
                {
                    continue;
                }

                if (!DryRunState.Matches(options?.Filters, fake.Request.Labels, fake.Name, fake.Id))
                {
                    continue;
                }

                result.Add(new ContainerSummary
                {
                    Id = fake.Id,
                    Names = ["/" + fake.Name],
                    Image = fake.Request.Image,
                    ImageID = fake.Request.Image,
                    Command = string.Join(' ', fake.Request.Cmd ?? []),
                    Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    Labels = fake.Request.Labels,
                    State = fake.Status,
                    Status = fake.Status == "running" ? "Up Less than a second" : "Created",
                    Ports = [],
                });
            }

            return result;
        }
    }

    private async Task SetStateAsync(string idOrName, string status, CancellationToken cancellationToken)
    {
        if (state.FindContainer(idOrName) is { } fake)
        {
            lock (state.Sync)
            {
                fake.Status = status;
            }

            return;
        }

        // A real container: it must exist (the engine would say so), but it is left as it is.
        var real = await inner.InspectAsync(idOrName, cancellationToken).ConfigureAwait(false);
        lock (state.Sync)
        {
            state.Overlay[real.Id] = status;
        }
    }

    public Task StartAsync(string idOrName, CancellationToken cancellationToken = default) => SetStateAsync(idOrName, "running", cancellationToken);

    public Task StopAsync(string idOrName, int? timeout = null, CancellationToken cancellationToken = default) => SetStateAsync(idOrName, "exited", cancellationToken);

    public Task RestartAsync(string idOrName, int? timeout = null, CancellationToken cancellationToken = default) => SetStateAsync(idOrName, "running", cancellationToken);

    public Task KillAsync(string idOrName, string? signal = null, CancellationToken cancellationToken = default) => SetStateAsync(idOrName, "exited", cancellationToken);

    public Task PauseAsync(string idOrName, CancellationToken cancellationToken = default) => SetStateAsync(idOrName, "paused", cancellationToken);

    public Task UnpauseAsync(string idOrName, CancellationToken cancellationToken = default) => SetStateAsync(idOrName, "running", cancellationToken);

    public async Task RemoveAsync(string idOrName, ContainerRemoveOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (state.FindContainer(idOrName) is { } fake)
        {
            lock (state.Sync)
            {
                state.Containers.Remove(fake.Id);
            }

            return;
        }

        var real = await inner.InspectAsync(idOrName, cancellationToken).ConfigureAwait(false);
        lock (state.Sync)
        {
            state.Removed.Add(real.Id);
        }
    }

    public async Task RenameAsync(string idOrName, string newName, CancellationToken cancellationToken = default)
    {
        if (state.FindContainer(idOrName) is { } fake)
        {
            lock (state.Sync)
            {
                fake.Name = newName;
            }

            return;
        }

        _ = await inner.InspectAsync(idOrName, cancellationToken).ConfigureAwait(false);
    }

    public Task ResizeAsync(string idOrName, int height, int width, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ContainerWaitResponse> WaitAsync(string idOrName, WaitCondition condition = WaitCondition.NotRunning, CancellationToken cancellationToken = default) =>
        Pretended(idOrName)
            ? Task.FromResult(new ContainerWaitResponse { StatusCode = 0 })
            : inner.WaitAsync(idOrName, condition, cancellationToken);

    public Task<ContainerWait> BeginWaitAsync(string idOrName, WaitCondition condition = WaitCondition.NextExit, CancellationToken cancellationToken = default) =>
        Pretended(idOrName)
            ? Task.FromResult(new ContainerWait(Task.FromResult(new ContainerWaitResponse { StatusCode = 0 }), new CancellationTokenSource()))
            : inner.BeginWaitAsync(idOrName, condition, cancellationToken);

    /// <summary>A fake container, or a real one whose state the dry run pretends to have changed.</summary>
    private bool Pretended(string idOrName)
    {
        if (state.FindContainer(idOrName) is not null)
        {
            return true;
        }

        lock (state.Sync)
        {
            return state.Overlay.Keys.Concat(state.Removed).Any(id => id == idOrName || (idOrName.Length >= 12 && id.StartsWith(idOrName, StringComparison.Ordinal)));
        }
    }

    /// <summary>A fake container logs nothing; followed, its (empty) stream stays open until cancelled, as a running one's does.</summary>
    public IAsyncEnumerable<OutputChunk> GetLogsAsync(string idOrName, LogsOptions? options = null, CancellationToken cancellationToken = default) =>
        state.FindContainer(idOrName) is not null ? Nothing<OutputChunk>(options?.Follow == true, cancellationToken) : inner.GetLogsAsync(idOrName, options, cancellationToken);

    public IAsyncEnumerable<LogLine> GetLogLinesAsync(string idOrName, LogsOptions? options = null, CancellationToken cancellationToken = default) =>
        state.FindContainer(idOrName) is not null ? Nothing<LogLine>(options?.Follow == true, cancellationToken) : inner.GetLogLinesAsync(idOrName, options, cancellationToken);

    private static async IAsyncEnumerable<T> Nothing<T>(bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (follow)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        yield break;
    }

    public Task<StdioSession> AttachAsync(string idOrName, AttachOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new CommandFailedException("interactive run is not supported in dry-run mode");

    public Task<ContainerTop> TopAsync(string idOrName, string? psArgs = null, CancellationToken cancellationToken = default) =>
        state.FindContainer(idOrName) is not null
            ? Task.FromResult(new ContainerTop { Titles = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], Processes = [] })
            : inner.TopAsync(idOrName, psArgs, cancellationToken);

    public Task<ContainerArchive> GetArchiveAsync(string idOrName, string path, CancellationToken cancellationToken = default) =>
        state.FindContainer(idOrName) is not null
            ? throw new CommandFailedException($"{DryRunEngine.Prefix}Could not find the file {path} in container {idOrName}")
            : inner.GetArchiveAsync(idOrName, path, cancellationToken);

    public async Task PutArchiveAsync(string idOrName, string path, Stream tar, bool noOverwriteDirNonDir = false, CancellationToken cancellationToken = default)
    {
        if (state.FindContainer(idOrName) is not null)
        {
            return;
        }

        if (await inner.StatPathAsync(idOrName, path, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new CommandFailedException($"{DryRunEngine.Prefix}Could not find the file {path} in container {idOrName}");
        }
    }

    public Task<ContainerPathStat?> StatPathAsync(string idOrName, string path, CancellationToken cancellationToken = default) =>
        state.FindContainer(idOrName) is not null
            ? Task.FromResult<ContainerPathStat?>(new ContainerPathStat { Name = Path.GetFileName(path.TrimEnd('/')), Mode = 0x80000000 | 0x1ed })
            : inner.StatPathAsync(idOrName, path, cancellationToken);

    internal static async IAsyncEnumerable<T> Empty<T>()
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }
}

internal sealed class DryRunExecs(IEngineExecs inner, DryRunState state, Action<string> report) : IEngineExecs
{
    public Task<string> CreateAsync(string containerIdOrName, ExecCreateRequest request, CancellationToken cancellationToken = default)
    {
        var container = state.FindContainer(containerIdOrName)?.Name ?? containerIdOrName;
        var id = DryRunEngine.FakeId("exec:" + Guid.NewGuid());
        lock (state.Sync)
        {
            state.Execs[id] = $"\"{string.Join(' ', request.Cmd ?? [])}\" in {container}";
        }

        return Task.FromResult(id);
    }

    public Task<StdioSession> StartAsync(string execId, ExecStartOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new CommandFailedException("interactive exec is not supported in dry-run mode");

    public Task StartDetachedAsync(string execId, CancellationToken cancellationToken = default)
    {
        string? what;
        lock (state.Sync)
        {
            state.Execs.TryGetValue(execId, out what);
        }

        report($"{DryRunEngine.Prefix}Executing command {what ?? execId} (detached mode)");
        return Task.CompletedTask;
    }

    public Task<ExecInspect> InspectAsync(string execId, CancellationToken cancellationToken = default)
    {
        lock (state.Sync)
        {
            if (state.Execs.ContainsKey(execId))
            {
                return Task.FromResult(new ExecInspect { ID = execId, Running = false, ExitCode = 0 });
            }
        }

        return inner.InspectAsync(execId, cancellationToken);
    }

    public Task ResizeAsync(string execId, int height, int width, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

internal sealed class DryRunImages(IEngineImages inner, DryRunState state) : IEngineImages
{
    public Task<IReadOnlyList<ImageSummary>> ListAsync(ImageListOptions? options = null, CancellationToken cancellationToken = default) => inner.ListAsync(options, cancellationToken);

    public async Task<ImageInspect> InspectAsync(string name, CancellationToken cancellationToken = default) =>
        await TryInspectAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new EngineNotFoundException($"No such image: {name}");

    public async Task<ImageInspect?> TryInspectAsync(string name, CancellationToken cancellationToken = default)
    {
        bool pretended;
        lock (state.Sync)
        {
            pretended = state.Images.Contains(Normalize(name));
        }

        var real = await inner.TryInspectAsync(name, cancellationToken).ConfigureAwait(false);
        return real ?? (pretended ? new ImageInspect { Id = "sha256:" + DryRunEngine.FakeId("image:" + Normalize(name)), RepoTags = [Normalize(name)], Config = new ContainerConfig() } : null);
    }

    public IAsyncEnumerable<ProgressMessage> PullAsync(string image, ImagePullOptions? options = null, CancellationToken cancellationToken = default)
    {
        Pretend(image);
        return DryRunContainers.Empty<ProgressMessage>();
    }

    public IAsyncEnumerable<ProgressMessage> PushAsync(string image, ImagePushOptions? options = null, CancellationToken cancellationToken = default) =>
        DryRunContainers.Empty<ProgressMessage>();

    public Task TagAsync(string source, string target, CancellationToken cancellationToken = default)
    {
        Pretend(target);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string name, ImageRemoveOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ImageDeleteItem>>([]);

    public IAsyncEnumerable<ProgressMessage> BuildAsync(Stream? tarContext, ImageBuildOptions? options = null, CancellationToken cancellationToken = default)
    {
        foreach (var tag in options?.Tags ?? [])
        {
            Pretend(tag);
        }

        var tagName = options?.Tags is { Count: > 0 } tags ? tags[0] : "<none>";
        return Built(tagName);
    }

    private static async IAsyncEnumerable<ProgressMessage> Built(string tag)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return new ProgressMessage { Stream = $"{DryRunEngine.Prefix}Successfully built: dryRunID\n" };
        yield return new ProgressMessage { Stream = $"{DryRunEngine.Prefix}Successfully tagged: {tag}\n" };
    }

    private void Pretend(string image)
    {
        lock (state.Sync)
        {
            state.Images.Add(Normalize(image));
        }
    }

    private static string Normalize(string image)
    {
        var slash = image.LastIndexOf('/');
        return image.Contains('@', StringComparison.Ordinal) || image.IndexOf(':', slash + 1) >= 0 ? image : image + ":latest";
    }
}

internal sealed class DryRunNetworks(IEngineNetworks inner, DryRunState state) : IEngineNetworks
{
    public Task<NetworkCreateResponse> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken = default)
    {
        var id = DryRunEngine.FakeId("network:" + request.Name);
        lock (state.Sync)
        {
            state.Networks[request.Name] = new NetworkInspect
            {
                Name = request.Name,
                Id = id,
                Driver = request.Driver ?? "bridge",
                Scope = "local",
                Labels = request.Labels,
                Options = request.Options,
                Internal = request.Internal ?? false,
                Attachable = request.Attachable ?? false,
                IPAM = request.IPAM,
                Created = DateTimeOffset.UtcNow.ToString("O"),
            };
        }

        return Task.FromResult(new NetworkCreateResponse { Id = id });
    }

    public async Task<NetworkInspect> InspectAsync(string idOrName, CancellationToken cancellationToken = default) =>
        await TryInspectAsync(idOrName, cancellationToken).ConfigureAwait(false) ?? throw new EngineNotFoundException($"network {idOrName} not found");

    public async Task<NetworkInspect?> TryInspectAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        lock (state.Sync)
        {
            if (Find(idOrName) is { } fake)
            {
                return fake;
            }
        }

        return await inner.TryInspectAsync(idOrName, cancellationToken).ConfigureAwait(false);
    }

    private NetworkInspect? Find(string idOrName) =>
        state.Networks.Values.FirstOrDefault(n => n.Name == idOrName || n.Id == idOrName);

    public async Task<IReadOnlyList<NetworkInspect>> ListAsync(NetworkListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var real = await inner.ListAsync(options, cancellationToken).ConfigureAwait(false);
        lock (state.Sync)
        {
            return real.Where(n => !state.Removed.Contains(n.Id))
                .Concat(state.Networks.Values.Where(n => DryRunState.Matches(options?.Filters, n.Labels, n.Name, n.Id)))
                .ToList();
        }
    }

    public Task ConnectAsync(string network, string container, NetworkConnectOptions? options = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DisconnectAsync(string network, string container, bool force = false, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task RemoveAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        lock (state.Sync)
        {
            if (Find(idOrName) is { } fake)
            {
                state.Networks.Remove(fake.Name);
                return;
            }
        }

        var real = await inner.InspectAsync(idOrName, cancellationToken).ConfigureAwait(false);
        lock (state.Sync)
        {
            state.Removed.Add(real.Id);
        }
    }
}

internal sealed class DryRunVolumes(IEngineVolumes inner, DryRunState state) : IEngineVolumes
{
    public Task<Volume> CreateAsync(VolumeCreateRequest request, CancellationToken cancellationToken = default)
    {
        var name = request.Name ?? DryRunEngine.FakeId("volume:" + Guid.NewGuid());
        var volume = new Volume
        {
            Name = name,
            Driver = request.Driver ?? "local",
            Labels = request.Labels,
            Options = request.DriverOpts,
            Scope = "local",
            Mountpoint = "/var/lib/docker/volumes/" + name + "/_data",
            CreatedAt = DateTimeOffset.UtcNow.ToString("O"),
        };
        lock (state.Sync)
        {
            state.Volumes[name] = volume;
        }

        return Task.FromResult(volume);
    }

    public async Task<Volume> InspectAsync(string name, CancellationToken cancellationToken = default) =>
        await TryInspectAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new EngineNotFoundException($"get {name}: no such volume");

    public async Task<Volume?> TryInspectAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (state.Sync)
        {
            if (state.Volumes.TryGetValue(name, out var fake))
            {
                return fake;
            }

            if (state.Removed.Contains("volume:" + name))
            {
                return null;
            }
        }

        return await inner.TryInspectAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Volume>> ListAsync(VolumeListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var real = await inner.ListAsync(options, cancellationToken).ConfigureAwait(false);
        lock (state.Sync)
        {
            return real.Where(v => !state.Removed.Contains("volume:" + v.Name))
                .Concat(state.Volumes.Values.Where(v => DryRunState.Matches(options?.Filters, v.Labels, v.Name, v.Name)))
                .ToList();
        }
    }

    public async Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default)
    {
        lock (state.Sync)
        {
            if (state.Volumes.Remove(name))
            {
                return;
            }
        }

        _ = await inner.InspectAsync(name, cancellationToken).ConfigureAwait(false);
        lock (state.Sync)
        {
            state.Removed.Add("volume:" + name);
        }
    }
}
