using System.Globalization;
using SharpCompose.Loading.Yaml;
using SharpCompose.Model;

namespace SharpCompose.Loading.Stages;

/// <summary>Binds the canonical tree to the typed model, reporting type errors with positions.</summary>
public sealed partial class ProjectBinder(DiagnosticBag bag)
{
    private readonly DiagnosticBag _bag = bag;

    /// <summary>Name unnamed networks/volumes/secrets/configs "{project}_{key}" (off for --no-normalize).</summary>
    public bool DefaultResourceNames { get; init; } = true;

    private string DefaultName(string project, string key) => DefaultResourceNames ? $"{project}_{key}" : "";

    public Project Bind(YMapping dict, string projectName, string workingDir, IReadOnlyDictionary<string, string> env, IReadOnlyList<string> files)
    {
        var services = new SortedDictionary<string, ServiceSpec>(StringComparer.Ordinal);
        if (dict.Get("services") is YMapping sm)
            foreach (var e in sm.Entries)
            {
                if (e.Value is YMapping svc) services[e.Name] = Service(e.Name, svc, "services." + e.Name);
                else if (e.Value.IsNull) services[e.Name] = new ServiceSpec { Name = e.Name };
                else Error(e.Value, "services." + e.Name, "must be a mapping");
            }
        var networks = new SortedDictionary<string, NetworkSpec>(StringComparer.Ordinal);
        if (dict.Get("networks") is YMapping nm)
            foreach (var e in nm.Entries) networks[e.Name] = Network(e.Name, e.Value as YMapping, "networks." + e.Name, projectName);
        var volumes = new SortedDictionary<string, VolumeSpec>(StringComparer.Ordinal);
        if (dict.Get("volumes") is YMapping vm)
            foreach (var e in vm.Entries) volumes[e.Name] = Volume(e.Name, e.Value as YMapping, "volumes." + e.Name, projectName);
        var secrets = new SortedDictionary<string, FileObjectSpec>(StringComparer.Ordinal);
        if (dict.Get("secrets") is YMapping secm)
            foreach (var e in secm.Entries) secrets[e.Name] = FileObject(e.Name, e.Value as YMapping, "secrets." + e.Name, projectName);
        var configs = new SortedDictionary<string, FileObjectSpec>(StringComparer.Ordinal);
        if (dict.Get("configs") is YMapping cm)
            foreach (var e in cm.Entries) configs[e.Name] = FileObject(e.Name, e.Value as YMapping, "configs." + e.Name, projectName);
        var ext = new SortedDictionary<string, ComposeValue>(StringComparer.Ordinal);
        foreach (var e in dict.Entries)
            if (e.Name.StartsWith("x-", StringComparison.Ordinal)) ext[e.Name] = ToValue(e.Value);
        return new Project
        {
            Name = projectName,
            WorkingDirectory = workingDir,
            Services = services,
            Networks = networks,
            Volumes = volumes,
            Secrets = secrets,
            Configs = configs,
            Extensions = ext,
            ComposeFiles = files,
            Environment = env,
        };
    }

    // ------------------------------------------------------------------ services

