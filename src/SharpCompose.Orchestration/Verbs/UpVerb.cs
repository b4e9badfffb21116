using System.Collections.Concurrent;
using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Execution;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>The flags of <c>up</c> and <c>create</c> that shape convergence.</summary>
public sealed record UpOptions
{
    public IReadOnlyCollection<string> Services { get; init; } = [];

    public RecreatePolicy Recreate { get; init; } = RecreatePolicy.Diverged;

    public IReadOnlyDictionary<string, int> Scale { get; init; } = new Dictionary<string, int>();

    public bool NoDeps { get; init; }

    public bool NoStart { get; init; }

    public bool RemoveOrphans { get; init; }

    /// <summary>--wait: return once every container is running/healthy (or fail).</summary>
    public bool Wait { get; init; }

    public TimeSpan? WaitTimeout { get; init; }

    /// <summary>-t: seconds to wait when stopping replaced containers.</summary>
    public int? StopTimeout { get; init; }

    public ImageOptions Images { get; init; } = new();
}

/// <summary>What an <c>up</c> did: the containers it left per service, for attaching and --exit-code-from.</summary>
public sealed record UpResult(IReadOnlyList<ServiceContainer> Containers);

/// <summary>One container of the project after convergence.</summary>
/// <param name="Fresh">Created or (re)started by this up: its whole log is new.</param>
public sealed record ServiceContainer(string Service, string Id, string Name, int Number, bool Fresh = true);

/// <summary>
/// <c>up</c> / <c>create</c>: observe, reconcile, then converge in dependency order, in parallel: every service
/// is created as soon as the services it depends on exist, and started as soon as their depends_on conditions
/// hold (started, healthy, completed successfully), waiting on engine events.
/// </summary>
public sealed class UpVerb(ProjectSession session)
{
    private readonly IDockerEngine _engine = session.Engine;
    private readonly Project _project = session.Project;
    private readonly IProgressSink _progress = session.Progress;

