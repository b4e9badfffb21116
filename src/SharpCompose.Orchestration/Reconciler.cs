using SharpCompose.Model;

namespace SharpCompose.Orchestration;

/// <summary>How <c>up</c>/<c>create</c> treat containers that already exist.</summary>
public enum RecreatePolicy
{
    /// <summary>Recreate what changed (config hash or image).</summary>
    Diverged,

    /// <summary>--force-recreate.</summary>
    Force,

    /// <summary>--no-recreate.</summary>
    Never,
}

/// <summary>The inputs of a decision, besides the project and the observed state.</summary>
public sealed record ReconcileOptions
{
    public RecreatePolicy Recreate { get; init; } = RecreatePolicy.Diverged;

    /// <summary>Services to converge (empty: all of the project's enabled services).</summary>
    public IReadOnlyCollection<string> Services { get; init; } = [];

    /// <summary>--scale overrides.</summary>
    public IReadOnlyDictionary<string, int> Scale { get; init; } = new Dictionary<string, int>();

    public bool RemoveOrphans { get; init; }

    /// <summary>Services whose image changed since their containers were made (image id differs): recreate them.</summary>
    public IReadOnlyDictionary<string, string> CurrentImageIds { get; init; } = new Dictionary<string, string>();

    /// <summary>Services that --force-recreate or a rebuild marks for recreation regardless of hash.</summary>
    public IReadOnlyCollection<string> ForceRecreateServices { get; init; } = [];

    /// <summary>--no-start / create: nothing is started, so nothing is restarted either.</summary>
    public bool NoStart { get; init; }
}

/// <summary>PURE: (project, observed state, options) → plan. No engine, no console.</summary>
public static class Reconciler
{
    public static Plan Reconcile(Project project, ObservedState observed, ReconcileOptions options, Func<ServiceSpec, string> configHash)
    {
        var selected = options.Services.Count == 0 ? project.Services.Keys.ToHashSet(StringComparer.Ordinal) : options.Services.ToHashSet(StringComparer.Ordinal);
        var plans = new List<ServicePlan>();
        foreach (var (name, service) in project.Services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!selected.Contains(name))
            {
                continue;
            }

            plans.Add(new ServicePlan(name, ReconcileService(project, service, observed.ServiceContainers(name).ToList(), options, configHash(service))));
        }

        if (!options.NoStart)
        {
            plans = RestartDependents(project, plans);
        }

        var known = project.Services.Keys.Concat(project.DisabledServices.Keys).ToHashSet(StringComparer.Ordinal);
        var orphans = observed.Containers.Where(c => !c.OneOff && !known.Contains(c.Service)).ToList();
        return new Plan(plans, orphans, options.RemoveOrphans);
    }

    public static int DesiredScale(ServiceSpec service, ReconcileOptions options) =>
        options.Scale.TryGetValue(service.Name, out var scale) ? scale : service.EffectiveScale;

    public static string ContainerName(Project project, ServiceSpec service, int number) =>
        service.ContainerName ?? $"{project.Name}-{service.Name}-{number}";

    private static List<ContainerStep> ReconcileService(Project project, ServiceSpec service, List<ObservedContainer> existing, ReconcileOptions options, string hash)
    {
        var steps = new List<ContainerStep>();
        var scale = DesiredScale(service, options);

        // Scale down: the highest numbers go first (Compose v2 removes the newest containers).
        var ordered = existing.OrderBy(c => c.Number).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var keep = ordered.Take(scale).ToList();
        foreach (var extra in ordered.Skip(scale).OrderByDescending(c => c.Number))
        {
            steps.Add(new ContainerStep(ContainerOperation.Remove, service.Name, extra.Number, extra.Name, extra, "scale"));
        }

        var imageId = options.CurrentImageIds.GetValueOrDefault(service.Name);
        foreach (var container in keep)
        {
            var reason = RecreateReason(container, options, hash, imageId, service.Name);
            if (reason is not null)
            {
                steps.Add(new ContainerStep(ContainerOperation.Recreate, service.Name, container.Number, container.Name, container, reason));
            }
            else if (!container.IsRunning)
            {
                steps.Add(new ContainerStep(ContainerOperation.Start, service.Name, container.Number, container.Name, container));
            }
            else
            {
                steps.Add(new ContainerStep(ContainerOperation.Keep, service.Name, container.Number, container.Name, container));
            }
        }

        var used = keep.Select(c => c.Number).ToHashSet();
        var next = 1;
        for (var i = keep.Count; i < scale; i++)
        {
            while (used.Contains(next))
            {
                next++;
            }

            used.Add(next);
            steps.Add(new ContainerStep(ContainerOperation.Create, service.Name, next, ContainerName(project, service, next), null));
        }

        return steps;
    }

    /// <summary>
    /// depends_on <c>restart: true</c>: the running, up-to-date containers of a service whose dependency is recreated
    /// are restarted with it (as Compose does since v2.35; v2.26 recreated every dependent, whatever it declared).
    /// Only a recreation triggers it, and it does not cascade: a restarted service is not a recreated one.
    /// </summary>
    private static List<ServicePlan> RestartDependents(Project project, List<ServicePlan> plans)
    {
        var recreated = plans.Where(p => p.Steps.Any(s => s.Operation == ContainerOperation.Recreate))
            .Select(p => p.Service).ToHashSet(StringComparer.Ordinal);
        if (recreated.Count == 0)
        {
            return plans;
        }

        return plans.Select(plan =>
        {
            var triggers = project.Services[plan.Service].DependsOn
                .Where(d => d.Value.Restart && recreated.Contains(d.Key))
                .Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
            if (triggers.Count == 0)
            {
                return plan;
            }

            var reason = $"{string.Join(", ", triggers)} recreated";
            return plan with
            {
                Steps = plan.Steps.Select(s => s.Operation == ContainerOperation.Keep ? s with { Operation = ContainerOperation.Restart, Reason = reason } : s).ToList(),
            };
        }).ToList();
    }

    private static string? RecreateReason(ObservedContainer container, ReconcileOptions options, string hash, string? imageId, string service)
    {
        if (options.Recreate == RecreatePolicy.Never)
        {
            return null;
        }

        if (options.Recreate == RecreatePolicy.Force || options.ForceRecreateServices.Contains(service))
        {
            return "forced";
        }

        if (container.ConfigHash != hash)
        {
            return "configuration changed";
        }

        if (imageId is not null && container.ImageLabel is { } label && label != imageId)
        {
            return "image changed";
        }

        return null;
    }
}