    private ServiceSpec Service(string name, YMapping m, string path)
    {
        var s = new ServiceSpec { Name = name };
        var ext = new SortedDictionary<string, ComposeValue>(StringComparer.Ordinal);
        foreach (var e in m.Entries)
        {
            var v = e.Value;
            var p = path + "." + e.Name;
            if (v.IsNull && e.Name is not ("command" or "entrypoint")) continue;
            switch (e.Name)
            {
                case "annotations": s = s with { Annotations = Labels(v, p) }; break;
                case "attach": s = s with { Attach = Bool(v, p) }; break;
                case "build": s = s with { Build = Build(v, p) }; break;
                case "develop": s = s with { Develop = ToValue(v) }; break;
                case "blkio_config": s = s with { BlkioConfig = ToValue(v) }; break;
                case "cap_add": s = s with { CapAdd = StringList(v, p) }; break;
                case "cap_drop": s = s with { CapDrop = StringList(v, p) }; break;
                case "cgroup_parent": s = s with { CgroupParent = Str(v, p) }; break;
                case "cgroup": s = s with { Cgroup = Str(v, p) }; break;
                case "cpu_count": s = s with { CpuCount = Long(v, p) }; break;
                case "cpu_percent": s = s with { CpuPercent = (float?)Float(v, p) }; break;
                case "cpu_period": s = s with { CpuPeriod = Long(v, p) }; break;
                case "cpu_quota": s = s with { CpuQuota = Long(v, p) }; break;
                case "cpu_rt_period": s = s with { CpuRtPeriod = Long(v, p) }; break;
                case "cpu_rt_runtime": s = s with { CpuRtRuntime = Long(v, p) }; break;
                case "cpus": s = s with { Cpus = (float?)Float(v, p) }; break;
                case "cpuset": s = s with { Cpuset = Str(v, p) }; break;
                case "cpu_shares": s = s with { CpuShares = Long(v, p) }; break;
                case "command": s = s with { Command = Command(v, p) }; break;
                case "entrypoint": s = s with { Entrypoint = Command(v, p) }; break;
                case "configs": s = s with { Configs = FileRefs(v, p) }; break;
                case "container_name": s = s with { ContainerName = Str(v, p) }; break;
                case "credential_spec": s = s with { CredentialSpec = ToValue(v) }; break;
                case "depends_on": s = s with { DependsOn = DependsOn(v, p) }; break;
                case "deploy": s = s with { Deploy = Deploy(v, p) }; break;
                case "device_cgroup_rules": s = s with { DeviceCgroupRules = StringList(v, p) }; break;
                case "devices": s = s with { Devices = Devices(v, p) }; break;
                case "dns": s = s with { Dns = StringList(v, p) }; break;
                case "dns_opt": s = s with { DnsOpt = StringList(v, p) }; break;
                case "dns_search": s = s with { DnsSearch = StringList(v, p) }; break;
                case "domainname": s = s with { DomainName = Str(v, p) }; break;
                case "environment": s = s with { Environment = MappingWithEquals(v, p) }; break;
                case "env_file": s = s with { EnvFiles = EnvFiles(v, p) }; break;
                case "expose": s = s with { Expose = StringList(v, p) }; break;
                case "extends":
                    if (v is YMapping xm) s = s with { Extends = new ExtendsReference(xm.GetString("service") ?? "", xm.GetString("file")) };
                    break;
                case "external_links": s = s with { ExternalLinks = StringList(v, p) }; break;
                case "extra_hosts": s = s with { ExtraHosts = ExtraHosts(v, p) }; break;
                case "group_add": s = s with { GroupAdd = StringList(v, p) }; break;
                case "gpus": s = s with { Gpus = DeviceRequests(v, p) }; break;
                case "label_file": s = s with { LabelFiles = StringList(v, p) }; break;
                case "post_start": s = s with { PostStart = ToValue(v) }; break;
                case "pre_stop": s = s with { PreStop = ToValue(v) }; break;
                case "hostname": s = s with { Hostname = Str(v, p) }; break;
                case "healthcheck": s = s with { Healthcheck = Healthcheck(v, p) }; break;
                case "image": s = s with { Image = Str(v, p) }; break;
                case "init": s = s with { Init = Bool(v, p) }; break;
                case "ipc": s = s with { Ipc = Str(v, p) }; break;
                case "isolation": s = s with { Isolation = Str(v, p) }; break;
                case "labels": s = s with { Labels = Labels(v, p) }; break;
                case "links": s = s with { Links = StringList(v, p) }; break;
                case "logging": s = s with { Logging = Logging(v, p) }; break;
                case "mem_limit": s = s with { MemLimit = Bytes(v, p) }; break;
                case "mem_reservation": s = s with { MemReservation = Bytes(v, p) }; break;
                case "memswap_limit": s = s with { MemSwapLimit = Bytes(v, p) }; break;
                case "mem_swappiness": s = s with { MemSwappiness = Bytes(v, p) }; break;
                case "mac_address": s = s with { MacAddress = Str(v, p) }; break;
                case "network_mode": s = s with { NetworkMode = Str(v, p) }; break;
                case "networks": s = s with { Networks = ServiceNetworks(v, p) }; break;
                case "oom_kill_disable": s = s with { OomKillDisable = Bool(v, p) ?? false }; break;
                case "oom_score_adj": s = s with { OomScoreAdj = Long(v, p) }; break;
                case "pid": s = s with { Pid = Str(v, p) }; break;
                case "pids_limit": s = s with { PidsLimit = Long(v, p) }; break;
                case "platform": s = s with { Platform = Str(v, p) }; break;
                case "ports": s = s with { Ports = Ports(v, p) }; break;
                case "privileged": s = s with { Privileged = Bool(v, p) ?? false }; break;
                case "profiles": s = s with { Profiles = StringList(v, p) }; break;
                case "pull_policy": s = s with { PullPolicy = Str(v, p) }; break;
                case "read_only": s = s with { ReadOnly = Bool(v, p) ?? false }; break;
                case "restart": s = s with { Restart = Str(v, p) }; break;
                case "runtime": s = s with { Runtime = Str(v, p) }; break;
                case "scale": s = s with { Scale = (int?)Long(v, p) }; break;
                case "secrets": s = s with { Secrets = FileRefs(v, p) }; break;
                case "security_opt": s = s with { SecurityOpt = StringList(v, p) }; break;
                case "shm_size": s = s with { ShmSize = Bytes(v, p) }; break;
                case "stdin_open": s = s with { StdinOpen = Bool(v, p) ?? false }; break;
                case "stop_grace_period": s = s with { StopGracePeriod = Duration(v, p) }; break;
                case "stop_signal": s = s with { StopSignal = Str(v, p) }; break;
                case "storage_opt": s = s with { StorageOpt = Options(v, p) }; break;
                case "sysctls": s = s with { Sysctls = Labels(v, p) }; break;
                case "tmpfs": s = s with { Tmpfs = StringList(v, p) }; break;
                case "tty": s = s with { Tty = Bool(v, p) ?? false }; break;
                case "ulimits": s = s with { Ulimits = Ulimits(v, p) }; break;
                case "user": s = s with { User = Str(v, p) }; break;
                case "userns_mode": s = s with { UsernsMode = Str(v, p) }; break;
                case "uts": s = s with { Uts = Str(v, p) }; break;
                case "volume_driver": s = s with { VolumeDriver = Str(v, p) }; break;
                case "volumes": s = s with { Volumes = Mounts(v, p) }; break;
                case "volumes_from": s = s with { VolumesFrom = StringList(v, p) }; break;
                case "working_dir": s = s with { WorkingDir = Str(v, p) }; break;
                default:
                    if (e.Name.StartsWith("x-", StringComparison.Ordinal)) ext[e.Name] = ToValue(v);
                    break;
            }
        }
        if (ext.Count > 0) s = s with { Extensions = ext };
        return s;
    }

