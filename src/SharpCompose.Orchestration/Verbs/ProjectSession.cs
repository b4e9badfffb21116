using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>What every verb works with: the engine, the project, where progress goes, and the config hash.</summary>
public sealed record ProjectSession(IDockerEngine Engine, Project Project, IProgressSink Progress, Func<ServiceSpec, string> ConfigHash)
{
    /// <summary>--parallel / COMPOSE_PARALLEL_LIMIT (≤ 0: unbounded).</summary>
    public int Parallel { get; init; } = -1;

    public string ProjectName => Project.Name;

    /// <summary>The given services plus, unless <paramref name="noDeps"/>, everything they depend on (transitively).</summary>
    public IReadOnlyList<ServiceSpec> SelectServices(IReadOnlyCollection<string> names, bool noDeps = false)
    {
        if (names.Count == 0)
        {
            return Project.Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        }

        var selected = new SortedDictionary<string, ServiceSpec>(StringComparer.Ordinal);
        var queue = new Queue<string>(names);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (selected.ContainsKey(name))
            {
                continue;
            }

            if (!Project.Services.TryGetValue(name, out var service))
            {
                throw new OrchestrationException($"no such service: {name}");
            }

            selected[name] = service;
            if (noDeps)
            {
                continue;
            }

            foreach (var dep in service.DependsOn.Keys)
            {
                if (Project.Services.ContainsKey(dep))
                {
                    queue.Enqueue(dep);
                }
            }
        }

        return selected.Values.ToList();
    }

    /// <summary>Names of services, validated against the project (disabled ones count: down/ps/logs accept them).</summary>
    public void CheckServiceNames(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!Project.Services.ContainsKey(name) && !Project.DisabledServices.ContainsKey(name))
            {
                throw new OrchestrationException($"no such service: {name}");
            }
        }
    }
}
