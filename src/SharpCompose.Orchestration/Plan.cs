using System.Text;

namespace SharpCompose.Orchestration;

/// <summary>What to do with one container.</summary>
public enum ContainerOperation
{
    /// <summary>Up to date and running: nothing to do.</summary>
    Keep,

    /// <summary>Up to date but not running: start it.</summary>
    Start,

    /// <summary>Missing: create (then start).</summary>
    Create,

    /// <summary>Out of date (config hash, image, --force-recreate): replace it, keeping anonymous volumes.</summary>
    Recreate,

    /// <summary>Beyond the service's scale: stop and remove.</summary>
    Remove,

    /// <summary>
    /// Up to date and running, but a dependency it declares <c>restart: true</c> on is recreated: stopped before
    /// that dependency is replaced, started again once its depends_on conditions hold.
    /// </summary>
    Restart,
}

/// <summary>One container decision.</summary>
public sealed record ContainerStep(ContainerOperation Operation, string Service, int Number, string Name, ObservedContainer? Existing, string? Reason = null)
{
    public override string ToString() =>
        $"{Operation.ToString().ToLowerInvariant()} {Name}" + (Reason is null ? string.Empty : $" ({Reason})");
}

/// <summary>The container decisions for one service, in execution order.</summary>
public sealed record ServicePlan(string Service, IReadOnlyList<ContainerStep> Steps);

/// <summary>
/// The whole decision for an <c>up</c>: which containers to keep, start, create, recreate or remove, per service,
/// and the orphans found. Printable deterministically, so the reconciler is tested with plain strings.
/// </summary>
public sealed record Plan(IReadOnlyList<ServicePlan> Services, IReadOnlyList<ObservedContainer> Orphans, bool RemoveOrphans)
{
    public bool IsNoOp => Services.All(s => s.Steps.All(x => x.Operation == ContainerOperation.Keep)) && (Orphans.Count == 0 || !RemoveOrphans);

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var service in Services)
        {
            foreach (var step in service.Steps)
            {
                sb.Append(step).Append('\n');
            }
        }

        foreach (var orphan in Orphans.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            sb.Append(RemoveOrphans ? "remove-orphan " : "orphan ").Append(orphan.Name).Append('\n');
        }

        return sb.ToString();
    }
}
