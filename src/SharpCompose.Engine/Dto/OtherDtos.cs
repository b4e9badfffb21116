using System.Text.Json;
using System.Text.Json.Serialization;

namespace SharpCompose.Engine;

// ---------- images ----------

/// <summary>An item of GET /images/json.</summary>
public sealed record ImageSummary
{
    public string Id { get; init; } = "";
    public string? ParentId { get; init; }
    public IReadOnlyList<string>? RepoTags { get; init; }
    public IReadOnlyList<string>? RepoDigests { get; init; }
    public long Created { get; init; }
    public long Size { get; init; }
    public long SharedSize { get; init; }
    public long VirtualSize { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public long Containers { get; init; }
}

public sealed record ImageRootFs
{
    public string? Type { get; init; }
    public IReadOnlyList<string>? Layers { get; init; }
}

/// <summary>GET /images/{name}/json.</summary>
public sealed record ImageInspect
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string>? RepoTags { get; init; }
    public IReadOnlyList<string>? RepoDigests { get; init; }
    public string? Parent { get; init; }
    public string? Comment { get; init; }
    public string? Created { get; init; }
    public string? DockerVersion { get; init; }
    public string? Author { get; init; }
    public ContainerConfig? Config { get; init; }
    public string? Architecture { get; init; }
    public string? Variant { get; init; }
    public string? Os { get; init; }
    public long Size { get; init; }
    public long VirtualSize { get; init; }
    public ImageRootFs? RootFS { get; init; }
    public ImageMetadata? Metadata { get; init; }
}

/// <summary>The engine's local bookkeeping of an image.</summary>
public sealed record ImageMetadata
{
    /// <summary>When a tag last pointed at this image (RFC 3339; Go's zero time "0001-01-01T00:00:00Z" when never:
    /// a pull that brought new content does not set it on 20.10, a tag or a build does).</summary>
    public string? LastTagTime { get; init; }
}

/// <summary>An item of DELETE /images/{name}.</summary>
public sealed record ImageDeleteItem
{
    public string? Untagged { get; init; }
    public string? Deleted { get; init; }
}

public sealed record ProgressDetail
{
    public long? Current { get; init; }
    public long? Total { get; init; }
}

public sealed record ErrorDetail
{
    public int? Code { get; init; }
    public string? Message { get; init; }
}

/// <summary>
/// One message of a pull, push or build progress stream. A message carrying <see cref="Error"/> is never
/// yielded: the stream throws <see cref="EngineProgressException"/> instead.
/// </summary>
public sealed record ProgressMessage
{
    public string? Id { get; init; }
    public string? Status { get; init; }
    public string? Progress { get; init; }
    public ProgressDetail? ProgressDetail { get; init; }
    /// <summary>Build output text.</summary>
    public string? Stream { get; init; }
    /// <summary>Auxiliary data, e.g. {"ID":"sha256:..."} at the end of a build, or the pushed digest.</summary>
    public JsonElement? Aux { get; init; }
    public string? Error { get; init; }
    public ErrorDetail? ErrorDetail { get; init; }

    /// <summary>The "ID" of <see cref="Aux"/>: the image ID at the end of a build.</summary>
    [JsonIgnore]
    public string? AuxId => AuxString("ID");

    /// <summary>The "Digest" of <see cref="Aux"/>: the pushed manifest digest.</summary>
    [JsonIgnore]
    public string? AuxDigest => AuxString("Digest");

    private string? AuxString(string name) =>
        Aux is { ValueKind: JsonValueKind.Object } aux && aux.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}

// ---------- networks ----------

public sealed record IpamPoolConfig
{
    public string? Subnet { get; init; }
    public string? IPRange { get; init; }
    public string? Gateway { get; init; }
    public IReadOnlyDictionary<string, string>? AuxiliaryAddresses { get; init; }
}