    public async Task<UpResult> RunAsync(UpOptions options, CancellationToken cancellationToken)
    {
        using var projectLock = await ProjectLock.AcquireAsync(_project.Name, cancellationToken).ConfigureAwait(false);
        var services = session.SelectServices(options.Services, options.NoDeps);
        var observeTask = ObservedState.ObserveAsync(_engine, _project.Name, includeResources: false, cancellationToken);
        var imageIds = await new ImagePreparer(session).PrepareAsync(services, options.Images, cancellationToken).ConfigureAwait(false);
        Timing.Mark("images");
        var observed = await observeTask.ConfigureAwait(false);

        var plan = Reconciler.Reconcile(_project, observed, new ReconcileOptions
        {
            Recreate = options.Recreate,
            Services = services.Select(s => s.Name).ToList(),
            Scale = options.Scale,
            RemoveOrphans = options.RemoveOrphans,
            CurrentImageIds = imageIds.Ids,
            NoStart = options.NoStart,
        }, session.ConfigHash);
        Timing.Mark("planned");

        if (plan.Orphans.Count > 0 && !options.RemoveOrphans)
        {
            _progress.Warning(ResourceKind.Service, _project.Name, "Found orphan containers",
                $"([{string.Join(" ", plan.Orphans.Select(o => o.Name).Order(StringComparer.Ordinal))}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.");
        }

        await new ProjectResources(_engine, _project, _progress).EnsureAsync(services, cancellationToken).ConfigureAwait(false);
        Timing.Mark("resources");

        var executor = new ContainerExecutor(session, options, imageIds.Ids);
        if (options.RemoveOrphans)
        {
            await Task.WhenAll(plan.Orphans.Select(o => executor.StopAndRemoveAsync(o, o.Name, cancellationToken))).ConfigureAwait(false);
        }

        await using var watcher = options.NoStart ? null : ContainerEventWatcher.Start(_engine, _project.Name);
        var result = await executor.ExecuteAsync(plan, services, watcher, cancellationToken).ConfigureAwait(false);
        Timing.Mark("converged");

        if (options.Wait && watcher is not null)
        {
            await WaitForRunningAsync(result, watcher, options.WaitTimeout, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task WaitForRunningAsync(UpResult result, ContainerEventWatcher watcher, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t)
        {
            cts.CancelAfter(t);
        }

        // Services others wait on with service_completed_successfully may exit (with 0): that is their success.
        var oneShots = _project.Services.Values.SelectMany(s => s.DependsOn)
            .Where(d => d.Value.Condition == DependencyCondition.ServiceCompletedSuccessfully)
            .Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        try
        {
            await Task.WhenAll(result.Containers.Select(async c =>
            {
                _progress.Working(ResourceKind.Container, c.Name, "Waiting");
                var verdict = "Healthy";
                await watcher.WaitAsync(c.Id, inspect =>
                {
                    var state = inspect.State;
                    if (state is null)
                    {
                        return false;
                    }

                    if (state.Status is "exited" or "dead")
                    {
                        if (oneShots.Contains(c.Service) && state.ExitCode == 0)
                        {
                            verdict = "Exited";
                            return true;
                        }

                        throw new OrchestrationException($"container {c.Name} exited ({state.ExitCode})");
                    }

                    if (state.Health is { Status: { } health } && health != "none")
                    {
                        if (health == "unhealthy")
                        {
                            throw new OrchestrationException($"container {c.Name} is unhealthy");
                        }

                        return health == "healthy";
                    }

                    verdict = "Running";
                    return state.Running && !state.Restarting;
                }, cts.Token).ConfigureAwait(false);
                _progress.Done(ResourceKind.Container, c.Name, verdict);
            })).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OrchestrationException($"timeout waiting for the project's containers to be running/healthy ({timeout?.TotalSeconds}s)");
        }
    }
}

/// <summary>Runs a plan's container steps, service by service in dependency order, in parallel.</summary>
internal sealed class ContainerExecutor(ProjectSession session, UpOptions options, IReadOnlyDictionary<string, string> imageIds)
{
    private readonly IDockerEngine _engine = session.Engine;
    private readonly Project _project = session.Project;
    private readonly IProgressSink _progress = session.Progress;
    private readonly SemaphoreSlim? _gate = session.Parallel > 0 ? new SemaphoreSlim(session.Parallel) : null;
    private readonly ConcurrentDictionary<string, ServiceContainer> _containers = new(StringComparer.Ordinal);

    public async Task<UpResult> ExecuteAsync(Plan plan, IReadOnlyList<ServiceSpec> services, ContainerEventWatcher? watcher, CancellationToken cancellationToken)
    {
        var stepsByService = plan.Services.ToDictionary(p => p.Service, p => p.Steps, StringComparer.Ordinal);
        var created = services.ToDictionary(s => s.Name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), StringComparer.Ordinal);
        var started = services.ToDictionary(s => s.Name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), StringComparer.Ordinal);

        // depends_on restart: true — a dependent to restart is stopped before its dependency is replaced.
        var stoppedForRestart = services.ToDictionary(s => s.Name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), StringComparer.Ordinal);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task RunServiceAsync(ServiceSpec service)
        {
            try
            {
                var steps = stepsByService.GetValueOrDefault(service.Name) ?? [];
                await Task.WhenAll(steps.Where(s => s.Operation == ContainerOperation.Restart)
                    .Select(s => StopAsync(s.Existing!, s.Name, CancellationToken.None))).ConfigureAwait(false);
                stoppedForRestart[service.Name].TrySetResult();

                // Created after what it refers to (network_mode/volumes_from/links: service:x need x's container).
                foreach (var dep in service.DependsOn.Keys)
                {
                    if (created.TryGetValue(dep, out var depCreated))
                    {
                        await depCreated.Task.WaitAsync(cts.Token).ConfigureAwait(false);
                    }
                }

                // Replaced only once the dependents that restart with it have stopped.
                foreach (var dependent in services.Where(s => s.DependsOn.TryGetValue(service.Name, out var d) && d.Restart))
                {
                    await stoppedForRestart[dependent.Name].Task.WaitAsync(cts.Token).ConfigureAwait(false);
                }

                var toStart = await ConvergeContainersAsync(service, steps, cts.Token).ConfigureAwait(false);
                created[service.Name].TrySetResult();
                if (options.NoStart || watcher is null)
                {
                    started[service.Name].TrySetResult();
                    return;
                }

                await WaitForDependenciesAsync(service, started, watcher, cts.Token).ConfigureAwait(false);
                await Task.WhenAll(toStart.Select(c => StartAsync(c, cts.Token))).ConfigureAwait(false);
                started[service.Name].TrySetResult();
            }
            catch (Exception e)
            {
                stoppedForRestart[service.Name].TrySetException(e);
                created[service.Name].TrySetException(e);
                started[service.Name].TrySetException(e);
                if (e is not OperationCanceledException)
                {
                    await cts.CancelAsync().ConfigureAwait(false);
                }

                throw;
            }
        }

        var tasks = services.Select(s => Task.Run(() => RunServiceAsync(s), CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            var first = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            cancellationToken.ThrowIfCancellationRequested();
            if (first is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }

            throw;
        }

        return new UpResult(_containers.Values.OrderBy(c => c.Service, StringComparer.Ordinal).ThenBy(c => c.Number).ToList());
    }

