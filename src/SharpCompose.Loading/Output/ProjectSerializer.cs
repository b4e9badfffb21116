using System.Globalization;
using SharpCompose.Loading.Yaml;
using SharpCompose.Model;

namespace SharpCompose.Loading.Output;

/// <summary>
/// Turns the typed model into the canonical output tree Compose v2 prints: Go struct field order,
/// omitempty semantics, maps sorted by key, durations as Go strings, byte sizes as strings.
/// </summary>
public static class ProjectSerializer
{
    private sealed class Obj
    {
        public readonly List<KeyValuePair<string, ComposeValue>> Entries = [];
        public void Add(string k, ComposeValue v) => Entries.Add(new(k, v));
        public void Str(string k, string? v) { if (!string.IsNullOrEmpty(v)) Add(k, new ComposeString(v)); }
        public void Bool(string k, bool v) { if (v) Add(k, new ComposeBool(true)); }
        public void Bool(string k, bool? v) { if (v is { } b) Add(k, new ComposeBool(b)); }
        public void Num(string k, long? v, bool keepZero = false) { if (v is { } n && (n != 0 || keepZero)) Add(k, new ComposeNumber(n.ToString(CultureInfo.InvariantCulture))); }
        public void F32(string k, float? v) { if (v is { } f && f != 0) Add(k, new ComposeNumber(GoFormat.Float32Json(f))); }
        public void Bytes(string k, long? v) { if (v is { } n && n != 0) Add(k, new ComposeString(n.ToString(CultureInfo.InvariantCulture))); }
        public void Dur(string k, TimeSpan? v, bool keepZero = true) { if (v is { } d && (keepZero || d != TimeSpan.Zero)) Add(k, new ComposeString(GoValues.FormatDuration(d))); }
        public void List(string k, IReadOnlyList<string>? v) { if (v is { Count: > 0 }) Add(k, Strings(v)); }
        public void Map(string k, IReadOnlyDictionary<string, string>? v) { if (v is { Count: > 0 }) Add(k, SortedMap(v)); }
        public void Val(string k, ComposeValue? v) { if (v is not null and not ComposeNull) Add(k, v); }
        public void Child(string k, Obj? o) { if (o is not null) Add(k, o.Build()); }
        public ComposeMap Build() => new(Entries);
    }

    private static ComposeList Strings(IEnumerable<string> v) => new(v.Select(s => (ComposeValue)new ComposeString(s)).ToList());

