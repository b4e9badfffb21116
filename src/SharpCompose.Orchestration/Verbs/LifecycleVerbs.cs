using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Execution;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>start, stop, restart, kill, pause, unpause, rm: one engine call per container, in dependency order.</summary>
public sealed class LifecycleVerbs(ProjectSession session)
{
    private IDockerEngine Engine => session.Engine;

    private IProgressSink Progress => session.Progress;

    /// <summary>The project's (non one-off) containers of the given services (all when empty).</summary>
    public async Task<IReadOnlyList<ObservedContainer>> ContainersAsync(IReadOnlyCollection<string> services, bool all, CancellationToken cancellationToken, bool includeOneOff = false)
    {
        session.CheckServiceNames(services);
        var observed = await ObservedState.ObserveAsync(Engine, session.ProjectName, includeResources: false, cancellationToken).ConfigureAwait(false);
        return observed.Containers
            .Where(c => includeOneOff || !c.OneOff)
            .Where(c => services.Count == 0 || services.Contains(c.Service))
            .Where(c => all || c.IsRunning)
            .OrderBy(c => c.Service, StringComparer.Ordinal).ThenBy(c => c.Number)
            .ToList();
    }

    public async Task StartAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(services, all: true, cancellationToken).ConfigureAwait(false);
        if (containers.Count == 0)
        {
            throw new OrchestrationException("no containers to start");
        }

        await InDependencyOrderAsync(containers, reverse: false, async (c, ct) =>
        {
            Progress.Working(ResourceKind.Container, c.Name, "Starting");
            await Engine.Containers.StartAsync(c.Id, ct).ConfigureAwait(false);
            Progress.Done(ResourceKind.Container, c.Name, "Started");
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(IReadOnlyCollection<string> services, int? timeout, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(services, all: false, cancellationToken).ConfigureAwait(false);
        await InDependencyOrderAsync(containers, reverse: true, async (c, ct) =>
        {
            Progress.Working(ResourceKind.Container, c.Name, "Stopping");
            await session.Lanes.RunAsync(c,
                () => Engine.Containers.StopAsync(c.Id, timeout, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
            Progress.Done(ResourceKind.Container, c.Name, "Stopped");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Restarts the services' containers in dependency order; unless <paramref name="noDeps"/>, with them the services
    /// that declare depends_on <c>restart: true</c> on them (transitively), as Compose v2 does.
    /// </summary>
    public async Task RestartAsync(IReadOnlyCollection<string> services, int? timeout, bool noDeps, CancellationToken cancellationToken)
    {
        session.CheckServiceNames(services);
        var withDependents = services.Count > 0 && !noDeps;
        IReadOnlyList<ObservedContainer> containers;
        if (withDependents && session.Project.Services.Count == 0)
        {
            // Known by name only: the restart: true dependents come from the containers' depends_on labels.
            var all = await ContainersAsync([], all: true, cancellationToken).ConfigureAwait(false);
            var selected = RestartDependentsFromLabels(all, services);
            containers = all.Where(c => selected.Contains(c.Service)).ToList();
        }
        else
        {
            var selected = withDependents
                ? services.Union(session.Project.WithDependents(services, d => d.Restart), StringComparer.Ordinal).ToList()
                : services;
            containers = await ContainersAsync(selected, all: true, cancellationToken).ConfigureAwait(false);
        }

        await InDependencyOrderAsync(containers, reverse: false, async (c, ct) =>
        {
            Progress.Working(ResourceKind.Container, c.Name, "Restarting");
            await session.Lanes.RunAsync(c,
                () => Engine.Containers.RestartAsync(c.Id, timeout, ct), ct).ConfigureAwait(false);
            Progress.Done(ResourceKind.Container, c.Name, "Started");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Without a compose file: these services and those that declare restart: true on them, transitively, from
    /// the depends_on label of the project's containers.</summary>
    private static IReadOnlySet<string> RestartDependentsFromLabels(IReadOnlyList<ObservedContainer> all, IReadOnlyCollection<string> services)
    {
        var restartDependents = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var container in all)
        {
            foreach (var (dependency, restart) in container.DependsOnFromLabel())
            {
                if (restart)
                {
                    if (!restartDependents.TryGetValue(dependency, out var set))
                    {
                        restartDependents[dependency] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(container.Service);
                }
            }
        }

        return DependencyGraph.Closure(services, service => restartDependents.GetValueOrDefault(service) ?? []);
    }

    public async Task KillAsync(IReadOnlyCollection<string> services, string? signal, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(services, all: false, cancellationToken).ConfigureAwait(false);
        if (containers.Count == 0)
        {
            throw new OrchestrationException("no containers to kill");
        }

        await Task.WhenAll(containers.Select(async c =>
        {
            Progress.Working(ResourceKind.Container, c.Name, "Killing");
            await Engine.Containers.KillAsync(c.Id, signal, cancellationToken).ConfigureAwait(false);
            Progress.Done(ResourceKind.Container, c.Name, "Killed");
        })).ConfigureAwait(false);
    }

    public async Task PauseAsync(IReadOnlyCollection<string> services, bool pause, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(services, all: false, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(containers.Select(async c =>
        {
            Progress.Working(ResourceKind.Container, c.Name, pause ? "Pausing" : "Unpausing");
            if (pause)
            {
                await Engine.Containers.PauseAsync(c.Id, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Engine.Containers.UnpauseAsync(c.Id, cancellationToken).ConfigureAwait(false);
            }

            Progress.Done(ResourceKind.Container, c.Name, pause ? "Paused" : "Unpaused");
        })).ConfigureAwait(false);
    }

    /// <summary><c>rm</c>: removes stopped containers (with <paramref name="stop"/>, stops running ones first).</summary>
    public async Task<int> RemoveAsync(IReadOnlyCollection<string> services, bool stop, bool volumes, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(services, all: true, cancellationToken, includeOneOff: true).ConfigureAwait(false);
        var remover = new ContainerRemover(Engine, Progress, session.Parallel, session.Lanes);
        var targets = containers.Where(c => stop || !c.IsRunning).ToList();
        await Task.WhenAll(targets.Select(c => remover.StopAndRemoveAsync(c, null, volumes, cancellationToken))).ConfigureAwait(false);
        return targets.Count;
    }

    private async Task InDependencyOrderAsync(IReadOnlyList<ObservedContainer> containers, bool reverse, Func<ObservedContainer, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var byService = containers.GroupBy(c => c.Service).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var graph = byService.Keys.ToDictionary(
            s => s,
            s => (IReadOnlyCollection<string>)(session.Project.Services.TryGetValue(s, out var spec)
                ? spec.DependsOn.Keys.Where(byService.ContainsKey).ToList()
                : byService[s].SelectMany(c => c.DependsOnFromLabel()).Select(d => d.Service).Where(byService.ContainsKey).Distinct(StringComparer.Ordinal).ToList()),
            StringComparer.Ordinal);
        await DagScheduler.RunAsync(reverse ? DagScheduler.Reverse(graph) : graph,
            (service, ct) => Task.WhenAll(byService[service].Select(c => action(c, ct))),
            session.Parallel, reverse ? FailureMode.SkipDependents : FailureMode.CancelAll, cancellationToken).ConfigureAwait(false);
    }
}
