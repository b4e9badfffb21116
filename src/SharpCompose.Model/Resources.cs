namespace SharpCompose.Model;

public sealed record NetworkSpec
{
    /// <summary>Engine name (project-prefixed unless external or explicitly named).</summary>
    public required string Name { get; init; }
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string> DriverOpts { get; init; } = EmptyMap.Strings;
    public IpamSpec Ipam { get; init; } = new();
    public bool External { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Strings;
    public bool? EnableIpv4 { get; init; }
    public bool? EnableIpv6 { get; init; }
    public IReadOnlyDictionary<string, ComposeValue> Extensions { get; init; } = new Dictionary<string, ComposeValue>();
}

public sealed record IpamSpec
{
    public string? Driver { get; init; }
    public IReadOnlyList<IpamPool> Config { get; init; } = [];
    public IReadOnlyDictionary<string, string> Options { get; init; } = EmptyMap.Strings;
}

public sealed record IpamPool
{
    public string? Subnet { get; init; }
    public string? Gateway { get; init; }
    public string? IpRange { get; init; }
    public IReadOnlyDictionary<string, string> AuxAddresses { get; init; } = EmptyMap.Strings;
}

public sealed record VolumeSpec
{
    public required string Name { get; init; }
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string> DriverOpts { get; init; } = EmptyMap.Strings;
    public bool External { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Strings;
    public IReadOnlyDictionary<string, ComposeValue> Extensions { get; init; } = new Dictionary<string, ComposeValue>();
}

/// <summary>A top-level secret or config: exactly one of File, Environment, Content, External.</summary>
public sealed record FileObjectSpec
{
    public required string Name { get; init; }
    /// <summary>Absolute path.</summary>
    public string? File { get; init; }
    /// <summary>Name of the environment variable holding the value.</summary>
    public string? Environment { get; init; }
    public string? Content { get; init; }
    public bool External { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Strings;
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string> DriverOpts { get; init; } = EmptyMap.Strings;
    public string? TemplateDriver { get; init; }
    public IReadOnlyDictionary<string, ComposeValue> Extensions { get; init; } = new Dictionary<string, ComposeValue>();
}
