using SharpCompose.Model;
using SharpCompose.Loading.Stages;
using SharpCompose.Loading.Yaml;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading;

internal sealed record LoadContext(string WorkingDir, IReadOnlyDictionary<string, string> Env, string Cwd,
    bool SkipExtends, bool SkipInclude, bool SkipValidation, bool ResolvePaths, bool SkipDefaults);

public sealed partial class ProjectLoader
{
    private readonly Dictionary<string, YMapping> _extendsFiles = new(StringComparer.Ordinal);

    /// <summary>compose-go loadYamlModel: per file interpolate, extends, include, merge, validate; then canonical, defaults, paths.</summary>
    private async Task<YMapping> LoadYamlModelAsync(List<SourceFile> files, LoadContext ctx, List<string> included, CancellationToken ct)
    {
        var dict = new YMapping(new SourceSpan(files[0].Display, 1, 1));
        foreach (var file in files)
        {
            var docs = await DocumentsAsync(file, ct).ConfigureAwait(false);
            foreach (var node in docs)
            {
                if (node.IsNull) continue;
                if (node is not YMapping doc)
                {
                    _bag.Error(node.Span, "", "Top-level object must be a mapping");
                    _bag.ThrowIfErrors();
                    continue;
                }
                Timing.Mark("parse");
                Interpolate.Apply(doc, ctx.Env, _bag, _options.NoInterpolate);
                Timing.Mark("interpolate");
                _bag.ThrowIfErrors();
                if (!ctx.SkipExtends) await ApplyExtendsAsync(doc, file, ctx, ct).ConfigureAwait(false);
                _bag.ThrowIfErrors();
                if (!ctx.SkipInclude)
                {
                    var chain = new List<string>(included) { files[0].Path };
                    await ApplyIncludeAsync(doc, ctx, chain, ct).ConfigureAwait(false);
                }
                Timing.Mark("extends+include");
                dict = (YMapping)Merge.Apply(dict, doc, _bag);
                Unicity.Enforce(dict);
                Timing.Mark("merge");
                if (!ctx.SkipValidation)
                {
                    SchemaValidator.Validate(dict, _bag);
                    Timing.Mark("schema");
                    _bag.ThrowIfErrors();
                    if (dict.GetEntry("version") is { } v)
                    {
                        _bag.Warning(v.Key.Span, "version", $"{file.Path}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion", "obsolete");
                        dict.Remove("version");
                    }
                }
            }
        }
        if (_options.StopAfter <= LoadStage.Merge) return dict;
        Canonicalize.Apply(dict, _bag);
        _bag.ThrowIfErrors();
        Unicity.Enforce(dict);
        if (!ctx.SkipDefaults) Defaults.Apply(dict);
        if (ctx.ResolvePaths) ResolvePaths.Apply(dict, ctx.WorkingDir, _home);
        Normalize.ResolveServicesEnvironment(dict, ctx.Env);
        Timing.Mark("canonical+paths");
        return dict;
    }

    private async Task ApplyExtendsAsync(YMapping doc, SourceFile file, LoadContext ctx, CancellationToken ct)
    {
        if (doc.Get("services") is not YMapping services) return;
        var names = services.Entries.Select(e => e.Name).ToList();
        foreach (var name in names)
            await ResolveExtendsAsync(name, services, file.Path, file.Display, ctx, [], ct).ConfigureAwait(false);
    }

    private async Task<YNode?> ResolveExtendsAsync(string name, YMapping services, string filePath, string display, LoadContext ctx,
        List<string> chain, CancellationToken ct)
    {
        var entry = services.GetEntry(name);
        if (entry?.Value is not YMapping svc) return entry?.Value;
        var ext = svc.GetEntry("extends");
        if (ext is null) return svc;
        string? reference;
        string? file = null;
        switch (ext.Value)
        {
            case YScalar s: reference = s.GoText; break;
            case YMapping m: reference = m.GetString("service"); file = m.GetString("file"); break;
            default:
                _bag.Error(ext.Value.Span, $"services.{name}.extends", "must be a string or a mapping");
                return svc;
        }
        if (string.IsNullOrEmpty(reference))
        {
            _bag.Error(ext.Value.Span, $"services.{name}.extends", "extends requires a service name");
            return svc;
        }
        var key = filePath + "\0" + name;
        if (chain.Contains(key))
        {
            _bag.Error(ext.Value.Span, $"services.{name}.extends", $"circular reference: service {name} extends itself (through {string.Join(" -> ", chain.Select(c => c[(c.IndexOf('\0') + 1)..]))})");
            return svc;
        }
        var baseServices = services;
        var baseFile = filePath;
        var baseDisplay = display;
        if (file is not null)
        {
            var abs = ResolvePaths.Abs(file, ctx.WorkingDir, _home);
            if (!File.Exists(abs))
                throw new ComposeException(ExitCodeClass.NoComposeFile, $"open {abs}: no such file or directory", ext.Value.Span, $"services.{name}.extends.file");
            var model = await LoadExtendsFileAsync(abs, ctx, ct).ConfigureAwait(false);
            baseServices = model.Get("services") as YMapping ?? new YMapping(model.Span);
            baseFile = abs;
            baseDisplay = Display(abs, ctx.Cwd);
            if (!baseServices.ContainsKey(reference))
            {
                _bag.Error(ext.Value.Span, $"services.{name}.extends", $"cannot extend service \"{name}\" in {file}: service \"{reference}\" not found");
                return svc;
            }
        }
        else if (!services.ContainsKey(reference))
        {
            _bag.Error(ext.Value.Span, $"services.{name}.extends", $"cannot extend service \"{name}\" in {display}: service \"{reference}\" not found");
            return svc;
        }
        chain.Add(key);
        var baseNode = await ResolveExtendsAsync(reference, baseServices, baseFile, baseDisplay, ctx, chain, ct).ConfigureAwait(false);
        chain.RemoveAt(chain.Count - 1);
        if (baseNode is not YMapping baseSvc) return svc;
        var source = (YMapping)baseSvc.DeepClone();
        var merged = (YMapping)Merge.ApplyService(source, svc, _bag);
        merged.Remove("extends");
        entry.Value = merged;
        return merged;
    }