    private IReadOnlyList<string>? Command(YNode v, string p)
    {
        switch (v)
        {
            case YScalar { Kind: ScalarKind.Null }: return null;
            case YScalar s:
                if (!GoValues.TrySplitShellWords(s.GoText ?? "", out var words))
                {
                    Error(v, p, "invalid command line string");
                    return null;
                }
                return words;
            case YSequence q:
                return q.Items.Select(i => (i as YScalar)?.GoText ?? "").ToList();
        }
        Error(v, p, "must be a string or a list of strings");
        return null;
    }

    private BuildSpec? Build(YNode v, string p)
    {
        if (v is YScalar s) return new BuildSpec { Context = s.GoText };
        if (v is not YMapping m) { Error(v, p, "must be a string or a mapping"); return null; }
        var b = new BuildSpec();
        var buildKit = new List<string>();
        foreach (var e in m.Entries)
        {
            var x = e.Value;
            var q = p + "." + e.Name;
            if (x.IsNull) continue;
            switch (e.Name)
            {
                case "context": b = b with { Context = Str(x, q) }; break;
                case "dockerfile": b = b with { Dockerfile = Str(x, q) }; break;
                case "dockerfile_inline": b = b with { DockerfileInline = Str(x, q) }; break;
                case "args": b = b with { Args = MappingWithEquals(x, q) }; break;
                case "ssh":
                    buildKit.Add("ssh");
                    if (x is YMapping sm) b = b with { Ssh = sm.Entries.Select(se => new KeyValuePair<string, string?>(se.Name, (se.Value as YScalar)?.GoText)).ToList() };
                    break;
                case "labels": b = b with { Labels = Labels(x, q) }; break;
                case "cache_from": b = b with { CacheFrom = StringList(x, q) }; break;
                case "cache_to": buildKit.Add("cache_to"); b = b with { CacheTo = StringList(x, q) }; break;
                case "no_cache": b = b with { NoCache = Bool(x, q) ?? false }; break;
                case "additional_contexts": buildKit.Add("additional_contexts"); b = b with { AdditionalContexts = Labels(x, q) }; break;
                case "pull": b = b with { Pull = Bool(x, q) ?? false }; break;
                case "extra_hosts": b = b with { ExtraHosts = ExtraHosts(x, q) }; break;
                case "isolation": b = b with { Isolation = Str(x, q) }; break;
                case "network": b = b with { Network = Str(x, q) }; break;
                case "target": b = b with { Target = Str(x, q) }; break;
                case "secrets": buildKit.Add("secrets"); b = b with { Secrets = FileRefs(x, q) }; break;
                case "shm_size": b = b with { ShmSize = Bytes(x, q) }; break;
                case "tags": b = b with { Tags = StringList(x, q) }; break;
                case "ulimits": b = b with { Ulimits = Ulimits(x, q) }; break;
                case "platforms": buildKit.Add("platforms"); b = b with { Platforms = StringList(x, q) }; break;
                case "privileged": b = b with { Privileged = Bool(x, q) ?? false }; break;
                case "entitlements": buildKit.Add("entitlements"); b = b with { Entitlements = StringList(x, q) }; break;
            }
        }
        if (buildKit.Count > 0) b = b with { BuildKitOnlyAttributes = buildKit };
        return b;
    }

