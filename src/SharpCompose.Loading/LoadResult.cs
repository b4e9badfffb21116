using SharpCompose.Loading.Yaml;
using SharpCompose.Model;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading;

/// <summary>The outcome of a successful load.</summary>
public sealed record LoadResult
{
    /// <summary>The typed project (null when StopAfter ended before binding).</summary>
    public Project? Project { get; init; }
    /// <summary>The merged (and, unless stopped early, canonical) tree.</summary>
    public required YMapping Tree { get; init; }
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];
    /// <summary>Absolute compose file paths (label com.docker.compose.project.config_files).</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];
    /// <summary>Absolute project directory (label com.docker.compose.project.working_dir).</summary>
    public required string WorkingDirectory { get; init; }
    public required string ProjectName { get; init; }
    /// <summary>The environment used for interpolation.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
