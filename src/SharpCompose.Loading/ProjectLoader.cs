using SharpCompose.Loading.Stages;
using SharpCompose.Loading.Yaml;
using SharpCompose.Model;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading;

/// <summary>Runs the loading stages: discover, parse, interpolate, extends, include, merge, validate, canonicalize,
/// defaults, resolve paths, normalize, bind, profiles, consistency.</summary>
public sealed partial class ProjectLoader
{
    private static readonly string[] DefaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];
    private static readonly string[] DefaultOverrideFileNames = ["compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"];

    private readonly LoadOptions _options;
    private readonly DiagnosticBag _bag = new();
    private readonly Dictionary<string, List<YNode>> _parsed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private string? _stdin;
    private string? _home;

    private ProjectLoader(LoadOptions options) => _options = options;

    /// <summary>Loads the project described by <paramref name="options"/>. Throws <see cref="ComposeException"/>.</summary>
    public static Task<LoadResult> LoadAsync(LoadOptions options, CancellationToken cancellationToken = default) =>
        new ProjectLoader(options).RunAsync(cancellationToken);

    private sealed record SourceFile(string Path, string Display);

    private async Task<LoadResult> RunAsync(CancellationToken ct)
    {
        var cwd = Path.GetFullPath(_options.WorkingDirectory);
        var processEnv = _options.Environment;
        _home = processEnv.TryGetValue("HOME", out var h) && h.Length > 0 ? h : null;

        string? projectDir = _options.ProjectDirectory is { Length: > 0 } pd ? Path.GetFullPath(Path.Combine(cwd, pd)) : null;

        // --- Discover files
        var files = new List<string>();
        foreach (var f in _options.Files) files.Add(f == "-" ? "-" : Path.GetFullPath(Path.Combine(cwd, f)));
        if (files.Count == 0 && processEnv.TryGetValue("COMPOSE_FILE", out var composeFile) && composeFile.Length > 0)
        {
            var sep = processEnv.TryGetValue("COMPOSE_PATH_SEPARATOR", out var s) && s.Length > 0 ? s : ":";
            foreach (var f in composeFile.Split(sep))
                if (f.Length > 0) files.Add(Path.GetFullPath(Path.Combine(cwd, f)));
        }
        if (files.Count == 0)
        {
            var dir = projectDir ?? cwd;
            while (true)
            {
                var found = DefaultFileNames.Select(n => Path.Combine(dir, n)).Where(File.Exists).ToList();
                if (found.Count > 0)
                {
                    if (found.Count > 1)
                        _bag.Warning(SourceSpan.None, "", $"Found multiple config files with supported names: {string.Join(", ", found)}; using {found[0]}");
                    files.Add(found[0]);
                    var overrides = DefaultOverrideFileNames.Select(n => Path.Combine(dir, n)).Where(File.Exists).ToList();
                    if (overrides.Count > 0) files.Add(overrides[0]);
                    break;
                }
                var parent = Path.GetDirectoryName(dir);
                if (parent is null || parent == dir) break;
                dir = parent;
            }
        }
        if (files.Count == 0)
            throw new ComposeException(ExitCodeClass.NoComposeFile, "no configuration file provided: not found");
        foreach (var f in files)
            if (f != "-" && !File.Exists(f))
                throw new ComposeException(ExitCodeClass.NoComposeFile, $"open {f}: no such file or directory");

        var workingDir = projectDir ?? (files.FirstOrDefault(f => f != "-") is { } first ? Path.GetDirectoryName(first)! : cwd);

        // --- Environment: process env wins over env files
        var env = new Dictionary<string, string>(processEnv, StringComparer.Ordinal);
        var envFiles = new List<string>();
        if (_options.EnvFiles.Count > 0)
        {
            foreach (var f in _options.EnvFiles) envFiles.Add(Path.GetFullPath(Path.Combine(cwd, f)));
        }
        else if (!(processEnv.TryGetValue("COMPOSE_DISABLE_ENV_FILE", out var dis) && dis is "1" or "true" or "TRUE" or "True"))
        {
            var dotEnv = Path.Combine(workingDir, ".env");
            if (File.Exists(dotEnv)) envFiles.Add(dotEnv);
        }
        var fromFiles = await ReadEnvFilesAsync(envFiles, processEnv, ct).ConfigureAwait(false);
        foreach (var (k, v) in fromFiles) env.TryAdd(k, v);

        // --- Parse all files (also gives the project name)
        var sources = new List<SourceFile>();
        foreach (var f in files) sources.Add(new SourceFile(f, Display(f, cwd)));
        Timing.Mark("start");
        foreach (var src in sources) await ParseAsync(src, ct).ConfigureAwait(false);
        Timing.Mark("read+parse");

        // --- Project name
        string projectName;
        if (_options.ProjectName is { Length: > 0 } explicitName)
        {
            if (NormalizeProjectName(explicitName) != explicitName) throw InvalidProjectName(explicitName, ExitCodeClass.Failure);
            projectName = explicitName;
        }
        else if (env.TryGetValue("COMPOSE_PROJECT_NAME", out var envName) && envName.Length > 0)
        {
            if (NormalizeProjectName(envName) != envName) throw InvalidProjectName(envName, ExitCodeClass.InvalidFile);
            projectName = envName;
        }
        else
        {
            string fromFile = "";
            foreach (var src in sources)
                foreach (var doc in _parsed[src.Path])
                    if (doc is YMapping m && m.Get("name") is YScalar n && n.GoText is { Length: > 0 } nv) fromFile = nv;
            if (!_options.NoInterpolate && fromFile.Contains('$'))
            {
                try { fromFile = Interpolation.Substitute(fromFile, (string k, out string v) => env.TryGetValue(k, out v!)); }
                catch (InterpolationException) { }
            }
            fromFile = NormalizeProjectName(fromFile);
            projectName = fromFile.Length > 0 ? fromFile : NormalizeProjectName(Path.GetFileName(workingDir.TrimEnd('/')));
        }
        env.TryAdd("COMPOSE_PROJECT_NAME", projectName);
        if (projectName.Length == 0)
            throw new ComposeException(ExitCodeClass.InvalidFile, "project name must not be empty");

        var ctx = new LoadContext(workingDir, env, cwd, SkipExtends: false, SkipInclude: false, SkipValidation: false, ResolvePaths: !_options.NoPathResolution, SkipDefaults: false);
        var dict = await LoadYamlModelAsync(sources, ctx, [], ct).ConfigureAwait(false);
        _bag.ThrowIfErrors();
        if (dict.Count == 0)
            throw new ComposeException(ExitCodeClass.InvalidFile, "empty compose file", new SourceSpan(sources[0].Display, 0, 0));

        var result = new LoadResult
        {
            Tree = dict,
            WorkingDirectory = workingDir,
            ProjectName = projectName,
            ConfigFiles = files,
            Environment = env,
            Warnings = _bag.Warnings,
        };
        if (_options.StopAfter < LoadStage.Normalize) return result;

        if (!_options.NoNormalize)
        {
            dict.Set("name", YScalar.Str(projectName, SourceSpan.None));
            Normalize.Apply(dict, env);
            Timing.Mark("normalize");
        }
        if (_options.StopAfter < LoadStage.All) return result;

        // --- Bind to the typed model
        var binder = new ProjectBinder(_bag) { DefaultResourceNames = !_options.NoNormalize };
        var project = binder.Bind(dict, projectName, workingDir, env, files);
        _bag.ThrowIfErrors();
        Timing.Mark("bind");

        project = Profiles.Apply(project, ResolveProfiles(env), _bag);
        Timing.Mark("profiles");

        if (!_options.NoConsistency)
        {
            Consistency.Check(project, dict, _bag);
            Consistency.CheckFiles(project, dict, _bag, _options.Strict);
        }
        _bag.ThrowIfErrors();
        Timing.Mark("consistency");

        project = Profiles.EnableServices(project, _options.Services, _bag);
        _bag.ThrowIfErrors(ExitCodeClass.Failure);

        if (!_options.NoEnvironmentResolution)
        {
            project = await EnvironmentResolver.ResolveAsync(project, !_options.KeepEnvFiles, _bag, ct).ConfigureAwait(false);
            _bag.ThrowIfErrors();
        }
        project = Profiles.WithoutUnnecessaryResources(project);
        if (_options.Services.Count > 0 && _options.SelectServices) project = Profiles.WithSelectedServices(project, _options.Services);

        return result with { Project = project, Warnings = _bag.Warnings.ToList() };
    }

    private IReadOnlyList<string> ResolveProfiles(IReadOnlyDictionary<string, string> env)
    {
        if (_options.Profiles.Count > 0) return _options.Profiles;
        if (_options.Environment.TryGetValue("COMPOSE_PROFILES", out var p) || env.TryGetValue("COMPOSE_PROFILES", out p))
            return p.Split(',').Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
        return [];
    }

    private static ComposeException InvalidProjectName(string name, ExitCodeClass code) => new(code,
        $"invalid project name \"{name}\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number");

    /// <summary>Compose v2's project name normalisation: lower case, [a-z0-9_-] only, no leading _ or -.</summary>
    public static string NormalizeProjectName(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (var c in s.ToLowerInvariant())
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-') sb.Append(c);
        return sb.ToString().TrimStart('_', '-');
    }

    private static string Display(string path, string cwd)
    {
        if (path == "-") return "-";
        var rel = Path.GetRelativePath(cwd, path);
        return rel.StartsWith("..", StringComparison.Ordinal) ? path : rel;
    }

    private async Task<Dictionary<string, string>> ReadEnvFilesAsync(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> current, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            if (Directory.Exists(f)) throw new ComposeException(ExitCodeClass.InvalidFile, $"{f} is a directory");
            if (!File.Exists(f)) throw new ComposeException(ExitCodeClass.InvalidFile, $"Couldn't find env file: {f}");
            var text = YamlTreeReader.Decode(await File.ReadAllBytesAsync(f, ct).ConfigureAwait(false), f);
            try
            {
                var parsed = DotEnvParser.Parse(text, k => current.TryGetValue(k, out var v) ? v : result.TryGetValue(k, out v) ? v : null);
                foreach (var (k, v) in parsed) result[k] = v;
            }
            catch (FormatException e)
            {
                throw new ComposeException(ExitCodeClass.Failure, $"failed to read {f}: {e.Message}");
            }
        }
        return result;
    }

    private async Task<List<YNode>> ParseAsync(SourceFile src, CancellationToken ct)
    {
        if (_parsed.TryGetValue(src.Path, out var docs)) return docs;
        string text;
        if (src.Path == "-")
        {
            _stdin ??= _options.ReadStdin is { } read ? await read(ct).ConfigureAwait(false) : await Console.In.ReadToEndAsync(ct).ConfigureAwait(false);
            text = _stdin;
        }
        else
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(src.Path, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new ComposeException(ExitCodeClass.NoComposeFile, $"open {src.Path}: no such file or directory");
            }
            text = YamlTreeReader.Decode(bytes, src.Display);
        }
        docs = YamlTreeReader.Read(text, src.Display, _bag);
        _bag.ThrowIfErrors();
        _parsed[src.Path] = docs;
        return docs;
    }

    /// <summary>Parses a file for the model (a private copy when already handed out).</summary>
    private async Task<List<YNode>> DocumentsAsync(SourceFile src, CancellationToken ct)
    {
        var docs = await ParseAsync(src, ct).ConfigureAwait(false);
        if (_used.Add(src.Path)) return docs;
        return docs.Select(d => d.DeepClone()).ToList();
    }
}