    private Dictionary<string, ServiceDependency> DependsOn(YNode v, string p)
    {
        var r = new Dictionary<string, ServiceDependency>(StringComparer.Ordinal);
        if (v is not YMapping m) { Error(v, p, "must be a mapping or a list"); return r; }
        foreach (var e in m.Entries)
        {
            var d = new ServiceDependency();
            if (e.Value is YMapping dm)
            {
                foreach (var de in dm.Entries)
                {
                    var q = p + "." + e.Name + "." + de.Name;
                    switch (de.Name)
                    {
                        case "condition":
                            var c = Str(de.Value, q);
                            DependencyCondition cond;
                            switch (c)
                            {
                                case "service_started": cond = DependencyCondition.ServiceStarted; break;
                                case "service_healthy": cond = DependencyCondition.ServiceHealthy; break;
                                case "service_completed_successfully": cond = DependencyCondition.ServiceCompletedSuccessfully; break;
                                default:
                                    Error(de.Value, q, $"must be one of the following: \"service_started\", \"service_healthy\", \"service_completed_successfully\"");
                                    cond = DependencyCondition.ServiceStarted;
                                    break;
                            }
                            d = d with { Condition = cond };
                            break;
                        case "required": d = d with { Required = Bool(de.Value, q) ?? true }; break;
                        case "restart": d = d with { Restart = Bool(de.Value, q) ?? false }; break;
                    }
                }
            }
            r[e.Name] = d;
        }
        return r;
    }

    private DeploySpec? Deploy(YNode v, string p)
    {
        if (v is not YMapping m) { Error(v, p, "must be a mapping"); return null; }
        var d = new DeploySpec();
        foreach (var e in m.Entries)
        {
            var x = e.Value;
            var q = p + "." + e.Name;
            if (x.IsNull) continue;
            switch (e.Name)
            {
                case "mode": d = d with { Mode = Str(x, q) }; break;
                case "replicas": d = d with { Replicas = (int?)Long(x, q) }; break;
                case "labels": d = d with { Labels = Labels(x, q) }; break;
                case "update_config": d = d with { UpdateConfig = Update(x, q) }; break;
                case "rollback_config": d = d with { RollbackConfig = Update(x, q) }; break;
                case "resources":
                    if (x is YMapping rm)
                        d = d with { Resources = new ResourcesSpec { Limits = Resource(rm.Get("limits"), q + ".limits"), Reservations = Resource(rm.Get("reservations"), q + ".reservations") } };
                    break;
                case "restart_policy":
                    if (x is YMapping rp)
                    {
                        var r = new RestartPolicySpec();
                        foreach (var re in rp.Entries)
                        {
                            var rq = q + "." + re.Name;
                            switch (re.Name)
                            {
                                case "condition": r = r with { Condition = Str(re.Value, rq) }; break;
                                case "delay": r = r with { Delay = Duration(re.Value, rq) }; break;
                                case "max_attempts": r = r with { MaxAttempts = (ulong?)Long(re.Value, rq) }; break;
                                case "window": r = r with { Window = Duration(re.Value, rq) }; break;
                            }
                        }
                        d = d with { RestartPolicy = r };
                    }
                    break;
                case "placement": d = d with { Placement = ToValue(x) }; break;
                case "endpoint_mode": d = d with { EndpointMode = Str(x, q) }; break;
            }
        }
        return d;
    }

    private UpdateSpec? Update(YNode v, string p)
    {
        if (v is not YMapping m) return null;
        var u = new UpdateSpec();
        foreach (var e in m.Entries)
        {
            var q = p + "." + e.Name;
            switch (e.Name)
            {
                case "parallelism": u = u with { Parallelism = (ulong?)Long(e.Value, q) }; break;
                case "delay": u = u with { Delay = Duration(e.Value, q) }; break;
                case "failure_action": u = u with { FailureAction = Str(e.Value, q) }; break;
                case "monitor": u = u with { Monitor = Duration(e.Value, q) }; break;
                case "max_failure_ratio": u = u with { MaxFailureRatio = (float?)Float(e.Value, q) }; break;
                case "order": u = u with { Order = Str(e.Value, q) }; break;
            }
        }
        return u;
    }

    private ResourceSpec? Resource(YNode? v, string p)
    {
        if (v is not YMapping m) return null;
        var r = new ResourceSpec();
        foreach (var e in m.Entries)
        {
            var q = p + "." + e.Name;
            if (e.Value.IsNull) continue;
            switch (e.Name)
            {
                case "cpus": r = r with { Cpus = (float?)Float(e.Value, q) }; break;
                case "memory": r = r with { MemoryBytes = Bytes(e.Value, q) }; break;
                case "pids": r = r with { Pids = Long(e.Value, q) }; break;
                case "devices": r = r with { Devices = DeviceRequests(e.Value, q) }; break;
                case "generic_resources": r = r with { GenericResources = ToValue(e.Value) }; break;
            }
        }
        return r;
    }

