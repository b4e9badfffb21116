using System.Text.Json.Nodes;
using SharpCompose.Loading.Output;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Tests;

/// <summary>Runs one `config --format json` case in-process and compares with an expectation.</summary>
public static class ConfigCase
{
    public sealed record Outcome(string? Json, ComposeException? Error);

    public static async Task<Outcome> RunAsync(string dir, string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> extraEnv)
    {
        var env = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = "/home/conformance" };
        foreach (var (k, v) in extraEnv) env[k] = v;
        var files = new List<string> { file };
        var profiles = new List<string>();
        var envFiles = new List<string>();
        string? projectName = null, projectDir = null;
        bool noConsistency = false, noInterpolate = false, noNormalize = false, noPath = false;
        var services = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--no-consistency": noConsistency = true; break;
                case "--no-interpolate": noInterpolate = true; break;
                case "--no-normalize": noNormalize = true; break;
                case "--no-path-resolution": noPath = true; break;
                case "--profile": profiles.Add(args[++i]); break;
                case "-f" or "--file": files.Add(args[++i]); break;
                case "-p" or "--project-name": projectName = args[++i]; break;
                case "--project-directory": projectDir = args[++i]; break;
                case "--env-file": envFiles.Add(args[++i]); break;
                default: services.Add(args[i]); break;
            }
        }
        try
        {
            var result = await ProjectLoader.LoadAsync(new LoadOptions
            {
                Files = files,
                WorkingDirectory = dir,
                Environment = env,
                Profiles = profiles,
                EnvFiles = envFiles,
                ProjectName = projectName,
                ProjectDirectory = projectDir,
                NoConsistency = noConsistency,
                NoInterpolate = noInterpolate,
                NoNormalize = noNormalize,
                NoPathResolution = noPath,
                Services = services,
            }, TestContext.Current.CancellationToken);
            var json = result.Project is { } p && !noInterpolate
                ? ConfigWriter.Render(p, ConfigFormat.Json, escapeDollars: true)
                : ConfigWriter.RenderTree(result.Tree, ConfigFormat.Json);
            return new Outcome(json, null);
        }
        catch (ComposeException e)
        {
            return new Outcome(null, e);
        }
    }

    /// <summary>Drops nulls and empty maps, recursively (the comparison the conformance README prescribes).</summary>
    public static JsonNode? Clean(JsonNode? n)
    {
        switch (n)
        {
            case JsonObject o:
            {
                var r = new JsonObject();
                foreach (var (k, v) in o)
                {
                    var c = Clean(v);
                    if (c is null) continue;
                    if (c is JsonObject co && co.Count == 0) continue;
                    r[k] = c;
                }
                return r;
            }
            case JsonArray a:
            {
                var r = new JsonArray();
                foreach (var v in a) r.Add(Clean(v) ?? null);
                return r;
            }
            case null: return null;
            default: return n.DeepClone();
        }
    }

    /// <summary>Lists differences (path: expected vs actual), at most <paramref name="max"/>.</summary>
    public static List<string> Diff(JsonNode? expected, JsonNode? actual, string path = "$", List<string>? acc = null, int max = 20)
    {
        acc ??= [];
        if (acc.Count >= max) return acc;
        if (expected is JsonObject eo && actual is JsonObject ao)
        {
            foreach (var (k, v) in eo)
                if (!ao.ContainsKey(k)) acc.Add($"{path}.{k}: missing (expected {Short(v)})");
                else Diff(v, ao[k], $"{path}.{k}", acc, max);
            foreach (var (k, v) in ao)
                if (!eo.ContainsKey(k)) acc.Add($"{path}.{k}: unexpected {Short(v)}");
            return acc;
        }
        if (expected is JsonArray ea && actual is JsonArray aa && ea.Count == aa.Count)
        {
            for (var i = 0; i < ea.Count; i++) Diff(ea[i], aa[i], $"{path}[{i}]", acc, max);
            return acc;
        }
        if (!JsonNode.DeepEquals(expected, actual)) acc.Add($"{path}: expected {Short(expected)} got {Short(actual)}");
        return acc;
    }

    private static string Short(JsonNode? n)
    {
        var s = n?.ToJsonString() ?? "null";
        return s.Length > 200 ? s[..200] + "…" : s;
    }

    public static bool HasLocation(ComposeException e) =>
        e.Diagnostics.Any(d => d.At.File.Length > 0 || d.Path.Length > 0 || d.Message.Contains('/'));

    public static ExitCodeClass ExitOf(int code) => (ExitCodeClass)code;
}
