using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Execution;

/// <summary>Makes the project's networks and named volumes exist, and removes them for <c>down</c>.</summary>
public sealed class ProjectResources(IDockerEngine engine, Project project, IProgressSink progress)
{
    /// <summary>The networks the given services use (the ones Compose v2 creates), by project key.</summary>
    public IEnumerable<string> NetworksUsedBy(IEnumerable<ServiceSpec> services) =>
        services.Where(s => s.NetworkMode is null).SelectMany(s => s.Networks.Keys).Distinct(StringComparer.Ordinal)
            .Where(project.Networks.ContainsKey).Order(StringComparer.Ordinal);

    /// <summary>The named volumes the given services mount, by project key.</summary>
    public IEnumerable<string> VolumesUsedBy(IEnumerable<ServiceSpec> services) =>
        services.SelectMany(s => s.Volumes).Where(m => m.Type == MountType.Volume && !string.IsNullOrEmpty(m.Source))
            .Select(m => m.Source!).Distinct(StringComparer.Ordinal).Where(project.Volumes.ContainsKey).Order(StringComparer.Ordinal);

    public async Task EnsureAsync(IReadOnlyCollection<ServiceSpec> services, CancellationToken cancellationToken)
    {
        var networks = NetworksUsedBy(services).Select(k => EnsureNetworkAsync(k, project.Networks[k], cancellationToken));
        var volumes = VolumesUsedBy(services).Select(k => EnsureVolumeAsync(k, project.Volumes[k], cancellationToken));
        await Task.WhenAll(networks.Concat(volumes)).ConfigureAwait(false);
    }

    private async Task EnsureNetworkAsync(string key, NetworkSpec spec, CancellationToken cancellationToken)
    {
        var existing = await engine.Networks.TryInspectAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        if (spec.External)
        {
            if (existing is null)
            {
                throw new OrchestrationException($"network {spec.Name} declared as external, but could not be found");
            }

            return;
        }

        if (existing is not null)
        {
            // Compose v2 checks the label; a network of the same name made by hand is used as it is (with a warning).
            if (existing.Labels?.GetValueOrDefault(ComposeLabels.Project) is { } owner && owner != project.Name)
            {
                progress.Warning(ResourceKind.Network, spec.Name, "Exists", $"(belongs to project {owner})");
            }

            return;
        }

        progress.Working(ResourceKind.Network, spec.Name, "Creating");
        var labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal)
        {
            [ComposeLabels.Network] = key,
            [ComposeLabels.Project] = project.Name,
            [ComposeLabels.Version] = ComposeLabels.CompatibleVersion,
        };
        try
        {
            await engine.Networks.CreateAsync(new NetworkCreateRequest
            {
                Name = spec.Name,
                Driver = spec.Driver,
                Internal = spec.Internal ? true : null,
                Attachable = spec.Attachable ? true : null,
                EnableIPv6 = spec.EnableIpv6,
                Options = spec.DriverOpts.Count > 0 ? spec.DriverOpts : null,
                Labels = labels,
                IPAM = spec.Ipam.Driver is null && spec.Ipam.Config.Count == 0 && spec.Ipam.Options.Count == 0 ? null : new Ipam
                {
                    Driver = spec.Ipam.Driver,
                    Options = spec.Ipam.Options.Count > 0 ? spec.Ipam.Options : null,
                    Config = spec.Ipam.Config.Select(c => new IpamPoolConfig
                    {
                        Subnet = c.Subnet,
                        Gateway = c.Gateway,
                        IPRange = c.IpRange,
                        AuxiliaryAddresses = c.AuxAddresses.Count > 0 ? c.AuxAddresses : null,
                    }).ToList(),
                },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineConflictException)
        {
            // Made at the same moment by someone else (CheckDuplicate refused ours): use theirs.
        }

        progress.Done(ResourceKind.Network, spec.Name, "Created");
    }

    private async Task EnsureVolumeAsync(string key, VolumeSpec spec, CancellationToken cancellationToken)
    {
        var existing = await engine.Volumes.TryInspectAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        if (spec.External)
        {
            if (existing is null)
            {
                throw new OrchestrationException($"external volume \"{spec.Name}\" not found");
            }

            return;
        }

        if (existing is not null)
        {
            return;
        }

        progress.Working(ResourceKind.Volume, spec.Name, "Creating");
        var labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal)
        {
            [ComposeLabels.Volume] = key,
            [ComposeLabels.Project] = project.Name,
            [ComposeLabels.Version] = ComposeLabels.CompatibleVersion,
        };
        await engine.Volumes.CreateAsync(new VolumeCreateRequest
        {
            Name = spec.Name,
            Driver = spec.Driver,
            DriverOpts = spec.DriverOpts.Count > 0 ? spec.DriverOpts : null,
            Labels = labels,
        }, cancellationToken).ConfigureAwait(false);
        progress.Done(ResourceKind.Volume, spec.Name, "Created");
    }

