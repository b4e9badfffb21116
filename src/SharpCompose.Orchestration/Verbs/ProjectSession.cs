using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Execution;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>What every verb works with: the engine, the project, where progress goes, and the config hash.</summary>
public sealed record ProjectSession(IDockerEngine Engine, Project Project, IProgressSink Progress, Func<ServiceSpec, string> ConfigHash)
{
    /// <summary>--parallel / COMPOSE_PARALLEL_LIMIT (≤ 0: unbounded).</summary>
    public int Parallel { get; init; } = -1;

    /// <summary>The clock of time-based decisions (pull_policy: daily, weekly, every_&lt;interval&gt;).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Paces stops of containers sharing a network (see <see cref="EndpointLanes"/>).</summary>
    public EndpointLanes Lanes { get; init; } = EndpointLanes.For(Engine.ServerApiVersion);

    public string ProjectName => Project.Name;

    /// <summary>The given services plus, unless <paramref name="noDeps"/>, everything they depend on (transitively).</summary>
    public IReadOnlyList<ServiceSpec> SelectServices(IReadOnlyCollection<string> names, bool noDeps = false)
    {
        if (names.Count == 0)
        {
            return Project.Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        }

        foreach (var name in names)
        {
            if (!Project.Services.ContainsKey(name))
            {
                throw new OrchestrationException($"no such service: {name}");
            }
        }

        var selected = noDeps ? names.ToHashSet(StringComparer.Ordinal) : Project.WithDependencies(names);
        return selected.Order(StringComparer.Ordinal).Select(n => Project.Services[n]).ToList();
    }

    /// <summary>Names of services, validated against the project (disabled ones count: down/ps/logs accept them).</summary>
    public void CheckServiceNames(IEnumerable<string> names)
    {
        if (Project.Services.Count == 0 && Project.DisabledServices.Count == 0)
        {
            return; // known by name only (no compose file): the containers' labels are all there is
        }

        foreach (var name in names)
        {
            if (!Project.Services.ContainsKey(name) && !Project.DisabledServices.ContainsKey(name))
            {
                throw new OrchestrationException($"no such service: {name}");
            }
        }
    }
}
