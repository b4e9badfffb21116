namespace SharpCompose.Loading;

/// <summary>Where to stop the pipeline (tests and tools; the CLI flags are separate options).</summary>
public enum LoadStage
{
    /// <summary>Files merged (interpolated, extends and include applied), nothing canonicalised.</summary>
    Merge,
    /// <summary>Canonical long forms, defaults, resolved paths.</summary>
    Canonicalize,
    /// <summary>Normalised tree (implicit default network, resource names, depends_on from links...).</summary>
    Normalize,
    /// <summary>Bound to the typed Project, profiles applied, consistency checked, env_file resolved.</summary>
    All,
}

/// <summary>Everything the loader needs; nothing is read from the process environment.</summary>
public sealed record LoadOptions
{
    /// <summary>-f/--file values in order ("-" = stdin). Empty = COMPOSE_FILE or discovery.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
    /// <summary>--project-directory.</summary>
    public string? ProjectDirectory { get; init; }
    /// <summary>-p/--project-name.</summary>
    public string? ProjectName { get; init; }
    /// <summary>--env-file values (replace the default .env).</summary>
    public IReadOnlyList<string> EnvFiles { get; init; } = [];
    /// <summary>--profile values; empty = COMPOSE_PROFILES.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];
    /// <summary>Services named on the command line (enables them even when their profile is off).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];
    /// <summary>
    /// Keep only the named services and their dependencies in the project (the others become disabled); false keeps
    /// the whole project with the named ones enabled (compose-go WithServicesEnabled: <c>restart</c> needs the dependents).
    /// </summary>
    public bool SelectServices { get; init; } = true;
    /// <summary>The process environment (the CLI passes Environment.GetEnvironmentVariables()).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>Current directory used for discovery and relative -f paths.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();
    /// <summary>Content read for "-" (the CLI passes stdin); null = read Console.In.</summary>
    public Func<CancellationToken, Task<string>>? ReadStdin { get; init; }
    public bool NoInterpolate { get; init; }
    public bool NoNormalize { get; init; }
    public bool NoPathResolution { get; init; }
    public bool NoConsistency { get; init; }
    /// <summary>Keep env_file entries in the model (compose config discards them).</summary>
    public bool KeepEnvFiles { get; init; }
    /// <summary>Skip resolving env_file/environment values (config --services etc. do).</summary>
    public bool NoEnvironmentResolution { get; init; }
    public LoadStage StopAfter { get; init; } = LoadStage.All;
    /// <summary>
    /// Report problems Compose v2 only hits at container creation (a secret/config file that does not exist) as
    /// errors. `config` leaves this off (they are warnings, output stays Compose-compatible); up/run/create turn it on.
    /// </summary>
    public bool Strict { get; init; }
}
