using System.CommandLine;

namespace SharpCompose.Cli;

/// <summary>The flags every command takes, as Compose v2's (plus the docker globals a plugin receives).</summary>
public sealed class GlobalOptions
{
    public Option<string[]> Files { get; } = new("--file", "-f") { Description = "Compose configuration files", Recursive = true, AllowMultipleArgumentsPerToken = false };

    public Option<string?> ProjectName { get; } = new("--project-name", "-p") { Description = "Project name", Recursive = true };

    public Option<string?> ProjectDirectory { get; } = new("--project-directory") { Description = "Specify an alternate working directory (default: the path of the, first specified, Compose file)", Recursive = true };

    public Option<string[]> EnvFiles { get; } = new("--env-file") { Description = "Specify an alternate environment file", Recursive = true };

    public Option<string[]> Profiles { get; } = new("--profile") { Description = "Specify a profile to enable", Recursive = true };

    public Option<int?> Parallel { get; } = new("--parallel") { Description = "Control max parallelism, -1 for unlimited (default -1)", Recursive = true };

    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Execute command in dry run mode", Recursive = true };

    public Option<string?> Ansi { get; } = new("--ansi") { Description = "Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\") (default \"auto\")", Recursive = true };

    public Option<string?> Progress { get; } = new("--progress") { Description = "Set type of progress output (auto, tty, plain, quiet, json) (default \"auto\")", Recursive = true };

    public Option<bool> Compatibility { get; } = new("--compatibility") { Description = "Run compose in backward compatibility mode", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Show the detail behind an error (stack traces, engine responses)", Recursive = true };

    public Option<string?> Host { get; } = new("--host", "-H") { Description = "Daemon socket to connect to (docker global)", Recursive = true };

    public Option<string?> Context { get; } = new("--context", "-c") { Description = "Name of the context to use to connect to the daemon (docker global)", Recursive = true };

    public IEnumerable<Option> All =>
    [
        Files, ProjectName, ProjectDirectory, EnvFiles, Profiles, Parallel, DryRun, Ansi, Progress, Compatibility, Verbose, Host, Context,
    ];

    public GlobalSettings Read(ParseResult result, IReadOnlyDictionary<string, string> environment) => new(
        Files: result.GetValue(Files) ?? [],
        ProjectName: result.GetValue(ProjectName),
        ProjectDirectory: result.GetValue(ProjectDirectory),
        EnvFiles: result.GetValue(EnvFiles) ?? [],
        Profiles: result.GetValue(Profiles) ?? [],
        Parallel: result.GetValue(Parallel) ?? (int.TryParse(environment.GetValueOrDefault("COMPOSE_PARALLEL_LIMIT"), out var p) ? p : -1),
        DryRun: result.GetValue(DryRun),
        Ansi: result.GetValue(Ansi) ?? environment.GetValueOrDefault("COMPOSE_ANSI") ?? "auto",
        Progress: result.GetValue(Progress) ?? environment.GetValueOrDefault("COMPOSE_PROGRESS") ?? "auto",
        Verbose: result.GetValue(Verbose),
        Host: result.GetValue(Host),
        Context: result.GetValue(Context));
}

/// <summary>The global flags' values for one invocation.</summary>
public sealed record GlobalSettings(
    IReadOnlyList<string> Files,
    string? ProjectName,
    string? ProjectDirectory,
    IReadOnlyList<string> EnvFiles,
    IReadOnlyList<string> Profiles,
    int Parallel,
    bool DryRun,
    string Ansi,
    string Progress,
    bool Verbose,
    string? Host,
    string? Context);
