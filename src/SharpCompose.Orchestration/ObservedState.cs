using System.Globalization;
using SharpCompose.Engine;

namespace SharpCompose.Orchestration;

/// <summary>One of the project's containers, as the engine lists it, with its compose labels parsed.</summary>
public sealed record ObservedContainer(ContainerSummary Summary)
{
    public string Id => Summary.Id;

    /// <summary>The name without the engine's leading slash.</summary>
    public string Name => Summary.Names is { Count: > 0 } names ? names[0].TrimStart('/') : Summary.Id[..12];

    public string Service => Label(ComposeLabels.Service) ?? string.Empty;

    public int Number => int.TryParse(Label(ComposeLabels.ContainerNumber), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    public bool OneOff => string.Equals(Label(ComposeLabels.OneOff), "True", StringComparison.OrdinalIgnoreCase);

    public string ConfigHash => Label(ComposeLabels.ConfigHash) ?? string.Empty;

    public string? ImageLabel => Label(ComposeLabels.Image);

    /// <summary>created, restarting, running, removing, paused, exited, dead.</summary>
    public string State => Summary.State ?? string.Empty;

    public bool IsRunning => State is "running" or "restarting" or "paused";

    public string? Label(string key) => Summary.Labels is { } labels && labels.TryGetValue(key, out var v) ? v : null;

    /// <summary>
    /// The service's depends_on as recorded on the container ("db:service_healthy:true,cache:service_started:false"):
    /// what a command on a project known only by name has to go by.
    /// </summary>
    public IReadOnlyList<(string Service, bool Restart)> DependsOnFromLabel()
    {
        var text = Label(ComposeLabels.DependsOn);
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var result = new List<(string, bool)>();
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            if (parts[0].Length > 0)
            {
                result.Add((parts[0], parts.Length > 2 && string.Equals(parts[2], "true", StringComparison.OrdinalIgnoreCase)));
            }
        }

        return result;
    }
}

/// <summary>One snapshot of a project's containers, networks and volumes, found by label.</summary>
public sealed record ObservedState(
    IReadOnlyList<ObservedContainer> Containers,
    IReadOnlyList<NetworkInspect> Networks,
    IReadOnlyList<Volume> Volumes)
{
    public static ObservedState Empty { get; } = new([], [], []);

    public IEnumerable<ObservedContainer> ServiceContainers(string service) =>
        Containers.Where(c => !c.OneOff && c.Service == service).OrderBy(c => c.Number);

    /// <summary>Lists the project's resources (three calls, in parallel).</summary>
    public static async Task<ObservedState> ObserveAsync(IDockerEngine engine, string project, bool includeResources, CancellationToken cancellationToken)
    {
        var filter = new EngineFilters().Label(ComposeLabels.Project, project);
        var containers = engine.Containers.ListAsync(new ContainerListOptions { All = true, Filters = filter }, cancellationToken);
        if (!includeResources)
        {
            var listed = await containers.ConfigureAwait(false);
            SharpCompose.Model.Timing.Mark("listed");
            return new ObservedState(listed.Select(c => new ObservedContainer(c)).ToList(), [], []);
        }

        var networks = engine.Networks.ListAsync(new NetworkListOptions { Filters = filter }, cancellationToken);
        var volumes = engine.Volumes.ListAsync(new VolumeListOptions { Filters = filter }, cancellationToken);
        await Task.WhenAll(containers, networks, volumes).ConfigureAwait(false);
        SharpCompose.Model.Timing.Mark("observed");
        return new ObservedState(
            (await containers.ConfigureAwait(false)).Select(c => new ObservedContainer(c)).ToList(),
            await networks.ConfigureAwait(false),
            await volumes.ConfigureAwait(false));
    }
}