public sealed record Ipam
{
    public string? Driver { get; init; }
    public IReadOnlyList<IpamPoolConfig>? Config { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

/// <summary>POST /networks/create. CheckDuplicate is set by the client when the API is older than 1.44.</summary>
public sealed record NetworkCreateRequest
{
    public string Name { get; init; } = "";
    public bool? CheckDuplicate { get; init; }
    public string? Driver { get; init; }
    public string? Scope { get; init; }
    public bool? Internal { get; init; }
    public bool? Attachable { get; init; }
    public bool? Ingress { get; init; }
    public Ipam? IPAM { get; init; }
    public bool? EnableIPv6 { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

public sealed record NetworkCreateResponse
{
    public string Id { get; init; } = "";
    public string? Warning { get; init; }
}

public sealed record NetworkContainer
{
    public string? Name { get; init; }
    public string? EndpointID { get; init; }
    public string? MacAddress { get; init; }
    public string? IPv4Address { get; init; }
    public string? IPv6Address { get; init; }
}

/// <summary>GET /networks/{id} and the items of GET /networks.</summary>
public sealed record NetworkInspect
{
    public string Name { get; init; } = "";
    public string Id { get; init; } = "";
    public string? Created { get; init; }
    public string? Scope { get; init; }
    public string? Driver { get; init; }
    public bool EnableIPv6 { get; init; }
    public Ipam? IPAM { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public IReadOnlyDictionary<string, NetworkContainer>? Containers { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

internal sealed record NetworkConnectRequest
{
    public string Container { get; init; } = "";
    public EndpointSettings? EndpointConfig { get; init; }
}

internal sealed record NetworkDisconnectRequest
{
    public string Container { get; init; } = "";
    public bool Force { get; init; }
}

// ---------- volumes ----------

public sealed record VolumeCreateRequest
{
    public string? Name { get; init; }
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>GET /volumes/{name} and the items of GET /volumes.</summary>
public sealed record Volume
{
    public string Name { get; init; } = "";
    public string? Driver { get; init; }
    public string? Mountpoint { get; init; }
    public string? CreatedAt { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? Scope { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public JsonElement? Status { get; init; }
}

internal sealed record VolumeListResponse
{
    public IReadOnlyList<Volume>? Volumes { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }
}

// ---------- system ----------

public sealed record VersionComponent
{
    public string? Name { get; init; }
    public string? Version { get; init; }
}

/// <summary>GET /version.</summary>
public sealed record EngineVersion
{
    public string? Version { get; init; }
    public string? ApiVersion { get; init; }
    public string? MinAPIVersion { get; init; }
    public string? GitCommit { get; init; }
    public string? GoVersion { get; init; }
    public string? Os { get; init; }
    public string? Arch { get; init; }
    public string? KernelVersion { get; init; }
    public bool? Experimental { get; init; }
    public string? BuildTime { get; init; }
    public IReadOnlyList<VersionComponent>? Components { get; init; }
}

/// <summary>GET /info (the fields Compose uses).</summary>
public sealed record EngineInfo
{
    public string? ID { get; init; }
    public int Containers { get; init; }
    public int ContainersRunning { get; init; }
    public int ContainersPaused { get; init; }
    public int ContainersStopped { get; init; }
    public int Images { get; init; }
    public string? Driver { get; init; }
    public string? DockerRootDir { get; init; }
    public string? Name { get; init; }
    public string? ServerVersion { get; init; }
    public string? OperatingSystem { get; init; }
    public string? OSType { get; init; }
    public string? Architecture { get; init; }
    public int NCPU { get; init; }
    public long MemTotal { get; init; }
    public string? KernelVersion { get; init; }
    public string? CgroupDriver { get; init; }
    public string? CgroupVersion { get; init; }
    public string? DefaultRuntime { get; init; }
    public bool ExperimentalBuild { get; init; }
    public IReadOnlyList<string>? Labels { get; init; }
    public IReadOnlyList<string>? SecurityOptions { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }
}

// ---------- events ----------

public sealed record EventActor
{
    public string? ID { get; init; }
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}

/// <summary>One message of GET /events.</summary>
public sealed record EngineEvent
{
    /// <summary>"container", "image", "network", "volume", ...</summary>
    public string? Type { get; init; }
    /// <summary>"create", "start", "die", "health_status: healthy", ...</summary>
    public string? Action { get; init; }
    public EventActor? Actor { get; init; }
    public string? Scope { get; init; }
    public long Time { get; init; }
    public long TimeNano { get; init; }
}