    private List<DeviceRequest> DeviceRequests(YNode v, string q)
    {
        if (v is YScalar { Kind: ScalarKind.String } all && all.Value == "all") return [new DeviceRequest { Count = -1, Capabilities = ["gpu"] }];
        if (v is not YSequence ds) return [];
        return ds.Items.OfType<YMapping>().Select(dm => new DeviceRequest
        {
            Capabilities = dm.Get("capabilities") is { } c ? StringList(c, q) : [],
            Driver = dm.GetString("driver"),
            Count = dm.Get("count") is YScalar cs ? (string.Equals(cs.GoText, "all", StringComparison.OrdinalIgnoreCase) ? -1 : Long(cs, q)) : null,
            DeviceIds = dm.Get("device_ids") is { } ids ? StringList(ids, q) : [],
            Options = dm.Get("options") is { } o ? Options(o, q) : new Dictionary<string, string>(),
        }).ToList();
    }

    private IReadOnlyList<DeviceMapping> Devices(YNode v, string p)
    {
        var r = new List<DeviceMapping>();
        if (v is not YSequence q) { Error(v, p, "must be a list"); return r; }
        for (var i = 0; i < q.Items.Count; i++)
        {
            switch (q.Items[i])
            {
                case YScalar s:
                {
                    var parts = (s.GoText ?? "").Split(':');
                    switch (parts.Length)
                    {
                        case 1: r.Add(new DeviceMapping(parts[0], parts[0])); break;
                        case 2: r.Add(new DeviceMapping(parts[0], parts[1])); break;
                        case 3: r.Add(new DeviceMapping(parts[0], parts[1], parts[2])); break;
                        default: Error(s, $"{p}[{i}]", $"invalid device specification: {s.GoText}"); break;
                    }
                    break;
                }
                case YMapping m:
                    r.Add(new DeviceMapping(m.GetString("source") ?? "", m.GetString("target") ?? m.GetString("source") ?? "", m.GetString("permissions") ?? "rwm"));
                    break;
            }
        }
        return r;
    }

    private List<EnvFileReference> EnvFiles(YNode v, string p)
    {
        var r = new List<EnvFileReference>();
        if (v is not YSequence q) return r;
        foreach (var item in q.Items)
        {
            if (item is YMapping m)
                r.Add(new EnvFileReference(m.GetString("path") ?? "", m.Get("required") is { } req ? Bool(req, p) ?? true : true, m.GetString("format")));
            else if (item is YScalar s) r.Add(new EnvFileReference(s.GoText ?? ""));
        }
        return r;
    }

    private List<ExtraHost> ExtraHosts(YNode v, string p)
    {
        var r = new List<ExtraHost>();
        switch (v)
        {
            case YMapping m:
                foreach (var e in m.Entries)
                {
                    if (e.Value is YSequence ips)
                        foreach (var ip in ips.Items) r.Add(new ExtraHost(e.Name, Unbracket((ip as YScalar)?.GoText ?? "")));
                    else r.Add(new ExtraHost(e.Name, Unbracket((e.Value as YScalar)?.GoText ?? "")));
                }
                break;
            case YSequence q:
                for (var i = 0; i < q.Items.Count; i++)
                {
                    var t = (q.Items[i] as YScalar)?.GoText ?? "";
                    var idx = t.IndexOf('=');
                    if (idx < 0) idx = t.IndexOf(':');
                    if (idx < 0)
                    {
                        Error(q.Items[i], $"{p}[{i}]", $"invalid additional host, missing IP: {t}");
                        continue;
                    }
                    r.Add(new ExtraHost(t[..idx], Unbracket(t[(idx + 1)..])));
                }
                break;
            default:
                Error(v, p, "must be a mapping or a list");
                break;
        }
        return r;

        static string Unbracket(string ip) => ip.Length > 2 && ip[0] == '[' && ip[^1] == ']' ? ip[1..^1] : ip;
    }

    private HealthcheckSpec? Healthcheck(YNode v, string p)
    {
        if (v is not YMapping m) { Error(v, p, "must be a mapping"); return null; }
        var h = new HealthcheckSpec();
        foreach (var e in m.Entries)
        {
            var q = p + "." + e.Name;
            if (e.Value.IsNull) continue;
            switch (e.Name)
            {
                case "test":
                    h = h with
                    {
                        Test = e.Value switch
                        {
                            YScalar s => ["CMD-SHELL", s.GoText ?? ""],
                            YSequence sq => sq.Items.Select(i => (i as YScalar)?.GoText ?? "").ToList(),
                            _ => null,
                        },
                    };
                    break;
                case "interval": h = h with { Interval = Duration(e.Value, q) }; break;
                case "timeout": h = h with { Timeout = Duration(e.Value, q) }; break;
                case "retries": h = h with { Retries = (ulong?)Long(e.Value, q) }; break;
                case "start_period": h = h with { StartPeriod = Duration(e.Value, q) }; break;
                case "start_interval": h = h with { StartInterval = Duration(e.Value, q) }; break;
                case "disable": h = h with { Disable = Bool(e.Value, q) ?? false }; break;
            }
        }
        return h;
    }

