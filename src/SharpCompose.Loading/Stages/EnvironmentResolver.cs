using SharpCompose.Model;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Stages;

/// <summary>Reads env_file entries into each service's environment (compose-go WithServicesEnvironmentResolved).</summary>
public static class EnvironmentResolver
{
    public static async Task<Project> ResolveAsync(Project project, bool discardEnvFiles, DiagnosticBag bag, CancellationToken ct)
    {
        var services = new SortedDictionary<string, ServiceSpec>(StringComparer.Ordinal);
        var cache = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, s) in project.Services)
        {
            var declared = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (k, v) in s.Environment)
                declared[k] = v ?? (project.Environment.TryGetValue(k, out var pv) ? pv : null);
            if (s.EnvFiles.Count == 0)
            {
                services[name] = discardEnvFiles ? s with { Environment = declared } : s with { Environment = declared };
                continue;
            }
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var f in s.EnvFiles)
            {
                if (!File.Exists(f.Path))
                {
                    if (f.Required) bag.Error(SourceSpan.None, $"services.{name}.env_file", $"env file {f.Path} not found: stat {f.Path}: no such file or directory");
                    continue;
                }
                if (!cache.TryGetValue(f.Path, out var text))
                {
                    text = Yaml.YamlTreeReader.Decode(await File.ReadAllBytesAsync(f.Path, ct).ConfigureAwait(false), f.Path);
                    cache[f.Path] = text;
                }
                try
                {
                    var vars = DotEnvParser.Parse(text, k => environment.TryGetValue(k, out var ev) && ev is not null ? ev
                        : project.Environment.TryGetValue(k, out var pv) ? pv : null);
                    foreach (var (k, v) in vars) environment[k] = v;
                }
                catch (FormatException e)
                {
                    bag.Error(new SourceSpan(f.Path, 0, 0), $"services.{name}.env_file", $"failed to read {f.Path}: {e.Message}");
                }
            }
            foreach (var (k, v) in declared) environment[k] = v;
            services[name] = s with { Environment = environment, EnvFiles = discardEnvFiles ? [] : s.EnvFiles };
        }
        return project with { Services = services };
    }
}
