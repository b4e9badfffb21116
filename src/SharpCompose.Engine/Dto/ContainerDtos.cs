namespace SharpCompose.Engine;

// Container DTOs. Property names follow the Engine API (JSON matching is case-insensitive).
// Durations inside Healthcheck are nanoseconds, as on the wire.

/// <summary>An empty JSON object, used as the value of Engine "set" maps (ExposedPorts, Volumes).</summary>
public sealed record EmptyObject;

public sealed record HealthConfig
{
    /// <summary>["NONE"], ["CMD", args...], ["CMD-SHELL", command].</summary>
    public IReadOnlyList<string>? Test { get; init; }
    public long? Interval { get; init; }
    public long? Timeout { get; init; }
    public int? Retries { get; init; }
    public long? StartPeriod { get; init; }
    /// <summary>API 1.44+ only.</summary>
    public long? StartInterval { get; init; }
}

/// <summary>The container configuration (the part of a create request that is not host specific).</summary>
public record ContainerConfig
{
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public string? User { get; init; }
    public bool? AttachStdin { get; init; }
    public bool? AttachStdout { get; init; }
    public bool? AttachStderr { get; init; }
    /// <summary>Keys like "80/tcp".</summary>
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public bool? Tty { get; init; }
    public bool? OpenStdin { get; init; }
    public bool? StdinOnce { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public HealthConfig? Healthcheck { get; init; }
    public bool? ArgsEscaped { get; init; }
    public string? Image { get; init; }
    public IReadOnlyDictionary<string, EmptyObject>? Volumes { get; init; }
    public string? WorkingDir { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public bool? NetworkDisabled { get; init; }
    public string? MacAddress { get; init; }
    public IReadOnlyList<string>? OnBuild { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public IReadOnlyList<string>? Shell { get; init; }
}

/// <summary>POST /containers/create body: the container config plus host and networking config.</summary>
public sealed record ContainerCreateRequest : ContainerConfig
{
    public HostConfig? HostConfig { get; init; }
    public NetworkingConfig? NetworkingConfig { get; init; }
}

public sealed record ContainerCreateResponse
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string>? Warnings { get; init; }
}

public sealed record LogConfig
{
    public string? Type { get; init; }
    public IReadOnlyDictionary<string, string>? Config { get; init; }
}

public sealed record PortBinding
{
    public string? HostIp { get; init; }
    public string? HostPort { get; init; }
}

public sealed record RestartPolicy
{
    /// <summary>"", "no", "always", "unless-stopped", "on-failure".</summary>
    public string? Name { get; init; }
    public int? MaximumRetryCount { get; init; }
}

public sealed record DeviceMapping
{
    public string? PathOnHost { get; init; }
    public string? PathInContainer { get; init; }
    public string? CgroupPermissions { get; init; }
}

public sealed record DeviceRequest
{
    public string? Driver { get; init; }
    public int? Count { get; init; }
    public IReadOnlyList<string>? DeviceIDs { get; init; }
    public IReadOnlyList<IReadOnlyList<string>>? Capabilities { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

public sealed record Ulimit
{
    public string? Name { get; init; }
    public long? Soft { get; init; }
    public long? Hard { get; init; }
}

public sealed record WeightDevice
{
    public string? Path { get; init; }
    public int? Weight { get; init; }
}

public sealed record ThrottleDevice
{
    public string? Path { get; init; }
    public long? Rate { get; init; }
}

public sealed record MountBindOptions
{
    public string? Propagation { get; init; }
    public bool? NonRecursive { get; init; }
    public bool? CreateMountpoint { get; init; }
}

public sealed record MountDriverConfig
{
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

public sealed record MountVolumeOptions
{
    public bool? NoCopy { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public MountDriverConfig? DriverConfig { get; init; }
    /// <summary>API 1.45+ only.</summary>
    public string? Subpath { get; init; }
}

public sealed record MountTmpfsOptions
{
    public long? SizeBytes { get; init; }
    public int? Mode { get; init; }
}

/// <summary>A HostConfig.Mounts entry.</summary>
public sealed record Mount
{
    public string? Target { get; init; }
    public string? Source { get; init; }
    /// <summary>"bind", "volume", "tmpfs", "npipe", "cluster".</summary>
    public string? Type { get; init; }
    public bool? ReadOnly { get; init; }
    public string? Consistency { get; init; }
    public MountBindOptions? BindOptions { get; init; }
    public MountVolumeOptions? VolumeOptions { get; init; }
    public MountTmpfsOptions? TmpfsOptions { get; init; }
}

/// <summary>Host configuration (HostConfig with its embedded Resources).</summary>
public sealed record HostConfig
{
    public IReadOnlyList<string>? Binds { get; init; }
    public string? ContainerIDFile { get; init; }
    public LogConfig? LogConfig { get; init; }
    public string? NetworkMode { get; init; }
    /// <summary>Keys like "80/tcp".</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?>? PortBindings { get; init; }
    public RestartPolicy? RestartPolicy { get; init; }
    public bool? AutoRemove { get; init; }
    public string? VolumeDriver { get; init; }
    public IReadOnlyList<string>? VolumesFrom { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public string? CgroupnsMode { get; init; }
    public IReadOnlyList<string>? Dns { get; init; }
    public IReadOnlyList<string>? DnsOptions { get; init; }
    public IReadOnlyList<string>? DnsSearch { get; init; }
    /// <summary>"host:ip" entries.</summary>
    public IReadOnlyList<string>? ExtraHosts { get; init; }
    public IReadOnlyList<string>? GroupAdd { get; init; }
    public string? IpcMode { get; init; }
    public string? Cgroup { get; init; }
    public IReadOnlyList<string>? Links { get; init; }
    public int? OomScoreAdj { get; init; }
    public string? PidMode { get; init; }
    public bool? Privileged { get; init; }
    public bool? PublishAllPorts { get; init; }
    public bool? ReadonlyRootfs { get; init; }
    public IReadOnlyList<string>? SecurityOpt { get; init; }
    public IReadOnlyDictionary<string, string>? StorageOpt { get; init; }
    /// <summary>Path to mount options.</summary>
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }
    public string? UTSMode { get; init; }
    public string? UsernsMode { get; init; }
    public long? ShmSize { get; init; }
    public IReadOnlyDictionary<string, string>? Sysctls { get; init; }
    public string? Runtime { get; init; }
    public string? Isolation { get; init; }
    public IReadOnlyList<string>? MaskedPaths { get; init; }
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }
    public IReadOnlyList<Mount>? Mounts { get; init; }
    public bool? Init { get; init; }

    // Resources (embedded in HostConfig on the wire)
    public long? CpuShares { get; init; }
    public long? Memory { get; init; }
    public long? NanoCpus { get; init; }
    public string? CgroupParent { get; init; }
    public int? BlkioWeight { get; init; }
    public IReadOnlyList<WeightDevice>? BlkioWeightDevice { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceReadBps { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceWriteBps { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceReadIOps { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceWriteIOps { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? CpuRealtimePeriod { get; init; }
    public long? CpuRealtimeRuntime { get; init; }
    public string? CpusetCpus { get; init; }
    public string? CpusetMems { get; init; }
    public IReadOnlyList<DeviceMapping>? Devices { get; init; }
    public IReadOnlyList<string>? DeviceCgroupRules { get; init; }
    public IReadOnlyList<DeviceRequest>? DeviceRequests { get; init; }
    public long? MemoryReservation { get; init; }
    public long? MemorySwap { get; init; }
    public long? MemorySwappiness { get; init; }
    public bool? OomKillDisable { get; init; }
    public long? PidsLimit { get; init; }
    public IReadOnlyList<Ulimit>? Ulimits { get; init; }
    public long? CpuCount { get; init; }
    public long? CpuPercent { get; init; }
}

public sealed record EndpointIpamConfig
{
    public string? IPv4Address { get; init; }
    public string? IPv6Address { get; init; }
    public IReadOnlyList<string>? LinkLocalIPs { get; init; }
}

/// <summary>A container's settings on one network (create request and inspect result).</summary>
public sealed record EndpointSettings
{
    public EndpointIpamConfig? IPAMConfig { get; init; }
    public IReadOnlyList<string>? Links { get; init; }
    public IReadOnlyList<string>? Aliases { get; init; }
    public string? NetworkID { get; init; }
    public string? EndpointID { get; init; }
    public string? Gateway { get; init; }
    public string? IPAddress { get; init; }
    public int? IPPrefixLen { get; init; }
    public string? IPv6Gateway { get; init; }
    public string? GlobalIPv6Address { get; init; }
    public int? GlobalIPv6PrefixLen { get; init; }
    public string? MacAddress { get; init; }
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
    /// <summary>API 1.45+ only.</summary>
    public IReadOnlyList<string>? DNSNames { get; init; }
}

public sealed record NetworkingConfig
{
    /// <summary>Network name to endpoint settings. Before API 1.44 the engine honours one entry only.</summary>
    public IReadOnlyDictionary<string, EndpointSettings>? EndpointsConfig { get; init; }
}

public sealed record HealthLogEntry
{
    public string? Start { get; init; }
    public string? End { get; init; }
    public int ExitCode { get; init; }
    public string? Output { get; init; }
}

public sealed record ContainerHealth
{
    /// <summary>"none", "starting", "healthy", "unhealthy".</summary>
    public string? Status { get; init; }
    public int FailingStreak { get; init; }
    public IReadOnlyList<HealthLogEntry>? Log { get; init; }
}

public sealed record ContainerState
{
    /// <summary>"created", "running", "paused", "restarting", "removing", "exited", "dead".</summary>
    public string? Status { get; init; }
    public bool Running { get; init; }
    public bool Paused { get; init; }
    public bool Restarting { get; init; }
    public bool OOMKilled { get; init; }
    public bool Dead { get; init; }
    public int Pid { get; init; }
    public int ExitCode { get; init; }
    public string? Error { get; init; }
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
    public ContainerHealth? Health { get; init; }
}

public sealed record MountPoint
{
    public string? Type { get; init; }
    public string? Name { get; init; }
    public string? Source { get; init; }
    public string? Destination { get; init; }
    public string? Driver { get; init; }
    public string? Mode { get; init; }
    public bool RW { get; init; }
    public string? Propagation { get; init; }
}

public sealed record NetworkSettings
{
    public string? Bridge { get; init; }
    public string? SandboxID { get; init; }
    public string? SandboxKey { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?>? Ports { get; init; }
    public string? IPAddress { get; init; }
    public string? Gateway { get; init; }
    public string? MacAddress { get; init; }
    public IReadOnlyDictionary<string, EndpointSettings>? Networks { get; init; }
}

/// <summary>GET /containers/{id}/json.</summary>
public sealed record ContainerInspect
{
    public string Id { get; init; } = "";
    public string? Created { get; init; }
    public string? Path { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public ContainerState? State { get; init; }
    public string? Image { get; init; }
    public string? ResolvConfPath { get; init; }
    public string? HostnamePath { get; init; }
    public string? HostsPath { get; init; }
    public string? LogPath { get; init; }
    /// <summary>With the leading "/".</summary>
    public string? Name { get; init; }
    public int RestartCount { get; init; }
    public string? Driver { get; init; }
    public string? Platform { get; init; }
    public IReadOnlyList<string>? ExecIDs { get; init; }
    public HostConfig? HostConfig { get; init; }
    public IReadOnlyList<MountPoint>? Mounts { get; init; }
    public ContainerConfig? Config { get; init; }
    public NetworkSettings? NetworkSettings { get; init; }
}

public sealed record ContainerPort
{
    public string? IP { get; init; }
    public int PrivatePort { get; init; }
    public int? PublicPort { get; init; }
    public string? Type { get; init; }
}

public sealed record ContainerSummaryHostConfig
{
    public string? NetworkMode { get; init; }
}

public sealed record ContainerSummaryNetworks
{
    public IReadOnlyDictionary<string, EndpointSettings>? Networks { get; init; }
}

/// <summary>An item of GET /containers/json.</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = "";
    /// <summary>With the leading "/".</summary>
    public IReadOnlyList<string>? Names { get; init; }
    public string? Image { get; init; }
    public string? ImageID { get; init; }
    public string? Command { get; init; }
    public long Created { get; init; }
    public IReadOnlyList<ContainerPort>? Ports { get; init; }
    public long? SizeRw { get; init; }
    public long? SizeRootFs { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? State { get; init; }
    public string? Status { get; init; }
    public ContainerSummaryHostConfig? HostConfig { get; init; }
    public ContainerSummaryNetworks? NetworkSettings { get; init; }
    public IReadOnlyList<MountPoint>? Mounts { get; init; }
}

public sealed record ContainerWaitError
{
    public string? Message { get; init; }
}

/// <summary>The result of POST /containers/{id}/wait.</summary>
public sealed record ContainerWaitResponse
{
    public long StatusCode { get; init; }
    public ContainerWaitError? Error { get; init; }
}

public sealed record ContainerTop
{
    public IReadOnlyList<string>? Titles { get; init; }
    public IReadOnlyList<IReadOnlyList<string>>? Processes { get; init; }
}

/// <summary>The X-Docker-Container-Path-Stat header of the archive endpoints.</summary>
public sealed record ContainerPathStat
{
    public string? Name { get; init; }
    public long Size { get; init; }
    public long Mode { get; init; }
    public string? Mtime { get; init; }
    public string? LinkTarget { get; init; }
}

public sealed record ExecCreateRequest
{
    public bool? AttachStdin { get; init; }
    public bool? AttachStdout { get; init; }
    public bool? AttachStderr { get; init; }
    public string? DetachKeys { get; init; }
    public bool? Tty { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public bool? Privileged { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
}

public sealed record IdResponse
{
    public string Id { get; init; } = "";
}

public sealed record ExecProcessConfig
{
    public string? User { get; init; }
    public bool? Privileged { get; init; }
    public bool? Tty { get; init; }
    public string? Entrypoint { get; init; }
    public IReadOnlyList<string>? Arguments { get; init; }
}

/// <summary>GET /exec/{id}/json.</summary>
public sealed record ExecInspect
{
    public string? ID { get; init; }
    public bool Running { get; init; }
    /// <summary>Null while running.</summary>
    public int? ExitCode { get; init; }
    public ExecProcessConfig? ProcessConfig { get; init; }
    public bool OpenStdin { get; init; }
    public bool OpenStderr { get; init; }
    public bool OpenStdout { get; init; }
    public bool CanRemove { get; init; }
    public string? ContainerID { get; init; }
    public int Pid { get; init; }
}

internal sealed record ExecStartRequest
{
    public bool Detach { get; init; }
    public bool Tty { get; init; }
}

internal sealed record EngineErrorBody
{
    public string? Message { get; init; }
}