    private LoggingSpec? Logging(YNode v, string p)
    {
        if (v is not YMapping m) { Error(v, p, "must be a mapping"); return null; }
        return new LoggingSpec
        {
            Driver = m.Get("driver") is { } d && !d.IsNull ? Str(d, p + ".driver") : null,
            Options = m.Get("options") is { } o && !o.IsNull ? Options(o, p + ".options") : new Dictionary<string, string>(),
        };
    }

    private Dictionary<string, ServiceNetworkSpec?> ServiceNetworks(YNode v, string p)
    {
        var r = new Dictionary<string, ServiceNetworkSpec?>(StringComparer.Ordinal);
        if (v is YSequence q)
        {
            foreach (var i in q.Items) r[(i as YScalar)?.GoText ?? ""] = null;
            return r;
        }
        if (v is not YMapping m) { Error(v, p, "must be a mapping or a list"); return r; }
        foreach (var e in m.Entries)
        {
            if (e.Value is not YMapping nm) { r[e.Name] = null; continue; }
            var q2 = p + "." + e.Name;
            var n = new ServiceNetworkSpec();
            foreach (var ne in nm.Entries)
            {
                var q3 = q2 + "." + ne.Name;
                if (ne.Value.IsNull) continue;
                switch (ne.Name)
                {
                    case "aliases": n = n with { Aliases = StringList(ne.Value, q3) }; break;
                    case "ipv4_address": n = n with { Ipv4Address = Str(ne.Value, q3) }; break;
                    case "ipv6_address": n = n with { Ipv6Address = Str(ne.Value, q3) }; break;
                    case "link_local_ips": n = n with { LinkLocalIps = StringList(ne.Value, q3) }; break;
                    case "mac_address": n = n with { MacAddress = Str(ne.Value, q3) }; break;
                    case "driver_opts": n = n with { DriverOpts = Options(ne.Value, q3) }; break;
                    case "priority": n = n with { Priority = (int)(Long(ne.Value, q3) ?? 0) }; break;
                    case "gw_priority": n = n with { GatewayPriority = (int)(Long(ne.Value, q3) ?? 0) }; break;
                }
            }
            r[e.Name] = n;
        }
        return r;
    }

    private List<PortSpec> Ports(YNode v, string p)
    {
        var r = new List<PortSpec>();
        if (v is not YSequence q) { Error(v, p, "must be a list"); return r; }
        for (var i = 0; i < q.Items.Count; i++)
        {
            var q2 = $"{p}[{i}]";
            if (q.Items[i] is not YMapping m) { Error(q.Items[i], q2, "invalid port"); continue; }
            var port = new PortSpec { Mode = null, Protocol = null! };
            foreach (var e in m.Entries)
            {
                var q3 = q2 + "." + e.Name;
                if (e.Value.IsNull) continue;
                switch (e.Name)
                {
                    case "target":
                        var t = Long(e.Value, q3);
                        if (t is < 0 or > 65535) Error(e.Value, q3, $"invalid port \"{t}\" (must be 0-65535)");
                        else if (t is not null) port = port with { Target = (uint)t.Value };
                        break;
                    case "published":
                        var pub = Str(e.Value, q3);
                        if (pub is not null && !PublishedOk(pub)) Error(e.Value, q3, $"invalid port \"{pub}\" (must be 0-65535 or a range)");
                        port = port with { Published = pub };
                        break;
                    case "host_ip": port = port with { HostIp = Str(e.Value, q3) }; break;
                    case "protocol": port = port with { Protocol = Str(e.Value, q3)! }; break;
                    case "mode": port = port with { Mode = Str(e.Value, q3) }; break;
                    case "name": port = port with { Name = Str(e.Value, q3) }; break;
                    case "app_protocol": port = port with { AppProtocol = Str(e.Value, q3) }; break;
                }
            }
            r.Add(port);
        }
        return r;

        static bool PublishedOk(string s)
        {
            if (s.Length == 0) return true;
            foreach (var part in s.Split('-', 2))
                if (!uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 65535) return false;
            return true;
        }
    }

