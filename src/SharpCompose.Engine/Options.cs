namespace SharpCompose.Engine;

/// <summary>Filters of list and events calls: key to accepted values, e.g. "label" → ["a=b", "c"].</summary>
public sealed class EngineFilters
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public EngineFilters Add(string key, string value)
    {
        if (!_values.TryGetValue(key, out var list)) _values[key] = list = [];
        if (!list.Contains(value)) list.Add(value);
        return this;
    }

    public EngineFilters Label(string label) => Add("label", label);
    public EngineFilters Label(string key, string value) => Add("label", key + "=" + value);

    public bool IsEmpty => _values.Count == 0;
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values =>
        _values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);

    internal Dictionary<string, string[]> ToWire() =>
        _values.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}

public sealed record ContainerListOptions
{
    public bool All { get; init; }
    public bool Size { get; init; }
    public int? Limit { get; init; }
    public EngineFilters? Filters { get; init; }
}

public sealed record ContainerRemoveOptions
{
    public bool Force { get; init; }
    /// <summary>Remove anonymous volumes too.</summary>
    public bool RemoveVolumes { get; init; }
    public bool RemoveLink { get; init; }
}

public enum WaitCondition { NotRunning, NextExit, Removed }

public sealed record LogsOptions
{
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;
    public bool Follow { get; init; }
    /// <summary>Unix time (seconds, may be fractional) or a Go duration/RFC3339 string as the engine accepts.</summary>
    public string? Since { get; init; }
    public string? Until { get; init; }
    /// <summary>"all" or a number of lines.</summary>
    public string? Tail { get; init; }
    public bool Timestamps { get; init; }
    /// <summary>Whether the container has a TTY (raw, not multiplexed, output). Null: inspect the container to find out.</summary>
    public bool? Tty { get; init; }
}

public sealed record AttachOptions
{
    public bool Stdin { get; init; }
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;
    /// <summary>Replay the logs before streaming.</summary>
    public bool Logs { get; init; }
    public string? DetachKeys { get; init; }
    /// <summary>Whether the container has a TTY. Null: inspect the container to find out.</summary>
    public bool? Tty { get; init; }
}

public sealed record ImageListOptions
{
    public bool All { get; init; }
    public EngineFilters? Filters { get; init; }
}

public sealed record ImageRemoveOptions
{
    public bool Force { get; init; }
    public bool NoPrune { get; init; }
}

public sealed record ImagePullOptions
{
    /// <summary>e.g. "linux/amd64".</summary>
    public string? Platform { get; init; }
    /// <summary>Explicit credentials; when null they come from the docker config (auths, credsStore, credHelpers).</summary>
    public RegistryAuth? Auth { get; init; }
}

public sealed record ImagePushOptions
{
    public RegistryAuth? Auth { get; init; }
}

/// <summary>Options of POST /build. The build context is a tar stream passed separately, or <see cref="Remote"/>.</summary>
public sealed record ImageBuildOptions
{
    /// <summary>Names to tag the result with (repeated "t").</summary>
    public IReadOnlyList<string>? Tags { get; init; }
    /// <summary>Path of the Dockerfile inside the context (with <see cref="Remote"/>: inside the repository, or its
    /// subdirectory when the URL names one).</summary>
    public string? Dockerfile { get; init; }
    /// <summary>A context the engine fetches itself ("remote"): a git URL (<c>https://host/repo.git#ref:subdir</c>,
    /// <c>git://</c>, <c>git@</c>, <c>github.com/</c>; the engine runs <c>git</c>) or the URL of a tarball or of a plain
    /// Dockerfile. Then no tar is sent.</summary>
    public string? Remote { get; init; }
    public IReadOnlyDictionary<string, string?>? BuildArgs { get; init; }
    public string? Target { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyList<string>? CacheFrom { get; init; }
    public string? NetworkMode { get; init; }
    public IReadOnlyList<string>? ExtraHosts { get; init; }
    public long? ShmSize { get; init; }
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    /// <summary>Remove intermediate containers after a successful build (engine default true).</summary>
    public bool Remove { get; init; } = true;
    public bool ForceRemove { get; init; }
    public bool Quiet { get; init; }
    public string? Platform { get; init; }
    /// <summary>Registry credentials sent as X-Registry-Config; when null, all known from the docker config (auths and credential helpers).</summary>
    public IReadOnlyDictionary<string, RegistryAuth>? RegistryAuths { get; init; }
}

public sealed record NetworkListOptions
{
    public EngineFilters? Filters { get; init; }
}

public sealed record NetworkConnectOptions
{
    public IReadOnlyList<string>? Aliases { get; init; }
    public string? IPv4Address { get; init; }
    public string? IPv6Address { get; init; }
    public IReadOnlyList<string>? Links { get; init; }
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
}

public sealed record VolumeListOptions
{
    public EngineFilters? Filters { get; init; }
}

public sealed record EventsOptions
{
    public string? Since { get; init; }
    public string? Until { get; init; }
    public EngineFilters? Filters { get; init; }
}

public sealed record ExecStartOptions
{
    /// <summary>Must match the exec's Tty.</summary>
    public bool Tty { get; init; }
}

/// <summary>Registry credentials (the X-Registry-Auth payload).</summary>
public sealed record RegistryAuth
{
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? ServerAddress { get; init; }
    public string? IdentityToken { get; init; }
    public string? RegistryToken { get; init; }
}

/// <summary>How to reach and talk to the engine.</summary>
public sealed record EngineOptions
{
    public required EngineEndpoint Endpoint { get; init; }
    /// <summary>Bound on opening a connection (unix, tcp, TLS handshake, ssh dial).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Bound on the /_ping that negotiates the API version.</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// Bound on the response of ordinary (not streaming, not long-waiting) calls. Streams (logs, events, pull,
    /// build, attach), wait and stop are bounded by their caller's token only (stop also by its timeout).
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>Pins the API version (like DOCKER_API_VERSION); null negotiates it from /_ping.</summary>
    public EngineApiVersion? PinnedApiVersion { get; init; }
    /// <summary>Where the docker config (config.json) lives, for registry credentials. Null: DOCKER_CONFIG or ~/.docker.</summary>
    public string? DockerConfigDirectory { get; init; }
    /// <summary>The ssh client for ssh:// endpoints (run as: ssh [-l user] [-p port] -- host docker system dial-stdio).</summary>
    public string SshCommand { get; init; } = "ssh";
    /// <summary>Directories searched for docker-credential-* helpers before PATH.</summary>
    public IReadOnlyList<string>? CredentialHelperDirectories { get; init; }
}