    /// <summary>
    /// Removes the project's networks (and, with <paramref name="volumes"/>, its named volumes). A network the
    /// engine still reports endpoints on is emptied (force-disconnect of what no longer exists) and retried.
    /// </summary>
    public async Task RemoveAsync(ObservedState observed, bool volumes, CancellationToken cancellationToken)
    {
        var tasks = new List<Task>();
        var networkNames = project.Networks.Values.Where(n => !n.External).Select(n => n.Name)
            .Concat(observed.Networks.Select(n => n.Name)).Distinct(StringComparer.Ordinal);
        // Networks listed by the project's label: inspected by id (a name can be ambiguous).
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var network in observed.Networks)
        {
            if (network.Name is { } listedName && !string.IsNullOrEmpty(network.Id))
            {
                listed.TryAdd(listedName, network.Id);
            }
        }

        foreach (var name in networkNames)
        {
            tasks.Add(RemoveNetworkAsync(name, listed.GetValueOrDefault(name), cancellationToken));
        }

        if (volumes)
        {
            var volumeNames = project.Volumes.Values.Where(v => !v.External).Select(v => v.Name)
                .Concat(observed.Volumes.Select(v => v.Name)).Distinct(StringComparer.Ordinal);
            var listedVolumes = observed.Volumes.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in volumeNames)
            {
                tasks.Add(RemoveVolumeAsync(name, listedVolumes.Contains(name), cancellationToken));
            }
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task RemoveNetworkAsync(string name, string? listedId, CancellationToken cancellationToken)
    {
        // Inspect even a network listed as ours: besides its owner, this is what Compose v2 does before removing,
        // and removing right after the last container went makes a 20.10 engine say "has active endpoints" more often.
        var network = await engine.Networks.TryInspectAsync(listedId ?? name, cancellationToken).ConfigureAwait(false);
        if (network is null)
        {
            return;
        }

        if (network.Labels?.GetValueOrDefault(ComposeLabels.Project) is { } owner && owner != project.Name)
        {
            return;
        }

        var id = network.Id;

        progress.Working(ResourceKind.Network, name, "Removing");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await engine.Networks.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (EngineNotFoundException)
            {
                break;
            }
            catch (EngineException e) when (attempt < 40 && e.Message.Contains("active endpoints", StringComparison.OrdinalIgnoreCase))
            {
                // Give the engine's endpoint clean-up a moment (it runs after container removal returns, later
                // under load): growing to 1 s a try, about 35 s in all before the error is the user's to see.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(attempt, 5))), cancellationToken).ConfigureAwait(false);
                // The engine's endpoint bookkeeping lags behind container removal under load: disconnect whatever
                // it still lists (force, so stale endpoints of removed containers go too) and try again.
                var current = await engine.Networks.TryInspectAsync(id, cancellationToken).ConfigureAwait(false);
                foreach (var endpoint in current?.Containers ?? new Dictionary<string, NetworkContainer>())
                {
                    try
                    {
                        // A stale endpoint (its container is gone) is listed as "ep-<id>": the engine finds it by
                        // the container's name only.
                        var target = endpoint.Key.StartsWith("ep-", StringComparison.Ordinal) && endpoint.Value.Name is { Length: > 0 } n
                            ? n
                            : endpoint.Key;
                        await engine.Networks.DisconnectAsync(id, target, force: true, cancellationToken).ConfigureAwait(false);
                    }
                    catch (EngineException)
                    {
                    }
                }
            }
        }

        progress.Done(ResourceKind.Network, name, "Removed");
    }

    private async Task RemoveVolumeAsync(string name, bool listed, CancellationToken cancellationToken)
    {
        if (!listed && await engine.Volumes.TryInspectAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        progress.Working(ResourceKind.Volume, name, "Removing");
        try
        {
            await engine.Volumes.RemoveAsync(name, force: false, cancellationToken).ConfigureAwait(false);
            progress.Done(ResourceKind.Volume, name, "Removed");
        }
        catch (EngineNotFoundException)
        {
            progress.Done(ResourceKind.Volume, name, "Removed");
        }
        catch (EngineConflictException e)
        {
            progress.Failed(ResourceKind.Volume, name, "Error", e.Message);
        }
    }
}
