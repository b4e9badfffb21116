namespace SharpCompose.Model;

/// <summary>One service, canonical (long) form, as the engine will receive it. Null = not set.</summary>
public sealed record ServiceSpec
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Profiles { get; init; } = [];
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = EmptyMap.Strings;
    public bool? Attach { get; init; }
    public BuildSpec? Build { get; init; }
    /// <summary>develop: (watch) kept as data.</summary>
    public ComposeValue? Develop { get; init; }
    public ComposeValue? BlkioConfig { get; init; }
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    public string? CgroupParent { get; init; }
    public string? Cgroup { get; init; }
    public long? CpuCount { get; init; }
    public float? CpuPercent { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? CpuRtPeriod { get; init; }
    public long? CpuRtRuntime { get; init; }
    public float? Cpus { get; init; }
    public string? Cpuset { get; init; }
    public long? CpuShares { get; init; }
    /// <summary>null = image default; empty list = explicitly empty.</summary>
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<FileReference> Configs { get; init; } = [];
    public string? ContainerName { get; init; }
    public ComposeValue? CredentialSpec { get; init; }
    public IReadOnlyDictionary<string, ServiceDependency> DependsOn { get; init; } = new Dictionary<string, ServiceDependency>();
    public DeploySpec? Deploy { get; init; }
    public IReadOnlyList<string> DeviceCgroupRules { get; init; } = [];
    public IReadOnlyList<DeviceMapping> Devices { get; init; } = [];
    public IReadOnlyList<string> Dns { get; init; } = [];
    public IReadOnlyList<string> DnsOpt { get; init; } = [];
    public IReadOnlyList<string> DnsSearch { get; init; } = [];
    public string? DomainName { get; init; }
    /// <summary>null = image default; empty list = explicitly empty.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>Resolved environment (env_file entries merged in); a null value = declared but unset.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    /// <summary>The env files the environment was read from (already resolved into Environment).</summary>
    public IReadOnlyList<EnvFileReference> EnvFiles { get; init; } = [];
    public IReadOnlyList<string> Expose { get; init; } = [];
    public ExtendsReference? Extends { get; init; }
    public IReadOnlyList<string> ExternalLinks { get; init; } = [];
    public IReadOnlyList<ExtraHost> ExtraHosts { get; init; } = [];
    public IReadOnlyList<string> GroupAdd { get; init; } = [];
    /// <summary>gpus: device requests for GPUs.</summary>
    public IReadOnlyList<DeviceRequest> Gpus { get; init; } = [];
    /// <summary>label_file entries (absolute paths).</summary>
    public IReadOnlyList<string> LabelFiles { get; init; } = [];
    /// <summary>post_start hooks, kept as data.</summary>
    public ComposeValue? PostStart { get; init; }
    /// <summary>pre_stop hooks, kept as data.</summary>
    public ComposeValue? PreStop { get; init; }
    public string? Hostname { get; init; }
    public HealthcheckSpec? Healthcheck { get; init; }
    /// <summary>Image name as written; null for a built service without image (see <see cref="ImageNameOrDefault"/>).</summary>
    public string? Image { get; init; }
    public bool? Init { get; init; }
    public string? Ipc { get; init; }
    public string? Isolation { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Strings;
    public IReadOnlyList<string> Links { get; init; } = [];
    public LoggingSpec? Logging { get; init; }
    public long? MemLimit { get; init; }
    public long? MemReservation { get; init; }
    public long? MemSwapLimit { get; init; }
    public long? MemSwappiness { get; init; }
    public string? MacAddress { get; init; }
    public string? NetworkMode { get; init; }
    /// <summary>Network name (project key) → attachment; value null = defaults.</summary>
    public IReadOnlyDictionary<string, ServiceNetworkSpec?> Networks { get; init; } = new Dictionary<string, ServiceNetworkSpec?>();
    public bool OomKillDisable { get; init; }
    public long? OomScoreAdj { get; init; }
    public string? Pid { get; init; }
    public long? PidsLimit { get; init; }
    public string? Platform { get; init; }
    public IReadOnlyList<PortSpec> Ports { get; init; } = [];
    public bool Privileged { get; init; }
    /// <summary>always, never, missing, build, if_not_present, daily, weekly, every_&lt;duration&gt;.</summary>
    public string? PullPolicy { get; init; }
    public bool ReadOnly { get; init; }
    /// <summary>no, always, on-failure[:N], unless-stopped.</summary>
    public string? Restart { get; init; }
    public string? Runtime { get; init; }
    public int? Scale { get; init; }
    public IReadOnlyList<FileReference> Secrets { get; init; } = [];
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];
    public long? ShmSize { get; init; }
    public bool StdinOpen { get; init; }
    public TimeSpan? StopGracePeriod { get; init; }
    public string? StopSignal { get; init; }
    public IReadOnlyDictionary<string, string> StorageOpt { get; init; } = EmptyMap.Strings;
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = EmptyMap.Strings;
    public IReadOnlyList<string> Tmpfs { get; init; } = [];
    public bool Tty { get; init; }
    public IReadOnlyDictionary<string, UlimitSpec> Ulimits { get; init; } = new Dictionary<string, UlimitSpec>();
    public string? User { get; init; }
    public string? UsernsMode { get; init; }
    public string? Uts { get; init; }
    public string? VolumeDriver { get; init; }
    public IReadOnlyList<MountSpec> Volumes { get; init; } = [];
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
    public string? WorkingDir { get; init; }
    /// <summary>x-* keys of the service.</summary>
    public IReadOnlyDictionary<string, ComposeValue> Extensions { get; init; } = new Dictionary<string, ComposeValue>();

    /// <summary>The image to run/build: Image, else "{project}-{service}" (Compose v2's default for built services).</summary>
    public string ImageNameOrDefault(string projectName) => string.IsNullOrEmpty(Image) ? projectName + "-" + Name : Image;

    /// <summary>Number of containers: scale, else deploy.replicas, else 1.</summary>
    public int EffectiveScale => Scale ?? Deploy?.Replicas ?? 1;
}