    private List<FileReference> FileRefs(YNode v, string p)
    {
        var r = new List<FileReference>();
        if (v is not YSequence q) { Error(v, p, "must be a list"); return r; }
        for (var i = 0; i < q.Items.Count; i++)
        {
            var q2 = $"{p}[{i}]";
            switch (q.Items[i])
            {
                case YScalar s: r.Add(new FileReference { Source = s.GoText ?? "" }); break;
                case YMapping m:
                {
                    var f = new FileReference { Source = m.GetString("source") ?? "" };
                    foreach (var e in m.Entries)
                    {
                        var q3 = q2 + "." + e.Name;
                        if (e.Value.IsNull) continue;
                        switch (e.Name)
                        {
                            case "target": f = f with { Target = Str(e.Value, q3) }; break;
                            case "uid": f = f with { Uid = Str(e.Value, q3) }; break;
                            case "gid": f = f with { Gid = Str(e.Value, q3) }; break;
                            case "mode": f = f with { Mode = (uint?)Long(e.Value, q3) }; break;
                        }
                    }
                    r.Add(f);
                    break;
                }
            }
        }
        return r;
    }

    private Dictionary<string, UlimitSpec> Ulimits(YNode v, string p)
    {
        var r = new Dictionary<string, UlimitSpec>(StringComparer.Ordinal);
        if (v is not YMapping m) { Error(v, p, "must be a mapping"); return r; }
        foreach (var e in m.Entries)
        {
            var q = p + "." + e.Name;
            if (e.Value is YMapping um)
                r[e.Name] = new UlimitSpec { Soft = um.Get("soft") is { } so ? Long(so, q + ".soft") ?? 0 : 0, Hard = um.Get("hard") is { } ha ? Long(ha, q + ".hard") ?? 0 : 0 };
            else r[e.Name] = new UlimitSpec { Single = Long(e.Value, q) };
        }
        return r;
    }

    private List<MountSpec> Mounts(YNode v, string p)
    {
        var r = new List<MountSpec>();
        if (v is not YSequence q) { Error(v, p, "must be a list"); return r; }
        for (var i = 0; i < q.Items.Count; i++)
        {
            var q2 = $"{p}[{i}]";
            if (q.Items[i] is not YMapping m) continue;
            var typeText = m.GetString("type") ?? "volume";
            MountType type;
            switch (typeText)
            {
                case "volume": type = MountType.Volume; break;
                case "bind": type = MountType.Bind; break;
                case "tmpfs": type = MountType.Tmpfs; break;
                case "npipe": type = MountType.Npipe; break;
                case "cluster": type = MountType.Cluster; break;
                case "image": type = MountType.Image; break;
                default:
                    Error(m.Get("type")!, q2 + ".type", $"must be one of the following: \"bind\", \"volume\", \"tmpfs\", \"cluster\", \"npipe\", \"image\"");
                    continue;
            }
            var target = m.GetString("target");
            if (string.IsNullOrEmpty(target))
            {
                Error(m, q2, "service volume is missing a mount target");
                continue;
            }
            var mount = new MountSpec { Type = type, Target = target };
            foreach (var e in m.Entries)
            {
                var q3 = q2 + "." + e.Name;
                if (e.Value.IsNull) continue;
                switch (e.Name)
                {
                    case "source": mount = mount with { Source = Str(e.Value, q3) }; break;
                    case "read_only": mount = mount with { ReadOnly = Bool(e.Value, q3) ?? false }; break;
                    case "consistency": mount = mount with { Consistency = Str(e.Value, q3) }; break;
                    case "bind":
                        if (e.Value is YMapping bm)
                            mount = mount with
                            {
                                Bind = new BindOptions
                                {
                                    Propagation = bm.Get("propagation") is { } pr ? Str(pr, q3 + ".propagation") : null,
                                    SELinux = bm.Get("selinux") is { } se ? Str(se, q3 + ".selinux") : null,
                                    CreateHostPath = bm.Get("create_host_path") is { } ch && (Bool(ch, q3 + ".create_host_path") ?? false),
                                    Recursive = bm.Get("recursive") is { } rc ? Str(rc, q3 + ".recursive") : null,
                                },
                            };
                        break;
                    case "volume":
                        if (e.Value is YMapping vm)
                            mount = mount with
                            {
                                Volume = new VolumeOptions
                                {
                                    NoCopy = vm.Get("nocopy") is { } nc && (Bool(nc, q3 + ".nocopy") ?? false),
                                    Subpath = vm.Get("subpath") is { } sp ? Str(sp, q3 + ".subpath") : null,
                                },
                            };
                        break;
                    case "tmpfs":
                        if (e.Value is YMapping tm)
                            mount = mount with
                            {
                                Tmpfs = new TmpfsOptions
                                {
                                    Size = tm.Get("size") is { } sz ? Bytes(sz, q3 + ".size") : null,
                                    Mode = tm.Get("mode") is { } md ? (uint?)Long(md, q3 + ".mode") : null,
                                },
                            };
                        break;
                }
            }
            r.Add(mount);
        }
        return r;
    }

    // ------------------------------------------------------------------ top-level resources

