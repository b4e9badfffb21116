using System.Globalization;
using SharpCompose.Engine;
using SharpCompose.Model;

namespace SharpCompose.Orchestration;

/// <summary>Everything a container create needs beyond the service itself.</summary>
public sealed record ContainerIdentity(
    string Name,
    int Number,
    bool OneOff,
    string ConfigHash,
    string? ImageId);

/// <summary>A create request plus what must follow it before start (further networks, secrets written in).</summary>
public sealed record ContainerCreatePlan(
    ContainerCreateRequest Request,
    IReadOnlyList<(string Network, NetworkConnectOptions Options)> NetworksToConnect,
    IReadOnlyList<(string Directory, string FileName, byte[] Content, int Mode, int Uid, int Gid)> FilesToCopy);

/// <summary>
/// ServiceSpec → the Engine's container create request, as Compose v2 builds it (labels, mounts, ports, networks,
/// resources, healthcheck...). Pure: everything it needs from the engine (other containers' ids, the API version)
/// is passed in.
/// </summary>
public sealed class ContainerSpecFactory(Project project, EngineApiVersion apiVersion)
{
    /// <summary>Resolves <c>service:NAME</c> (network_mode, volumes_from, ipc, pid) to a container id or name.</summary>
    public Func<string, string?> ServiceContainerResolver { get; init; } = _ => null;

    /// <summary>Anonymous volumes to reuse on recreate: target path → volume name of the previous container.</summary>
    public IReadOnlyDictionary<string, string> InheritedAnonymousVolumes { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether this is a one-off container (<c>run</c>) that should still get the service's network aliases.</summary>
    public bool UseAliases { get; init; } = true;

    public ContainerCreatePlan Create(ServiceSpec service, ContainerIdentity identity)
    {
        var labels = new Dictionary<string, string>(service.Labels, StringComparer.Ordinal)
        {
            [ComposeLabels.Project] = project.Name,
            [ComposeLabels.Service] = service.Name,
            [ComposeLabels.ContainerNumber] = identity.Number.ToString(CultureInfo.InvariantCulture),
            [ComposeLabels.OneOff] = identity.OneOff ? "True" : "False",
            [ComposeLabels.ConfigHash] = identity.ConfigHash,
            [ComposeLabels.ConfigFiles] = string.Join(",", project.ComposeFiles),
            [ComposeLabels.WorkingDir] = project.WorkingDirectory,
            [ComposeLabels.Version] = ComposeLabels.CompatibleVersion,
            [ComposeLabels.DependsOn] = DependsOnLabel(service),
        };
        if (identity.ImageId is not null)
        {
            labels[ComposeLabels.Image] = identity.ImageId;
        }

        var (networkMode, endpoints, toConnect) = Networks(service, identity);
        var (binds, mounts) = Mounts(service);
        var files = new List<(string, string, byte[], int, int, int)>();
        AddSecretsAndConfigs(service, binds, files);

        var request = new ContainerCreateRequest
        {
            Hostname = service.Hostname,
            Domainname = service.DomainName,
            User = service.User,
            AttachStdin = false,
            AttachStdout = true,
            AttachStderr = true,
            ExposedPorts = ExposedPorts(service),
            Tty = service.Tty,
            OpenStdin = service.StdinOpen,
            StdinOnce = false,
            Env = Environment(service),
            Cmd = service.Command,
            Entrypoint = service.Entrypoint,
            Healthcheck = Healthcheck(service.Healthcheck),
            Image = ImageNames.Of(project, service),
            WorkingDir = service.WorkingDir,
            Labels = labels,
            StopSignal = service.StopSignal,
            StopTimeout = service.StopGracePeriod is { } grace ? (int)Math.Ceiling(grace.TotalSeconds) : null,
            MacAddress = apiVersion.SupportsPerNetworkMacAddress ? null : service.MacAddress,
            HostConfig = HostConfig(service, networkMode, binds, mounts),
            NetworkingConfig = endpoints.Count == 0 ? null : new NetworkingConfig { EndpointsConfig = endpoints },
        };
        return new ContainerCreatePlan(request, toConnect, files);
    }

    public static string DependsOnLabel(ServiceSpec service) =>
        string.Join(",", service.DependsOn.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d =>
            $"{d.Key}:{ConditionName(d.Value.Condition)}:{(d.Value.Restart ? "true" : "false")}"));

