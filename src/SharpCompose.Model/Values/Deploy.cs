namespace SharpCompose.Model;

public sealed record DeploySpec
{
    public string? Mode { get; init; }
    public int? Replicas { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Strings;
    public UpdateSpec? UpdateConfig { get; init; }
    public UpdateSpec? RollbackConfig { get; init; }
    public ResourcesSpec Resources { get; init; } = new();
    public RestartPolicySpec? RestartPolicy { get; init; }
    /// <summary>Swarm placement, kept as data.</summary>
    public ComposeValue? Placement { get; init; }
    public string? EndpointMode { get; init; }
}

public sealed record UpdateSpec
{
    public ulong? Parallelism { get; init; }
    public TimeSpan? Delay { get; init; }
    public string? FailureAction { get; init; }
    public TimeSpan? Monitor { get; init; }
    public float? MaxFailureRatio { get; init; }
    public string? Order { get; init; }
}

public sealed record ResourcesSpec
{
    public ResourceSpec? Limits { get; init; }
    public ResourceSpec? Reservations { get; init; }
}

public sealed record ResourceSpec
{
    public float? Cpus { get; init; }
    public long? MemoryBytes { get; init; }
    public long? Pids { get; init; }
    public IReadOnlyList<DeviceRequest> Devices { get; init; } = [];
    /// <summary>generic_resources, kept as data.</summary>
    public ComposeValue? GenericResources { get; init; }
}

public sealed record DeviceRequest
{
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public string? Driver { get; init; }
    /// <summary>-1 = all.</summary>
    public long? Count { get; init; }
    public IReadOnlyList<string> DeviceIds { get; init; } = [];
    public IReadOnlyDictionary<string, string> Options { get; init; } = EmptyMap.Strings;
}

public sealed record RestartPolicySpec
{
    public string? Condition { get; init; }
    public TimeSpan? Delay { get; init; }
    public ulong? MaxAttempts { get; init; }
    public TimeSpan? Window { get; init; }
}