    private static ComposeMap SortedMap(IReadOnlyDictionary<string, string> m) =>
        new(m.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, ComposeValue>(p.Key, new ComposeString(p.Value))).ToList());

    private static ComposeMap SortedNullableMap(IReadOnlyDictionary<string, string?> m) =>
        new(m.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, ComposeValue>(p.Key, p.Value is null ? ComposeValue.Null : new ComposeString(p.Value))).ToList());

    /// <summary>The project as `config` prints it (top-level keys sorted like Go's map marshalling).</summary>
    public static ComposeMap Project(Project p)
    {
        var top = new List<KeyValuePair<string, ComposeValue>>
        {
            new("name", new ComposeString(p.Name)),
            new("services", new ComposeMap(p.Services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new KeyValuePair<string, ComposeValue>(s.Key, Service(s.Value))).ToList())),
        };
        if (p.Networks.Count > 0) top.Add(new("networks", new ComposeMap(p.Networks.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new KeyValuePair<string, ComposeValue>(s.Key, Network(s.Value))).ToList())));
        if (p.Volumes.Count > 0) top.Add(new("volumes", new ComposeMap(p.Volumes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new KeyValuePair<string, ComposeValue>(s.Key, Volume(s.Value))).ToList())));
        if (p.Secrets.Count > 0) top.Add(new("secrets", new ComposeMap(p.Secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new KeyValuePair<string, ComposeValue>(s.Key, FileObject(s.Value, false))).ToList())));
        if (p.Configs.Count > 0) top.Add(new("configs", new ComposeMap(p.Configs.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new KeyValuePair<string, ComposeValue>(s.Key, FileObject(s.Value, true))).ToList())));
        foreach (var (k, v) in p.Extensions) top.Add(new(k, v));
        top.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new ComposeMap(top);
    }

    /// <summary>One service in Go struct order (the order the config hash is computed over).</summary>
    public static ComposeMap Service(ServiceSpec s)
    {
        var o = new Obj();
        o.List("profiles", s.Profiles);
        o.Map("annotations", s.Annotations);
        o.Bool("attach", s.Attach);
        if (s.Build is not null) o.Child("build", Build(s.Build));
        o.Val("develop", s.Develop);
        o.Val("blkio_config", s.BlkioConfig);
        o.List("cap_add", s.CapAdd);
        o.List("cap_drop", s.CapDrop);
        o.Str("cgroup_parent", s.CgroupParent);
        o.Str("cgroup", s.Cgroup);
        o.Num("cpu_count", s.CpuCount);
        o.F32("cpu_percent", s.CpuPercent);
        o.Num("cpu_period", s.CpuPeriod);
        o.Num("cpu_quota", s.CpuQuota);
        o.Num("cpu_rt_period", s.CpuRtPeriod);
        o.Num("cpu_rt_runtime", s.CpuRtRuntime);
        o.F32("cpus", s.Cpus);
        o.Str("cpuset", s.Cpuset);
        o.Num("cpu_shares", s.CpuShares);
        o.Add("command", s.Command is null ? ComposeValue.Null : Strings(s.Command));
        if (s.Configs.Count > 0) o.Add("configs", new ComposeList(s.Configs.Select(FileRef).ToList()));
        o.Str("container_name", s.ContainerName);
        o.Val("credential_spec", s.CredentialSpec);
        if (s.DependsOn.Count > 0)
            o.Add("depends_on", new ComposeMap(s.DependsOn.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d =>
            {
                var x = new Obj();
                x.Str("condition", d.Value.Condition switch
                {
                    DependencyCondition.ServiceHealthy => "service_healthy",
                    DependencyCondition.ServiceCompletedSuccessfully => "service_completed_successfully",
                    _ => "service_started",
                });
                x.Bool("restart", d.Value.Restart);
                x.Add("required", new ComposeBool(d.Value.Required));
                return new KeyValuePair<string, ComposeValue>(d.Key, x.Build());
            }).ToList()));
        if (s.Deploy is not null) o.Child("deploy", Deploy(s.Deploy));
        o.List("device_cgroup_rules", s.DeviceCgroupRules);
        if (s.Devices.Count > 0)
            o.Add("devices", new ComposeList(s.Devices.Select(d =>
            {
                var x = new Obj();
                x.Str("source", d.Source);
                x.Str("target", d.Target);
                x.Str("permissions", d.Permissions);
                return (ComposeValue)x.Build();
            }).ToList()));
        o.List("dns", s.Dns);
        o.List("dns_opt", s.DnsOpt);
        o.List("dns_search", s.DnsSearch);
        o.Str("domainname", s.DomainName);
        o.Add("entrypoint", s.Entrypoint is null ? ComposeValue.Null : Strings(s.Entrypoint));
        if (s.Environment.Count > 0) o.Add("environment", SortedNullableMap(s.Environment));
        if (s.EnvFiles.Count > 0)
            o.Add("env_file", new ComposeList(s.EnvFiles.Select(f =>
            {
                if (f.Required && f.Format is null) return (ComposeValue)new ComposeString(f.Path);
                var x = new Obj();
                x.Str("path", f.Path);
                x.Add("required", new ComposeBool(f.Required));
                x.Str("format", f.Format);
                return x.Build();
            }).ToList()));
        o.List("expose", s.Expose);
        if (s.Extends is not null)
        {
            var x = new Obj();
            x.Str("file", s.Extends.File);
            x.Str("service", s.Extends.Service);
            o.Child("extends", x);
        }
        o.List("external_links", s.ExternalLinks);
        if (s.ExtraHosts.Count > 0) o.Add("extra_hosts", Strings(s.ExtraHosts.Select(h => h.ToString()).OrderBy(x => x, StringComparer.Ordinal)));
        o.List("group_add", s.GroupAdd);
        if (s.Gpus.Count > 0) o.Add("gpus", new ComposeList(s.Gpus.Select(DeviceRequest).ToList()));
        o.Str("hostname", s.Hostname);
        if (s.Healthcheck is not null) o.Child("healthcheck", Healthcheck(s.Healthcheck));
        o.Str("image", s.Image);
        o.Bool("init", s.Init);
        o.Str("ipc", s.Ipc);
        o.Str("isolation", s.Isolation);
        o.Map("labels", s.Labels);
        o.List("label_file", s.LabelFiles);
        o.List("links", s.Links);
        if (s.Logging is not null)
        {
            var x = new Obj();
            x.Str("driver", s.Logging.Driver);
            x.Map("options", s.Logging.Options);
            o.Child("logging", x);
        }
        o.Bytes("mem_limit", s.MemLimit);
        o.Bytes("mem_reservation", s.MemReservation);
        o.Bytes("memswap_limit", s.MemSwapLimit);
        o.Bytes("mem_swappiness", s.MemSwappiness);
        o.Str("mac_address", s.MacAddress);
        o.Str("network_mode", s.NetworkMode);
        if (s.Networks.Count > 0)
            o.Add("networks", new ComposeMap(s.Networks.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n =>
                new KeyValuePair<string, ComposeValue>(n.Key, n.Value is null ? ComposeValue.Null : ServiceNetwork(n.Value))).ToList()));
        o.Bool("oom_kill_disable", s.OomKillDisable);
        o.Num("oom_score_adj", s.OomScoreAdj);
        o.Str("pid", s.Pid);
        o.Num("pids_limit", s.PidsLimit);
        o.Str("platform", s.Platform);
        if (s.Ports.Count > 0) o.Add("ports", new ComposeList(s.Ports.Select(Port).ToList()));
        o.Bool("privileged", s.Privileged);
        o.Str("pull_policy", s.PullPolicy);
        o.Bool("read_only", s.ReadOnly);
        o.Str("restart", s.Restart);
        o.Str("runtime", s.Runtime);
        o.Num("scale", s.Scale, keepZero: true);
        if (s.Secrets.Count > 0) o.Add("secrets", new ComposeList(s.Secrets.Select(FileRef).ToList()));
        o.List("security_opt", s.SecurityOpt);
        o.Bytes("shm_size", s.ShmSize);
        o.Bool("stdin_open", s.StdinOpen);
        o.Dur("stop_grace_period", s.StopGracePeriod);
        o.Str("stop_signal", s.StopSignal);
        o.Map("storage_opt", s.StorageOpt);
        o.Map("sysctls", s.Sysctls);
        o.List("tmpfs", s.Tmpfs);
        o.Bool("tty", s.Tty);
        if (s.Ulimits.Count > 0) o.Add("ulimits", Ulimits(s.Ulimits));
        o.Str("user", s.User);
        o.Str("userns_mode", s.UsernsMode);
        o.Str("uts", s.Uts);
        o.Str("volume_driver", s.VolumeDriver);
        if (s.Volumes.Count > 0) o.Add("volumes", new ComposeList(s.Volumes.Select(Mount).ToList()));
        o.List("volumes_from", s.VolumesFrom);
        o.Str("working_dir", s.WorkingDir);
        o.Val("post_start", s.PostStart);
        o.Val("pre_stop", s.PreStop);
        return o.Build();
    }

    private static ComposeMap Ulimits(IReadOnlyDictionary<string, UlimitSpec> u) =>
        new(u.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x =>
        {
            ComposeValue v;
            if (x.Value.Single is { } single && single != 0) v = new ComposeNumber(single.ToString(CultureInfo.InvariantCulture));
            else
            {
                var o = new Obj();
                o.Num("soft", x.Value.Soft);
                o.Num("hard", x.Value.Hard);
                v = o.Build();
            }
            return new KeyValuePair<string, ComposeValue>(x.Key, v);
        }).ToList());

    private static Obj Build(BuildSpec b)
    {
        var o = new Obj();
        o.Str("context", b.Context);
        o.Str("dockerfile", b.Dockerfile);
        o.Str("dockerfile_inline", b.DockerfileInline);
        o.List("entitlements", b.Entitlements);
        if (b.Args.Count > 0) o.Add("args", SortedNullableMap(b.Args));
        if (b.Ssh.Count > 0) o.Add("ssh", Strings(b.Ssh.Select(k => k.Value is null ? k.Key : k.Key + "=" + k.Value)));
        o.Map("labels", b.Labels);
        o.List("cache_from", b.CacheFrom);
        o.List("cache_to", b.CacheTo);
        o.Bool("no_cache", b.NoCache);
        o.Map("additional_contexts", b.AdditionalContexts);
        o.Bool("pull", b.Pull);
        if (b.ExtraHosts.Count > 0) o.Add("extra_hosts", Strings(b.ExtraHosts.Select(h => h.ToString()).OrderBy(x => x, StringComparer.Ordinal)));
        o.Str("isolation", b.Isolation);
        o.Str("network", b.Network);
        o.Str("target", b.Target);
        if (b.Secrets.Count > 0) o.Add("secrets", new ComposeList(b.Secrets.Select(FileRef).ToList()));
        o.Bytes("shm_size", b.ShmSize);
        o.List("tags", b.Tags);
        if (b.Ulimits.Count > 0) o.Add("ulimits", Ulimits(b.Ulimits));
        o.List("platforms", b.Platforms);
        o.Bool("privileged", b.Privileged);
        return o;
    }

    private static Obj Deploy(DeploySpec d)
    {
        var o = new Obj();
        o.Str("mode", d.Mode);
        o.Num("replicas", d.Replicas, keepZero: true);
        o.Map("labels", d.Labels);
        if (d.UpdateConfig is not null) o.Child("update_config", Update(d.UpdateConfig));
        if (d.RollbackConfig is not null) o.Child("rollback_config", Update(d.RollbackConfig));
        var res = new Obj();
        if (d.Resources.Limits is not null) res.Child("limits", Resource(d.Resources.Limits));
        if (d.Resources.Reservations is not null) res.Child("reservations", Resource(d.Resources.Reservations));
        o.Child("resources", res);
        if (d.RestartPolicy is { } rp)
        {
            var x = new Obj();
            x.Str("condition", rp.Condition);
            x.Dur("delay", rp.Delay);
            x.Num("max_attempts", (long?)rp.MaxAttempts, keepZero: true);
            x.Dur("window", rp.Window);
            o.Child("restart_policy", x);
        }
        o.Add("placement", d.Placement is ComposeMap pm ? PlacementValue(pm) : new ComposeMap([]));
        o.Str("endpoint_mode", d.EndpointMode);
        return o;
    }

    private static ComposeValue PlacementValue(ComposeMap m)
    {
        var o = new Obj();
        if (m["constraints"] is ComposeList c && c.Items.Count > 0) o.Add("constraints", c);
        if (m["preferences"] is ComposeList p && p.Items.Count > 0) o.Add("preferences", p);
        if (m["max_replicas_per_node"] is ComposeNumber n && n.Literal != "0") o.Add("max_replicas_per_node", n);
        return o.Build();
    }

    private static Obj Update(UpdateSpec u)
    {
        var o = new Obj();
        o.Num("parallelism", (long?)u.Parallelism, keepZero: true);
        o.Dur("delay", u.Delay, keepZero: false);
        o.Str("failure_action", u.FailureAction);
        o.Dur("monitor", u.Monitor, keepZero: false);
        o.F32("max_failure_ratio", u.MaxFailureRatio);
        o.Str("order", u.Order);
        return o;
    }

    private static Obj Resource(ResourceSpec r)
    {
        var o = new Obj();
        o.F32("cpus", r.Cpus);
        o.Bytes("memory", r.MemoryBytes);
        o.Num("pids", r.Pids);
        if (r.Devices.Count > 0) o.Add("devices", new ComposeList(r.Devices.Select(DeviceRequest).ToList()));
        if (r.GenericResources is ComposeList gl && gl.Items.Count > 0) o.Add("generic_resources", gl);
        return o;
    }

    private static ComposeValue DeviceRequest(DeviceRequest d)
    {
        var o = new Obj();
        o.List("capabilities", d.Capabilities);
        o.Str("driver", d.Driver);
        o.Num("count", d.Count);
        o.List("device_ids", d.DeviceIds);
        o.Map("options", d.Options);
        return o.Build();
    }

    private static Obj Healthcheck(HealthcheckSpec h)
    {
        var o = new Obj();
        o.List("test", h.Test);
        o.Dur("timeout", h.Timeout);
        o.Dur("interval", h.Interval);
        o.Num("retries", (long?)h.Retries, keepZero: true);
        o.Dur("start_period", h.StartPeriod);
        o.Dur("start_interval", h.StartInterval);
        o.Bool("disable", h.Disable);
        return o;
    }

    private static ComposeValue ServiceNetwork(ServiceNetworkSpec n)
    {
        var o = new Obj();
        o.Num("priority", n.Priority);
        o.Num("gw_priority", n.GatewayPriority);
        o.List("aliases", n.Aliases);
        o.Str("ipv4_address", n.Ipv4Address);
        o.Str("ipv6_address", n.Ipv6Address);
        o.List("link_local_ips", n.LinkLocalIps);
        o.Str("mac_address", n.MacAddress);
        o.Map("driver_opts", n.DriverOpts);
        return o.Build();
    }

    private static ComposeValue Port(PortSpec p)
    {
        var o = new Obj();
        o.Str("name", p.Name);
        o.Str("mode", p.Mode);
        o.Str("host_ip", p.HostIp);
        o.Num("target", p.Target);
        o.Str("published", p.Published);
        o.Str("protocol", p.Protocol);
        o.Str("app_protocol", p.AppProtocol);
        return o.Build();
    }

    private static ComposeValue Mount(MountSpec m)
    {
        var o = new Obj();
        o.Str("type", m.Type switch
        {
            MountType.Bind => "bind",
            MountType.Tmpfs => "tmpfs",
            MountType.Npipe => "npipe",
            MountType.Cluster => "cluster",
            MountType.Image => "image",
            _ => "volume",
        });
        o.Str("source", m.Source);
        o.Str("target", m.Target);
        o.Bool("read_only", m.ReadOnly);
        o.Str("consistency", m.Consistency);
        if (m.Bind is { } b)
        {
            var x = new Obj();
            x.Str("selinux", b.SELinux);
            x.Str("propagation", b.Propagation);
            x.Bool("create_host_path", b.CreateHostPath);
            x.Str("recursive", b.Recursive);
            o.Child("bind", x);
        }
        if (m.Volume is { } v)
        {
            var x = new Obj();
            x.Bool("nocopy", v.NoCopy);
            x.Str("subpath", v.Subpath);
            o.Child("volume", x);
        }
        if (m.Tmpfs is { } t)
        {
            var x = new Obj();
            x.Bytes("size", t.Size);
            x.Num("mode", t.Mode);
            o.Child("tmpfs", x);
        }
        return o.Build();
    }

    private static ComposeValue FileRef(FileReference f)
    {
        var o = new Obj();
        o.Str("source", f.Source);
        o.Str("target", f.Target);
        o.Str("uid", f.Uid);
        o.Str("gid", f.Gid);
        o.Num("mode", f.Mode, keepZero: true);
        return o.Build();
    }

    private static ComposeValue Network(NetworkSpec n)
    {
        var o = new Obj();
        o.Str("name", n.Name);
        o.Str("driver", n.Driver);
        o.Map("driver_opts", n.DriverOpts);
        var ipam = new Obj();
        ipam.Str("driver", n.Ipam.Driver);
        if (n.Ipam.Config.Count > 0)
            ipam.Add("config", new ComposeList(n.Ipam.Config.Select(c =>
            {
                var x = new Obj();
                x.Str("subnet", c.Subnet);
                x.Str("gateway", c.Gateway);
                x.Str("ip_range", c.IpRange);
                x.Map("aux_addresses", c.AuxAddresses);
                return (ComposeValue)x.Build();
            }).ToList()));
        ipam.Map("options", n.Ipam.Options);
        o.Child("ipam", ipam);
        o.Bool("external", n.External);
        o.Bool("internal", n.Internal);
        o.Bool("attachable", n.Attachable);
        o.Map("labels", n.Labels);
        o.Bool("enable_ipv4", n.EnableIpv4);
        o.Bool("enable_ipv6", n.EnableIpv6);
        return o.Build();
    }

    private static ComposeValue Volume(VolumeSpec v)
    {
        var o = new Obj();
        o.Str("name", v.Name);
        o.Str("driver", v.Driver);
        o.Map("driver_opts", v.DriverOpts);
        o.Bool("external", v.External);
        o.Map("labels", v.Labels);
        return o.Build();
    }

    private static ComposeValue FileObject(FileObjectSpec f, bool isConfig)
    {
        var o = new Obj();
        o.Str("name", f.Name);
        o.Str("file", f.File);
        o.Str("environment", f.Environment);
        if (isConfig && string.IsNullOrEmpty(f.Environment)) o.Str("content", f.Content);
        o.Bool("external", f.External);
        o.Map("labels", f.Labels);
        o.Str("driver", f.Driver);
        o.Map("driver_opts", f.DriverOpts);
        o.Str("template_driver", f.TemplateDriver);
        return o.Build();
    }
}