    private NetworkSpec Network(string key, YMapping? m, string p, string project)
    {
        var n = new NetworkSpec { Name = m?.GetString("name") ?? DefaultName(project, key) };
        if (m is null) return n;
        var ext = new SortedDictionary<string, ComposeValue>(StringComparer.Ordinal);
        foreach (var e in m.Entries)
        {
            var q = p + "." + e.Name;
            if (e.Value.IsNull) continue;
            switch (e.Name)
            {
                case "driver": n = n with { Driver = Str(e.Value, q) }; break;
                case "driver_opts": n = n with { DriverOpts = Options(e.Value, q) }; break;
                case "ipam":
                    if (e.Value is YMapping im)
                    {
                        var ipam = new IpamSpec { Driver = im.Get("driver") is { } dr ? Str(dr, q + ".driver") : null };
                        if (im.Get("options") is { } io) ipam = ipam with { Options = Options(io, q + ".options") };
                        if (im.Get("config") is YSequence cfg)
                            ipam = ipam with
                            {
                                Config = cfg.Items.OfType<YMapping>().Select(c => new IpamPool
                                {
                                    Subnet = c.GetString("subnet"),
                                    Gateway = c.GetString("gateway"),
                                    IpRange = c.GetString("ip_range"),
                                    AuxAddresses = c.Get("aux_addresses") is { } aa ? Labels(aa, q + ".aux_addresses") : new Dictionary<string, string>(),
                                }).ToList(),
                            };
                        n = n with { Ipam = ipam };
                    }
                    break;
                case "external": n = n with { External = ExternalFlag(e.Value, q) }; break;
                case "internal": n = n with { Internal = Bool(e.Value, q) ?? false }; break;
                case "attachable": n = n with { Attachable = Bool(e.Value, q) ?? false }; break;
                case "labels": n = n with { Labels = Labels(e.Value, q) }; break;
                case "enable_ipv6": n = n with { EnableIpv6 = Bool(e.Value, q) }; break;
                case "enable_ipv4": n = n with { EnableIpv4 = Bool(e.Value, q) }; break;
                default:
                    if (e.Name.StartsWith("x-", StringComparison.Ordinal)) ext[e.Name] = ToValue(e.Value);
                    break;
            }
        }
        return ext.Count > 0 ? n with { Extensions = ext } : n;
    }

    private VolumeSpec Volume(string key, YMapping? m, string p, string project)
    {
        var v = new VolumeSpec { Name = m?.GetString("name") ?? DefaultName(project, key) };
        if (m is null) return v;
        var ext = new SortedDictionary<string, ComposeValue>(StringComparer.Ordinal);
        foreach (var e in m.Entries)
        {
            var q = p + "." + e.Name;
            if (e.Value.IsNull) continue;
            switch (e.Name)
            {
                case "driver": v = v with { Driver = Str(e.Value, q) }; break;
                case "driver_opts": v = v with { DriverOpts = Options(e.Value, q) }; break;
                case "external": v = v with { External = ExternalFlag(e.Value, q) }; break;
                case "labels": v = v with { Labels = Labels(e.Value, q) }; break;
                default:
                    if (e.Name.StartsWith("x-", StringComparison.Ordinal)) ext[e.Name] = ToValue(e.Value);
                    break;
            }
        }
        return ext.Count > 0 ? v with { Extensions = ext } : v;
    }

    private FileObjectSpec FileObject(string key, YMapping? m, string p, string project)
    {
        var f = new FileObjectSpec { Name = m?.GetString("name") ?? DefaultName(project, key) };
        if (m is null) return f;
        var ext = new SortedDictionary<string, ComposeValue>(StringComparer.Ordinal);
        foreach (var e in m.Entries)
        {
            var q = p + "." + e.Name;
            if (e.Value.IsNull) continue;
            switch (e.Name)
            {
                case "file": f = f with { File = Str(e.Value, q) }; break;
                case "environment": f = f with { Environment = Str(e.Value, q) }; break;
                case "content": f = f with { Content = Str(e.Value, q) }; break;
                case "external": f = f with { External = ExternalFlag(e.Value, q) }; break;
                case "labels": f = f with { Labels = Labels(e.Value, q) }; break;
                case "driver": f = f with { Driver = Str(e.Value, q) }; break;
                case "driver_opts": f = f with { DriverOpts = Options(e.Value, q) }; break;
                case "template_driver": f = f with { TemplateDriver = Str(e.Value, q) }; break;
                default:
                    if (e.Name.StartsWith("x-", StringComparison.Ordinal)) ext[e.Name] = ToValue(e.Value);
                    break;
            }
        }
        return ext.Count > 0 ? f with { Extensions = ext } : f;
    }

    private bool ExternalFlag(YNode v, string p) => v is YMapping ? true : Bool(v, p) ?? false;
}
