namespace SharpCompose.Model;

/// <summary>A loaded compose project: only the enabled services (profiles applied).</summary>
public sealed record Project
{
    public required string Name { get; init; }
    /// <summary>Absolute project directory.</summary>
    public required string WorkingDirectory { get; init; }
    /// <summary>Enabled services, ordered by name.</summary>
    public IReadOnlyDictionary<string, ServiceSpec> Services { get; init; } = new Dictionary<string, ServiceSpec>();
    /// <summary>Services switched off by profiles (kept so `down` can find their containers).</summary>
    public IReadOnlyDictionary<string, ServiceSpec> DisabledServices { get; init; } = new Dictionary<string, ServiceSpec>();
    public IReadOnlyDictionary<string, NetworkSpec> Networks { get; init; } = new Dictionary<string, NetworkSpec>();
    public IReadOnlyDictionary<string, VolumeSpec> Volumes { get; init; } = new Dictionary<string, VolumeSpec>();
    public IReadOnlyDictionary<string, FileObjectSpec> Secrets { get; init; } = new Dictionary<string, FileObjectSpec>();
    public IReadOnlyDictionary<string, FileObjectSpec> Configs { get; init; } = new Dictionary<string, FileObjectSpec>();
    public IReadOnlyDictionary<string, ComposeValue> Extensions { get; init; } = new Dictionary<string, ComposeValue>();
    /// <summary>Absolute paths of the compose files, in load order (label com.docker.compose.project.config_files).</summary>
    public IReadOnlyList<string> ComposeFiles { get; init; } = [];
    /// <summary>The environment used for interpolation (process env over .env).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>Active profiles.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    public ServiceSpec GetService(string name) =>
        Services.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"no such service: {name}");

    public DependencyGraph BuildDependencyGraph() => DependencyGraph.Build(Services.Values);

    /// <summary>The named enabled services plus everything they depend on, transitively (names not in the project are skipped).</summary>
    public IReadOnlySet<string> WithDependencies(IEnumerable<string> names) =>
        DependencyGraph.Closure(names.Where(Services.ContainsKey), name => Services[name].DependsOn.Keys.Where(Services.ContainsKey));

    /// <summary>
    /// The named enabled services plus, transitively, the services that depend on them through a depends_on entry
    /// <paramref name="edge"/> accepts (all when null). <c>restart</c> uses it with <c>restart: true</c>.
    /// </summary>
    public IReadOnlySet<string> WithDependents(IEnumerable<string> names, Func<ServiceDependency, bool>? edge = null) =>
        DependencyGraph.Closure(names.Where(Services.ContainsKey), name => Services.Values
            .Where(s => s.DependsOn.TryGetValue(name, out var dependency) && (edge is null || edge(dependency)))
            .Select(s => s.Name));
}
