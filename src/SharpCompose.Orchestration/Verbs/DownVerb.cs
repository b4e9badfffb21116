using SharpCompose.Engine;
using SharpCompose.Orchestration.Execution;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>The flags of <c>down</c>.</summary>
public sealed record DownOptions
{
    /// <summary>-v: remove named volumes declared in the file and anonymous volumes of the containers.</summary>
    public bool Volumes { get; init; }

    public bool RemoveOrphans { get; init; }

    /// <summary>-t: seconds before SIGKILL (null: each container's stop_grace_period).</summary>
    public int? Timeout { get; init; }

    /// <summary>--rmi local|all (null: keep images).</summary>
    public string? RemoveImages { get; init; }

    /// <summary>Services to take down (empty: the whole project).</summary>
    public IReadOnlyCollection<string> Services { get; init; } = [];
}

/// <summary>
/// <c>down</c>: stops and removes the project's containers in reverse dependency order (dependents first,
/// in parallel where the graph allows), then its networks, and with -v its volumes. Named volumes survive
/// everything but -v.
/// </summary>
public sealed class DownVerb(ProjectSession session)
{
    public async Task RunAsync(DownOptions options, CancellationToken cancellationToken)
    {
        var engine = session.Engine;
        var project = session.Project;
        var progress = session.Progress;
        using var projectLock = await ProjectLock.AcquireAsync(project.Name, cancellationToken).ConfigureAwait(false);
        var observed = await ObservedState.ObserveAsync(engine, project.Name, includeResources: true, cancellationToken).ConfigureAwait(false);
        var known = project.Services.Keys.Concat(project.DisabledServices.Keys).ToHashSet(StringComparer.Ordinal);
        var partial = options.Services.Count > 0;
        var containers = observed.Containers
            .Where(c => !partial || options.Services.Contains(c.Service))
            .Where(c => known.Contains(c.Service) || c.OneOff || options.RemoveOrphans)
            .ToList();
        var orphans = observed.Containers.Where(c => !c.OneOff && !known.Contains(c.Service)).ToList();
        if (orphans.Count > 0 && !options.RemoveOrphans)
        {
            progress.Warning(ResourceKind.Service, project.Name, "Found orphan containers",
                $"([{string.Join(" ", orphans.Select(o => o.Name).Order(StringComparer.Ordinal))}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.");
        }

        // Reverse dependency order over services; containers of one service go in parallel.
        var graph = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var group in containers.GroupBy(c => c.Service))
        {
            var deps = project.Services.TryGetValue(group.Key, out var spec) ? spec.DependsOn.Keys.ToList() : [];
            graph[group.Key] = deps;
        }

        var byService = containers.GroupBy(c => c.Service).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var stopper = new ContainerRemover(engine, progress, session.Parallel, session.Lanes);
        await DagScheduler.RunAsync(DagScheduler.Reverse(graph), (service, ct) =>
            Task.WhenAll(byService[service].Select(c => stopper.StopAndRemoveAsync(c, options.Timeout, options.Volumes, ct))),
            maxParallel: 0, FailureMode.SkipDependents, cancellationToken).ConfigureAwait(false);

        if (partial)
        {
            return;
        }

        await new ProjectResources(engine, project, progress).RemoveAsync(observed, options.Volumes, cancellationToken).ConfigureAwait(false);

        if (options.RemoveImages is { } rmi)
        {
            await RemoveImagesAsync(rmi, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RemoveImagesAsync(string mode, CancellationToken cancellationToken)
    {
        var images = session.Project.Services.Values
            .Where(s => mode == "all" || s.Build is not null)
            .Select(s => ImageNames.Of(session.Project, s))
            .OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var image in images)
        {
            try
            {
                session.Progress.Working(ResourceKind.Image, image, "Removing");
                await session.Engine.Images.RemoveAsync(image, new ImageRemoveOptions(), cancellationToken).ConfigureAwait(false);
                session.Progress.Done(ResourceKind.Image, image, "Removed");
            }
            catch (EngineNotFoundException)
            {
            }
            catch (EngineConflictException e)
            {
                session.Progress.Warning(ResourceKind.Image, image, "Warning", e.Message);
            }
        }
    }
}

/// <summary>Stops then removes containers, reporting each step; bounded by --parallel, stops paced per network.</summary>
public sealed class ContainerRemover(IDockerEngine engine, IProgressSink progress, int parallel, EndpointLanes lanes)
{
    private readonly SemaphoreSlim? _gate = parallel > 0 ? new SemaphoreSlim(parallel) : null;

    public async Task StopAndRemoveAsync(ObservedContainer container, int? timeout, bool volumes, CancellationToken cancellationToken)
    {
        if (_gate is not null)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (container.IsRunning)
            {
                progress.Working(ResourceKind.Container, container.Name, "Stopping");
                await lanes.RunAsync(container,
                    () => engine.Containers.StopAsync(container.Id, timeout, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
                progress.Done(ResourceKind.Container, container.Name, "Stopped");
            }

            progress.Working(ResourceKind.Container, container.Name, "Removing");
            await engine.Containers.RemoveAsync(container.Id, new ContainerRemoveOptions { Force = true, RemoveVolumes = volumes }, CancellationToken.None).ConfigureAwait(false);
            progress.Done(ResourceKind.Container, container.Name, "Removed");
        }
        catch (EngineNotFoundException)
        {
            progress.Done(ResourceKind.Container, container.Name, "Removed");
        }
        finally
        {
            _gate?.Release();
        }
    }
}