    public static string ConditionName(DependencyCondition condition) => condition switch
    {
        DependencyCondition.ServiceHealthy => "service_healthy",
        DependencyCondition.ServiceCompletedSuccessfully => "service_completed_successfully",
        _ => "service_started",
    };

    private static List<string> Environment(ServiceSpec service) =>
        service.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => e.Value is null ? e.Key : e.Key + "=" + e.Value).ToList();

    private static Dictionary<string, EmptyObject>? ExposedPorts(ServiceSpec service)
    {
        var exposed = new Dictionary<string, EmptyObject>(StringComparer.Ordinal);
        foreach (var port in service.Ports)
        {
            exposed[$"{port.Target}/{port.Protocol}"] = new EmptyObject();
        }

        foreach (var entry in service.Expose)
        {
            var (range, protocol) = SplitProtocol(entry);
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(range[..dash], out var from) && int.TryParse(range[(dash + 1)..], out var to))
            {
                for (var p = from; p <= to; p++)
                {
                    exposed[$"{p}/{protocol}"] = new EmptyObject();
                }
            }
            else
            {
                exposed[$"{range}/{protocol}"] = new EmptyObject();
            }
        }

        return exposed.Count == 0 ? null : exposed;
    }

    private static (string Range, string Protocol) SplitProtocol(string entry)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (entry, "tcp") : (entry[..slash], entry[(slash + 1)..]);
    }

    private HealthConfig? Healthcheck(HealthcheckSpec? health)
    {
        if (health is null)
        {
            return null;
        }

        if (health.Disable)
        {
            return new HealthConfig { Test = ["NONE"] };
        }

        return new HealthConfig
        {
            Test = health.Test,
            Interval = Nanos(health.Interval),
            Timeout = Nanos(health.Timeout),
            Retries = health.Retries is { } r ? (int)r : null,
            StartPeriod = Nanos(health.StartPeriod),
            StartInterval = apiVersion.SupportsHealthStartInterval ? Nanos(health.StartInterval) : null,
        };
    }

    private static long? Nanos(TimeSpan? span) => span is { } s ? s.Ticks * 100 : null;

    private (string? NetworkMode, Dictionary<string, EndpointSettings> Endpoints, List<(string, NetworkConnectOptions)> Connect)
        Networks(ServiceSpec service, ContainerIdentity identity)
    {
        var endpoints = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal);
        var connect = new List<(string, NetworkConnectOptions)>();
        if (service.NetworkMode is { } mode)
        {
            return (ResolveServiceReference(mode, "container:"), endpoints, connect);
        }

        var ordered = service.Networks
            .OrderByDescending(n => n.Value?.Priority ?? 0)
            .ThenBy(n => n.Key, StringComparer.Ordinal)
            .ToList();
        if (ordered.Count == 0)
        {
            return (null, endpoints, connect);
        }

        string? primary = null;
        foreach (var (key, attachment) in ordered)
        {
            var networkName = project.Networks.TryGetValue(key, out var spec) ? spec.Name : key;
            var aliases = new List<string>();
            if (!identity.OneOff || UseAliases)
            {
                aliases.Add(identity.Name);
                aliases.Add(service.Name);
            }

            aliases.AddRange(attachment?.Aliases ?? []);
            var endpoint = new EndpointSettings
            {
                Aliases = aliases,
                IPAMConfig = attachment is { Ipv4Address: not null } or { Ipv6Address: not null } or { LinkLocalIps.Count: > 0 }
                    ? new EndpointIpamConfig { IPv4Address = attachment.Ipv4Address, IPv6Address = attachment.Ipv6Address, LinkLocalIPs = attachment.LinkLocalIps.Count > 0 ? attachment.LinkLocalIps : null }
                    : null,
                MacAddress = primary is null && apiVersion.SupportsPerNetworkMacAddress ? attachment?.MacAddress ?? service.MacAddress : attachment?.MacAddress,
                DriverOpts = attachment is { DriverOpts.Count: > 0 } ? attachment.DriverOpts : null,
            };
            if (primary is null)
            {
                primary = networkName;
                endpoints[networkName] = endpoint;
            }
            else if (apiVersion.SupportsMultipleNetworksAtCreate)
            {
                endpoints[networkName] = endpoint;
            }
            else
            {
                connect.Add((networkName, new NetworkConnectOptions
                {
                    Aliases = endpoint.Aliases,
                    IPv4Address = attachment?.Ipv4Address,
                    IPv6Address = attachment?.Ipv6Address,
                    DriverOpts = endpoint.DriverOpts,
                }));
            }
        }

        return (primary, endpoints, connect);
    }

    private string ResolveServiceReference(string value, string containerPrefix)
    {
        if (value.StartsWith("service:", StringComparison.Ordinal))
        {
            var target = value["service:".Length..];
            var container = ServiceContainerResolver(target)
                ?? throw new InvalidOperationException($"service \"{target}\" has no container to share ({value})");
            return containerPrefix + container;
        }

        return value;
    }

    private (List<string> Binds, List<Mount> Mounts) Mounts(ServiceSpec service)
    {
        var binds = new List<string>();
        var mounts = new List<Mount>();
        foreach (var m in service.Volumes)
        {
            switch (m.Type)
            {
                case MountType.Bind when m.Bind is null or { CreateHostPath: true, Propagation: null, SELinux: null } && m.Consistency is null:
                    // Compose v2 keeps the short syntax as a bind string: the engine then creates a missing host path.
                    binds.Add($"{m.Source}:{m.Target}" + (m.ReadOnly ? ":ro" : ":rw"));
                    break;
                case MountType.Bind:
                    if (m.Bind?.SELinux is { } selinux)
                    {
                        binds.Add($"{m.Source}:{m.Target}:{(m.ReadOnly ? "ro" : "rw")},{selinux}" + (m.Bind.Propagation is { } p ? "," + p : string.Empty));
                        break;
                    }

                    mounts.Add(new Mount
                    {
                        Type = "bind",
                        Source = m.Source,
                        Target = m.Target,
                        ReadOnly = m.ReadOnly ? true : null,
                        Consistency = m.Consistency,
                        BindOptions = m.Bind?.Propagation is { } propagation ? new MountBindOptions { Propagation = propagation } : null,
                    });
                    break;
                case MountType.Volume:
                    var source = m.Source is { Length: > 0 } named
                        ? project.Volumes.TryGetValue(named, out var volume) ? volume.Name : named
                        : InheritedAnonymousVolumes.GetValueOrDefault(m.Target);
                    mounts.Add(new Mount
                    {
                        Type = "volume",
                        Source = source,
                        Target = m.Target,
                        ReadOnly = m.ReadOnly ? true : null,
                        Consistency = m.Consistency,
                        VolumeOptions = m.Volume is { } vo && (vo.NoCopy || vo.Subpath is not null)
                            ? new MountVolumeOptions { NoCopy = vo.NoCopy ? true : null, Subpath = apiVersion.SupportsVolumeSubpath ? vo.Subpath : null }
                            : null,
                    });
                    break;
                case MountType.Tmpfs:
                    mounts.Add(new Mount
                    {
                        Type = "tmpfs",
                        Target = m.Target,
                        ReadOnly = m.ReadOnly ? true : null,
                        TmpfsOptions = m.Tmpfs is { } t && (t.Size is not null || t.Mode is not null)
                            ? new MountTmpfsOptions { SizeBytes = t.Size, Mode = t.Mode is { } mode ? (int)mode : null }
                            : null,
                    });
                    break;
                case MountType.Npipe:
                    mounts.Add(new Mount { Type = "npipe", Source = m.Source, Target = m.Target, ReadOnly = m.ReadOnly ? true : null });
                    break;
                default:
                    mounts.Add(new Mount { Type = m.Type.ToString().ToLowerInvariant(), Source = m.Source, Target = m.Target, ReadOnly = m.ReadOnly ? true : null });
                    break;
            }
        }

        return (binds, mounts);
    }

    private void AddSecretsAndConfigs(ServiceSpec service, List<string> binds, List<(string, string, byte[], int, int, int)> files)
    {
        foreach (var (references, definitions, isSecret) in new[] { (service.Secrets, project.Secrets, true), (service.Configs, project.Configs, false) })
        {
            foreach (var reference in references)
            {
                if (!definitions.TryGetValue(reference.Source, out var definition))
                {
                    continue;
                }

                var target = reference.Target ?? reference.Source;
                if (!target.StartsWith('/'))
                {
                    target = (isSecret ? "/run/secrets/" : "/") + target;
                }

                if (definition.File is { } file)
                {
                    binds.Add($"{file}:{target}:ro");
                    continue;
                }

                string? content = definition.Content;
                if (content is null && definition.Environment is { } variable)
                {
                    content = project.Environment.GetValueOrDefault(variable) ?? string.Empty;
                }

                if (content is null)
                {
                    continue;
                }

                var slash = target.LastIndexOf('/');
                var mode = reference.Mode is { } m ? (int)m : 0x124; // 0444
                files.Add((slash <= 0 ? "/" : target[..slash], target[(slash + 1)..], System.Text.Encoding.UTF8.GetBytes(content), mode,
                    int.TryParse(reference.Uid, out var uid) ? uid : 0, int.TryParse(reference.Gid, out var gid) ? gid : 0));
            }
        }
    }

    private HostConfig HostConfig(ServiceSpec service, string? networkMode, List<string> binds, List<Mount> mounts)
    {
        var limits = service.Deploy?.Resources.Limits;
        var reservations = service.Deploy?.Resources.Reservations;
        var cpus = limits?.Cpus ?? service.Cpus;
        return new HostConfig
        {
            Binds = binds.Count > 0 ? binds : null,
            Mounts = mounts.Count > 0 ? mounts : null,
            NetworkMode = networkMode,
            PortBindings = PortBindings(service),
            RestartPolicy = Restart(service),
            LogConfig = service.Logging is { } log ? new LogConfig { Type = log.Driver, Config = log.Options } : null,
            VolumeDriver = service.VolumeDriver,
            VolumesFrom = service.VolumesFrom.Count > 0 ? service.VolumesFrom.Select(VolumesFrom).ToList() : null,
            CapAdd = NullIfEmpty(service.CapAdd),
            CapDrop = NullIfEmpty(service.CapDrop),
            Dns = NullIfEmpty(service.Dns),
            DnsOptions = NullIfEmpty(service.DnsOpt),
            DnsSearch = NullIfEmpty(service.DnsSearch),
            ExtraHosts = service.ExtraHosts.Select(h => h.Host + ":" + h.Address).ToList(),
            GroupAdd = NullIfEmpty(service.GroupAdd),
            IpcMode = service.Ipc is { } ipc ? ResolveServiceReference(ipc, "container:") : null,
            PidMode = service.Pid is { } pid ? ResolveServiceReference(pid, "container:") : null,
            UTSMode = service.Uts,
            UsernsMode = service.UsernsMode,
            CgroupnsMode = service.Cgroup,
            CgroupParent = service.CgroupParent,
            Links = service.Links.Count > 0 ? service.Links.Select(Link).ToList() : null,
            OomScoreAdj = service.OomScoreAdj is { } oom ? (int)oom : null,
            OomKillDisable = service.OomKillDisable ? true : null,
            Privileged = service.Privileged,
            ReadonlyRootfs = service.ReadOnly,
            SecurityOpt = NullIfEmpty(service.SecurityOpt),
            StorageOpt = service.StorageOpt.Count > 0 ? service.StorageOpt : null,
            Tmpfs = service.Tmpfs.Count > 0 ? service.Tmpfs.ToDictionary(TmpfsPath, TmpfsOptions, StringComparer.Ordinal) : null,
            ShmSize = service.ShmSize,
            Sysctls = service.Sysctls.Count > 0 ? service.Sysctls : null,
            Runtime = service.Runtime,
            Isolation = service.Isolation,
            Init = service.Init,
            CpuShares = service.CpuShares,
            CpuPeriod = service.CpuPeriod,
            CpuQuota = service.CpuQuota,
            CpuRealtimePeriod = service.CpuRtPeriod,
            CpuRealtimeRuntime = service.CpuRtRuntime,
            CpusetCpus = service.Cpuset,
            CpuCount = service.CpuCount,
            CpuPercent = service.CpuPercent is { } pct ? (long)pct : null,
            NanoCpus = cpus is { } c && c > 0 ? (long)Math.Round(c * 1e9) : null,
            Memory = limits?.MemoryBytes ?? service.MemLimit,
            MemoryReservation = reservations?.MemoryBytes ?? service.MemReservation,
            MemorySwap = service.MemSwapLimit,
            MemorySwappiness = service.MemSwappiness,
            PidsLimit = limits?.Pids ?? service.PidsLimit,
            Ulimits = service.Ulimits.Count > 0
                ? service.Ulimits.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new Ulimit { Name = u.Key, Soft = u.Value.EffectiveSoft, Hard = u.Value.EffectiveHard }).ToList()
                : null,
            Devices = service.Devices.Count > 0
                ? service.Devices.Select(d => new Engine.DeviceMapping { PathOnHost = d.Source, PathInContainer = d.Target, CgroupPermissions = d.Permissions }).ToList()
                : null,
            DeviceCgroupRules = NullIfEmpty(service.DeviceCgroupRules),
            DeviceRequests = reservations is { Devices.Count: > 0 }
                ? reservations.Devices.Select(d => new Engine.DeviceRequest
                {
                    Driver = d.Driver,
                    Count = d.Count is { } n ? (int)n : null,
                    DeviceIDs = NullIfEmpty(d.DeviceIds),
                    Capabilities = d.Capabilities.Count > 0 ? [d.Capabilities] : null,
                    Options = d.Options.Count > 0 ? d.Options : null,
                }).ToList()
                : null,
        };
    }

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> list) => list.Count > 0 ? list : null;

    private static string TmpfsPath(string entry)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? entry : entry[..colon];
    }

    private static string TmpfsOptions(string entry)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? string.Empty : entry[(colon + 1)..];
    }

    private string VolumesFrom(string entry)
    {
        // "service:NAME[:ro]" or "container:NAME[:ro]" or "NAME[:ro]" (a service)
        var parts = entry.Split(':');
        if (parts[0] == "container" && parts.Length > 1)
        {
            return string.Join(":", parts.Skip(1));
        }

        var serviceName = parts[0] == "service" && parts.Length > 1 ? parts[1] : parts[0];
        var mode = parts.Length > (parts[0] == "service" ? 2 : 1) ? ":" + parts[^1] : string.Empty;
        var container = ServiceContainerResolver(serviceName) ?? serviceName;
        return container + mode;
    }

    private string Link(string link)
    {
        var colon = link.IndexOf(':', StringComparison.Ordinal);
        var serviceName = colon < 0 ? link : link[..colon];
        var alias = colon < 0 ? link : link[(colon + 1)..];
        var container = ServiceContainerResolver(serviceName) ?? serviceName;
        return container + ":" + alias;
    }

    private static Dictionary<string, IReadOnlyList<PortBinding>?>? PortBindings(ServiceSpec service)
    {
        if (service.Ports.Count == 0)
        {
            return null;
        }

        var bindings = new Dictionary<string, IReadOnlyList<PortBinding>?>(StringComparer.Ordinal);
        foreach (var port in service.Ports)
        {
            var key = $"{port.Target}/{port.Protocol}";
            var list = bindings.TryGetValue(key, out var existing) && existing is not null ? existing.ToList() : [];
            list.Add(new PortBinding { HostIp = port.HostIp ?? string.Empty, HostPort = port.Published ?? string.Empty });
            bindings[key] = list;
        }

        return bindings;
    }

    private static RestartPolicy? Restart(ServiceSpec service)
    {
        if (service.Restart is { } restart)
        {
            var colon = restart.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? restart : restart[..colon];
            int? retries = colon < 0 ? null : int.TryParse(restart[(colon + 1)..], out var n) ? n : null;
            return new RestartPolicy { Name = name, MaximumRetryCount = retries };
        }

        if (service.Deploy?.RestartPolicy is { } policy)
        {
            return new RestartPolicy
            {
                Name = policy.Condition switch
                {
                    "any" => "always",
                    "on-failure" => "on-failure",
                    _ => "no",
                },
                MaximumRetryCount = policy.MaxAttempts is { } max ? (int)max : null,
            };
        }

        return null;
    }
}
