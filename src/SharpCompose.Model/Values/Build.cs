namespace SharpCompose.Model;

public sealed record BuildSpec
{
    /// <summary>Absolute path or URL (git / http).</summary>
    public string? Context { get; init; }
    public string? Dockerfile { get; init; }
    public string? DockerfileInline { get; init; }
    /// <summary>Build args; a null value means "take from the environment if set".</summary>
    public IReadOnlyDictionary<string, string?> Args { get; init; } = new Dictionary<string, string?>();
    /// <summary>ssh: id → path (path null for the default agent).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Ssh { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Strings;
    public IReadOnlyList<string> CacheFrom { get; init; } = [];
    public IReadOnlyList<string> CacheTo { get; init; } = [];
    public bool NoCache { get; init; }
    public IReadOnlyDictionary<string, string> AdditionalContexts { get; init; } = EmptyMap.Strings;
    public bool Pull { get; init; }
    public IReadOnlyList<ExtraHost> ExtraHosts { get; init; } = [];
    public string? Isolation { get; init; }
    public string? Network { get; init; }
    public string? Target { get; init; }
    public IReadOnlyList<FileReference> Secrets { get; init; } = [];
    public long? ShmSize { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<string, UlimitSpec> Ulimits { get; init; } = new Dictionary<string, UlimitSpec>();
    public IReadOnlyList<string> Platforms { get; init; } = [];
    public bool Privileged { get; init; }
    public IReadOnlyList<string> Entitlements { get; init; } = [];
    /// <summary>Attributes present that only BuildKit/buildx honour (ssh, secrets, cache_to, platforms, additional_contexts...).</summary>
    public IReadOnlyList<string> BuildKitOnlyAttributes { get; init; } = [];
}
