namespace SharpCompose.Model;

/// <summary>A published port, long form (ports: entries after normalisation).</summary>
public sealed record PortSpec
{
    /// <summary>Container port.</summary>
    public uint Target { get; init; }
    /// <summary>Host port or range ("8080", "6005-6015"); null when the engine picks one.</summary>
    public string? Published { get; init; }
    public string? HostIp { get; init; }
    /// <summary>tcp, udp or sctp (lower case).</summary>
    public string Protocol { get; init; } = "tcp";
    /// <summary>ingress or host.</summary>
    public string? Mode { get; init; } = "ingress";
    public string? Name { get; init; }
    public string? AppProtocol { get; init; }

    /// <summary>Parses Published into a range; (0,0) when unpublished.</summary>
    public (int Start, int End) PublishedRange
    {
        get
        {
            if (string.IsNullOrEmpty(Published)) return (0, 0);
            var dash = Published.IndexOf('-');
            if (dash < 0) return int.TryParse(Published, out var p) ? (p, p) : (0, 0);
            return int.TryParse(Published.AsSpan(0, dash), out var a) && int.TryParse(Published.AsSpan(dash + 1), out var b) ? (a, b) : (0, 0);
        }
    }
}

public enum MountType { Volume, Bind, Tmpfs, Npipe, Cluster, Image }

/// <summary>A service volume/mount in long form.</summary>
public sealed record MountSpec
{
    public MountType Type { get; init; }
    /// <summary>Host path (bind, absolute after path resolution), volume name, or null (anonymous volume / tmpfs).</summary>
    public string? Source { get; init; }
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
    public string? Consistency { get; init; }
    public BindOptions? Bind { get; init; }
    public VolumeOptions? Volume { get; init; }
    public TmpfsOptions? Tmpfs { get; init; }
}

public sealed record BindOptions
{
    /// <summary>rprivate, private, rshared, shared, rslave, slave.</summary>
    public string? Propagation { get; init; }
    /// <summary>z or Z.</summary>
    public string? SELinux { get; init; }
    public bool CreateHostPath { get; init; }
    /// <summary>enabled, disabled, writable, readonly.</summary>
    public string? Recursive { get; init; }
}

public sealed record VolumeOptions
{
    public bool NoCopy { get; init; }
    public string? Subpath { get; init; }
}

public sealed record TmpfsOptions
{
    /// <summary>Bytes; null when not given.</summary>
    public long? Size { get; init; }
    /// <summary>File mode (e.g. 0o1777 = 1023); null when not given.</summary>
    public uint? Mode { get; init; }
}

/// <summary>A service's attachment to a network (null in the map = attached with defaults).</summary>
public sealed record ServiceNetworkSpec
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? Ipv4Address { get; init; }
    public string? Ipv6Address { get; init; }
    public IReadOnlyList<string> LinkLocalIps { get; init; } = [];
    public string? MacAddress { get; init; }
    public IReadOnlyDictionary<string, string> DriverOpts { get; init; } = EmptyMap.Strings;
    public int Priority { get; init; }
    public int GatewayPriority { get; init; }
}

public enum DependencyCondition { ServiceStarted, ServiceHealthy, ServiceCompletedSuccessfully }

public sealed record ServiceDependency
{
    public DependencyCondition Condition { get; init; } = DependencyCondition.ServiceStarted;
    public bool Required { get; init; } = true;
    public bool Restart { get; init; }
}

/// <summary>Test is ["NONE"] / ["CMD", ...] / ["CMD-SHELL", "..."]; null when inherited from the image.</summary>
public sealed record HealthcheckSpec
{
    public IReadOnlyList<string>? Test { get; init; }
    public TimeSpan? Interval { get; init; }
    public TimeSpan? Timeout { get; init; }
    public ulong? Retries { get; init; }
    public TimeSpan? StartPeriod { get; init; }
    public TimeSpan? StartInterval { get; init; }
    public bool Disable { get; init; }
}

public sealed record LoggingSpec
{
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = EmptyMap.Strings;
}

/// <summary>A ulimit: either Single (soft = hard) or Soft/Hard.</summary>
public sealed record UlimitSpec
{
    public long? Single { get; init; }
    public long Soft { get; init; }
    public long Hard { get; init; }
    public long EffectiveSoft => Single ?? Soft;
    public long EffectiveHard => Single ?? Hard;
}

/// <summary>A secret or config granted to a service.</summary>
public sealed record FileReference
{
    public required string Source { get; init; }
    public string? Target { get; init; }
    public string? Uid { get; init; }
    public string? Gid { get; init; }
    public uint? Mode { get; init; }
}

/// <summary>An env_file entry, path resolved against the file naming it.</summary>
public sealed record EnvFileReference(string Path, bool Required = true, string? Format = null);

public sealed record ExtraHost(string Host, string Address)
{
    public override string ToString() => Host + "=" + Address;
}

/// <summary>devices: entries (source:target:permissions).</summary>
public sealed record DeviceMapping(string Source, string Target, string Permissions = "rwm");

public sealed record ExtendsReference(string Service, string? File);

internal static class EmptyMap
{
    public static readonly IReadOnlyDictionary<string, string> Strings = new Dictionary<string, string>();
}
