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

        if (options.Recreate != RecreatePolicy.Never)
        {
            plans = FollowRecreatedDependencies(project, plans, options);
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
    /// What a recreated service means for the services that depend on it, decided in dependency order (so it follows
    /// chains): one that shares its network/ipc/pid namespace or mounts its volumes (volumes_from) must be recreated
    /// too, or it would point at a container that is gone; the running, up-to-date containers of one that declares
    /// depends_on <c>restart: true</c> on it are restarted. This is Compose since v2.35; v2.26 recreated every
    /// dependent, whatever it declared. A restarted service is not a recreated one: restarts do not cascade.
    /// </summary>
    private static List<ServicePlan> FollowRecreatedDependencies(Project project, List<ServicePlan> plans, ReconcileOptions options)
    {
        var byService = plans.ToDictionary(p => p.Service, StringComparer.Ordinal);
        var recreated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in DependencyGraph.Build(plans.Select(p => project.Services[p.Service])).TopologicalOrder())
        {
            var plan = byService[name];
            var service = project.Services[name];
            var parents = SharedWith(service).Where(recreated.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var triggers = service.DependsOn.Where(d => d.Value.Restart && recreated.Contains(d.Key)).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
            if (parents.Count > 0)
            {
                plan = With(plan, s => s is ContainerOperation.Keep or ContainerOperation.Start, ContainerOperation.Recreate, $"{string.Join(", ", parents)} recreated");
            }
            else if (triggers.Count > 0 && !options.NoStart)
            {
                plan = With(plan, s => s is ContainerOperation.Keep, ContainerOperation.Restart, $"{string.Join(", ", triggers)} recreated");
            }

            if (plan.Steps.Any(s => s.Operation == ContainerOperation.Recreate))
            {
                recreated.Add(name);
            }

            byService[name] = plan;
        }

        return plans.Select(p => byService[p.Service]).ToList();
    }

    private static ServicePlan With(ServicePlan plan, Func<ContainerOperation, bool> which, ContainerOperation operation, string reason) =>
        plan with { Steps = plan.Steps.Select(s => which(s.Operation) ? s with { Operation = operation, Reason = reason } : s).ToList() };

    /// <summary>The services whose container this one's is made from: network_mode/ipc/pid "service:x", volumes_from x.</summary>
    private static IEnumerable<string> SharedWith(ServiceSpec service)
    {
        foreach (var mode in (string?[])[service.NetworkMode, service.Ipc, service.Pid])
        {
            if (mode is not null && mode.StartsWith("service:", StringComparison.Ordinal))
            {
                yield return mode["service:".Length..];
            }
        }

        foreach (var entry in service.VolumesFrom)
        {
            var parts = entry.Split(':');
            if (parts[0] != "container")
            {
                yield return parts[0] == "service" && parts.Length > 1 ? parts[1] : parts[0];
            }
        }
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