    private async Task WaitForDependenciesAsync(ServiceSpec service, Dictionary<string, TaskCompletionSource> started, ContainerEventWatcher watcher, CancellationToken cancellationToken)
    {
        foreach (var (depName, dependency) in service.DependsOn.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (options.NoDeps && !started.ContainsKey(depName))
            {
                continue; // --no-deps: dependencies are the user's business
            }

            try
            {
                if (started.TryGetValue(depName, out var depStarted))
                {
                    await depStarted.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                if (dependency.Condition == DependencyCondition.ServiceStarted)
                {
                    continue;
                }

                var containers = await _engine.Containers.ListAsync(new ContainerListOptions
                {
                    All = true,
                    Filters = new EngineFilters().Label(ComposeLabels.Project, _project.Name).Label(ComposeLabels.Service, depName).Label(ComposeLabels.OneOff, "False"),
                }, cancellationToken).ConfigureAwait(false);
                if (containers.Count == 0 && dependency.Required)
                {
                    throw new OrchestrationException($"service \"{service.Name}\" depends on \"{depName}\", which has no container");
                }

                await Task.WhenAll(containers.Select(c => DependencyConditions.WaitAsync(_progress, service.Name, depName, new ObservedContainer(c), dependency.Condition, watcher, cancellationToken))).ConfigureAwait(false);
            }
            catch (Exception e) when (!dependency.Required && e is not OperationCanceledException)
            {
                _progress.Warning(ResourceKind.Service, service.Name, "Warning", $"optional dependency \"{depName}\" failed: {e.Message}");
            }
        }
    }

    /// <summary>Applies the service's steps; returns the containers that must be started.</summary>
    private async Task<List<ServiceContainer>> ConvergeContainersAsync(ServiceSpec service, IReadOnlyList<ContainerStep> steps, CancellationToken cancellationToken)
    {
        // Scale-down first, so numbers and ports are free for what follows.
        await Task.WhenAll(steps.Where(s => s.Operation == ContainerOperation.Remove)
            .Select(s => StopAndRemoveAsync(s.Existing!, s.Name, cancellationToken))).ConfigureAwait(false);

        var results = await Task.WhenAll(steps.Where(s => s.Operation != ContainerOperation.Remove).Select(async Task<(ServiceContainer Container, bool Start)> (step) =>
        {
            switch (step.Operation)
            {
                case ContainerOperation.Keep:
                    _progress.Done(ResourceKind.Container, step.Name, "Running");
                    return (Track(service, step.Existing!.Id, step.Name, step.Number, fresh: false), false);
                case ContainerOperation.Start:
                case ContainerOperation.Restart: // stopped already, before its dependency was replaced
                    return (Track(service, step.Existing!.Id, step.Name, step.Number), true);
                case ContainerOperation.Create:
                {
                    _progress.Working(ResourceKind.Container, step.Name, "Creating");
                    var id = await CreateAsync(service, step.Name, step.Number, inherited: null, cancellationToken).ConfigureAwait(false);
                    _progress.Done(ResourceKind.Container, step.Name, "Created");
                    return (Track(service, id, step.Name, step.Number), true);
                }

                default:
                {
                    _progress.Working(ResourceKind.Container, step.Name, "Recreate");
                    var id = await RecreateAsync(service, step, cancellationToken).ConfigureAwait(false);
                    _progress.Done(ResourceKind.Container, step.Name, "Recreated");
                    return (Track(service, id, step.Name, step.Number), true);
                }
            }
        })).ConfigureAwait(false);
        return results.Where(r => r.Start).Select(r => r.Container).ToList();
    }

    private ServiceContainer Track(ServiceSpec service, string id, string name, int number, bool fresh = true)
    {
        var container = new ServiceContainer(service.Name, id, name, number, fresh);
        _containers[name] = container;
        return container;
    }

    private async Task<string> CreateAsync(ServiceSpec service, string name, int number, ContainerInspect? inherited, CancellationToken cancellationToken)
    {
        var factory = new ContainerSpecFactory(_project, _engine.ApiVersion)
        {
            ServiceContainerResolver = ResolveServiceContainer,
            InheritedAnonymousVolumes = AnonymousVolumes(inherited),
        };
        var identity = new ContainerIdentity(name, number, OneOff: false, session.ConfigHash(service), imageIds.GetValueOrDefault(service.Name));
        var plan = factory.Create(service, identity);
        return await CreateFromPlanAsync(_engine, name, plan, _gate, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Create, then join the further networks and write the secrets in: the container is ready to start.</summary>
    internal static async Task<string> CreateFromPlanAsync(IDockerEngine engine, string name, ContainerCreatePlan plan, SemaphoreSlim? gate, CancellationToken cancellationToken)
    {
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // Not cancellable half-way: a create that reached the engine must be followed to its end, or removed.
            var created = await engine.Containers.CreateAsync(name, plan.Request, CancellationToken.None).ConfigureAwait(false);
            try
            {
                foreach (var (network, connect) in plan.NetworksToConnect)
                {
                    await engine.Networks.ConnectAsync(network, created.Id, connect, CancellationToken.None).ConfigureAwait(false);
                }

                foreach (var file in plan.FilesToCopy)
                {
                    using var tar = TarFiles.Single(file.FileName, file.Content, file.Mode, file.Uid, file.Gid);
                    await engine.Containers.PutArchiveAsync(created.Id, file.Directory, tar, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch
            {
                await engine.Containers.RemoveAsync(created.Id, new ContainerRemoveOptions { Force = true }, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            cancellationToken.ThrowIfCancellationRequested();
            return created.Id;
        }
        catch (EngineConflictException e) when (e.Message.Contains("is already in use", StringComparison.Ordinal))
        {
            throw new OrchestrationException($"container name \"{name}\" is already in use by another container: remove it or rename it (container_name must be unique)", inner: e);
        }
        finally
        {
            gate?.Release();
        }
    }

    private static Dictionary<string, string> AnonymousVolumes(ContainerInspect? previous)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (previous?.Mounts is null)
        {
            return result;
        }

        var named = previous.HostConfig?.Mounts?.Where(m => !string.IsNullOrEmpty(m.Source)).Select(m => m.Target).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var mount in previous.Mounts)
        {
            if (mount.Type == "volume" && mount.Name is { Length: 64 } && mount.Destination is { } dest && !named.Contains(dest))
            {
                result[dest] = mount.Name;
            }
        }

        return result;
    }

    private string? ResolveServiceContainer(string service)
    {
        var match = _containers.Values.Where(c => c.Service == service).OrderBy(c => c.Number).FirstOrDefault();
        if (match is not null)
        {
            return match.Id;
        }

        return _project.Services.TryGetValue(service, out var spec) ? Reconciler.ContainerName(_project, spec, 1) : null;
    }

    private async Task<string> RecreateAsync(ServiceSpec service, ContainerStep step, CancellationToken cancellationToken)
    {
        var old = await _engine.Containers.InspectAsync(step.Existing!.Id, cancellationToken).ConfigureAwait(false);
        var temporaryName = $"{old.Id[..12]}_{step.Name}";
        var id = await CreateAsync(service, temporaryName, step.Number, old, cancellationToken).ConfigureAwait(false);
        await StopAsync(step.Existing!, step.Name, CancellationToken.None).ConfigureAwait(false);
        await _engine.Containers.RemoveAsync(old.Id, new ContainerRemoveOptions { Force = true }, CancellationToken.None).ConfigureAwait(false);
        await _engine.Containers.RenameAsync(id, step.Name, CancellationToken.None).ConfigureAwait(false);
        return id;
    }

    private async Task StartAsync(ServiceContainer container, CancellationToken cancellationToken)
    {
        if (_gate is not null)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            _progress.Working(ResourceKind.Container, container.Name, "Starting");
            await _engine.Containers.StartAsync(container.Id, cancellationToken).ConfigureAwait(false);
            _progress.Done(ResourceKind.Container, container.Name, "Started");
        }
        catch (EngineException e) when (PortConflict.Describe(e.Message) is { } port)
        {
            _progress.Failed(ResourceKind.Container, container.Name, "Error", e.Message);
            throw new OrchestrationException($"service \"{container.Service}\" ({container.Name}): {port}", inner: e);
        }
        finally
        {
            _gate?.Release();
        }
    }

    private async Task StopAsync(ObservedContainer container, string name, CancellationToken cancellationToken)
    {
        _progress.Working(ResourceKind.Container, name, "Stopping");
        await session.Lanes.RunAsync(container,
            () => _engine.Containers.StopAsync(container.Id, options.StopTimeout, cancellationToken), cancellationToken).ConfigureAwait(false);
        _progress.Done(ResourceKind.Container, name, "Stopped");
    }

    public async Task StopAndRemoveAsync(ObservedContainer container, string name, CancellationToken cancellationToken)
    {
        await StopAsync(container, name, CancellationToken.None).ConfigureAwait(false);
        _progress.Working(ResourceKind.Container, name, "Removing");
        try
        {
            await _engine.Containers.RemoveAsync(container.Id, new ContainerRemoveOptions { Force = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (EngineNotFoundException)
        {
        }

        _progress.Done(ResourceKind.Container, name, "Removed");
    }
}
