using SharpCompose.Model;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>
/// PURE: which services an attached <c>up</c> shows the logs of, and which it waits for, as Compose v2 decides:
/// <c>--attach</c> names them; otherwise the services on the command line (all when none), with their dependencies
/// under <c>--attach-dependencies</c>, except those with <c>attach: false</c>; <c>--no-attach</c> removes some. The run
/// ends when the containers of the services on the command line have exited (none named: the attached ones).
/// </summary>
/// <param name="Attached">Services whose logs are shown, and whose exits are reported (and abort the run under --abort-on-container-exit).</param>
/// <param name="Required">Services the run waits for; empty when nothing is attached and nothing named: then it waits for every container.</param>
public sealed record AttachSelection(IReadOnlySet<string> Attached, IReadOnlySet<string> Required)
{
    public static AttachSelection Resolve(Project project, IReadOnlyCollection<string> services, IReadOnlyCollection<string> attach, IReadOnlyCollection<string> noAttach, bool attachDependencies)
    {
        if (attach.Count > 0 && attachDependencies)
        {
            throw new OrchestrationException("cannot combine --attach and --attach-dependencies");
        }

        var named = services.Count == 0 ? project.Services.Keys.ToList() : services.Distinct(StringComparer.Ordinal).ToList();
        HashSet<string> attached;
        if (attach.Count > 0)
        {
            var included = project.WithDependencies(named);
            var unexpected = attach.Where(s => !included.Contains(s)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (unexpected.Count > 0)
            {
                throw new OrchestrationException($"cannot attach to services not included in up: {string.Join(", ", unexpected)}");
            }

            attached = attach.ToHashSet(StringComparer.Ordinal);
        }
        else
        {
            IEnumerable<string> candidates = attachDependencies ? project.WithDependencies(named) : named;
            attached = candidates.Where(s => project.Services.TryGetValue(s, out var spec) && spec.Attach != false).ToHashSet(StringComparer.Ordinal);
        }

        attached.ExceptWith(noAttach);
        var required = services.Count == 0 ? attached : named.ToHashSet(StringComparer.Ordinal);
        return new AttachSelection(attached, required);
    }
}