    private async Task<YMapping> LoadExtendsFileAsync(string abs, LoadContext ctx, CancellationToken ct)
    {
        if (_extendsFiles.TryGetValue(abs, out var cached)) return (YMapping)cached.DeepClone();
        var sub = ctx with
        {
            WorkingDir = Path.GetDirectoryName(abs)!,
            SkipExtends = true,
            SkipInclude = true,
            SkipValidation = true,
            SkipDefaults = true,
            ResolvePaths = true,
        };
        var model = await LoadYamlModelAsync([new SourceFile(abs, Display(abs, ctx.Cwd))], sub, [], ct).ConfigureAwait(false);
        _extendsFiles[abs] = model;
        return (YMapping)model.DeepClone();
    }

    private async Task ApplyIncludeAsync(YMapping doc, LoadContext ctx, List<string> included, CancellationToken ct)
    {
        var incEntry = doc.GetEntry("include");
        if (incEntry is null) return;
        if (incEntry.Value is not YSequence seq)
        {
            _bag.Error(incEntry.Value.Span, "include", "must be a list");
            return;
        }
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            var path = $"include[{i}]";
            var paths = new List<string>();
            string? projectDirectory = null;
            var envFileList = new List<string>();
            switch (item)
            {
                case YScalar s when !s.IsNull: paths.Add(s.GoText!); break;
                case YMapping m:
                    foreach (var e in m.Entries)
                    {
                        switch (e.Name)
                        {
                            case "path": paths.AddRange(Strings(e.Value)); break;
                            case "project_directory": projectDirectory = (e.Value as YScalar)?.GoText; break;
                            case "env_file": envFileList.AddRange(Strings(e.Value)); break;
                            default:
                                _bag.Error(e.Key.Span, path, $"additional property {e.Name} is not allowed"); break;
                        }
                    }
                    break;
                default:
                    _bag.Error(item.Span, path, "must be a string or a mapping");
                    continue;
            }
            if (paths.Count == 0)
            {
                _bag.Error(item.Span, path, "include requires a path");
                continue;
            }
            var absPaths = paths.Select(p => ResolvePaths.Abs(p, ctx.WorkingDir, _home)).ToList();
            foreach (var p in absPaths)
                if (!File.Exists(p))
                    throw new ComposeException(ExitCodeClass.NoComposeFile, $"open {p}: no such file or directory", item.Span, path);
            var main = absPaths[0];
            if (included.Contains(main))
            {
                var chain = new List<string>(included) { main };
                throw new ComposeException(ExitCodeClass.InvalidFile,
                    $"include cycle detected: {chain[0]}" + string.Concat(chain.Skip(1).Select(c => " include " + c)), item.Span, path);
            }
            var projectDir = projectDirectory is not null ? ResolvePaths.Abs(projectDirectory, ctx.WorkingDir, _home) : Path.GetDirectoryName(main)!;
            var envFiles = new List<string>();
            if (envFileList.Count == 0)
            {
                var f = Path.Combine(projectDir, ".env");
                if (File.Exists(f)) envFiles.Add(f);
            }
            else envFiles.AddRange(envFileList.Select(f => ResolvePaths.Abs(f, ctx.WorkingDir, _home)));
            var fromFile = await ReadEnvFilesAsync(envFiles, ctx.Env, ct).ConfigureAwait(false);
            var env = new Dictionary<string, string>(ctx.Env, StringComparer.Ordinal);
            foreach (var (k, v) in fromFile) env.TryAdd(k, v);
            var sub = ctx with { WorkingDir = Path.GetDirectoryName(main)!, Env = env, ResolvePaths = true };
            var imported = await LoadYamlModelAsync(absPaths.Select(p => new SourceFile(p, Display(p, ctx.Cwd))).ToList(), sub, included, ct).ConfigureAwait(false);
            _bag.ThrowIfErrors();
            foreach (var kind in new[] { "services", "volumes", "networks", "secrets", "configs" })
            {
                if (imported.Get(kind) is not YMapping from) continue;
                var to = doc.Get(kind) as YMapping;
                if (to is null)
                {
                    to = new YMapping(from.Span);
                    doc.Set(kind, to);
                }
                foreach (var e in from.Entries)
                {
                    var existing = to.GetEntry(e.Name);
                    if (existing is not null)
                    {
                        if (YNodeEquality.DeepEquals(existing.Value, e.Value)) continue;
                        _bag.Error(existing.Key.Span, $"{kind}.{e.Name}", $"{kind}.{e.Name} conflicts with imported resource");
                        continue;
                    }
                    to.Add(e.Key, e.Value);
                }
            }
        }
        doc.Remove("include");
        _bag.ThrowIfErrors();
    }

    private static IEnumerable<string> Strings(YNode n) => n switch
    {
        YScalar s when !s.IsNull => [s.GoText!],
        YSequence q => q.Items.OfType<YScalar>().Select(x => x.GoText ?? ""),
        _ => [],
    };
}
