using System.Security.Cryptography;
using System.Text;
using SharpCompose.Model;

namespace SharpCompose.Loading.Output;

public enum ConfigFormat { Yaml, Json }

/// <summary>What `config` prints: the full model, or one of the listing flags.</summary>
public static class ConfigWriter
{
    /// <summary>The project as YAML or JSON; `$` is escaped as `$$` like Compose v2 does after interpolation.</summary>
    public static string Render(Project project, ConfigFormat format, bool escapeDollars = true)
    {
        var tree = ProjectSerializer.Project(project);
        var text = format == ConfigFormat.Json ? JsonText.Render(tree, indent: true) : YamlText.Render(ForYaml(tree, project));
        return escapeDollars ? text.Replace("$", "$$", StringComparison.Ordinal) : text;
    }

    private static readonly string[] TopLevelOrder = ["name", "services", "networks", "volumes", "secrets", "configs"];

    /// <summary>yaml.v3 layout: struct order at the top, extensions last, empty structs and null commands omitted.</summary>
    private static ComposeMap ForYaml(ComposeMap tree, Project project)
    {
        IReadOnlyDictionary<string, ComposeValue>? ExtensionsOf(string kind, string name) => kind switch
        {
            "services" => project.Services.TryGetValue(name, out var s) ? s.Extensions : null,
            "networks" => project.Networks.TryGetValue(name, out var n) ? n.Extensions : null,
            "volumes" => project.Volumes.TryGetValue(name, out var v) ? v.Extensions : null,
            "secrets" => project.Secrets.TryGetValue(name, out var x) ? x.Extensions : null,
            "configs" => project.Configs.TryGetValue(name, out var c) ? c.Extensions : null,
            _ => null,
        };
        var entries = tree.Entries
            .OrderBy(e => Array.IndexOf(TopLevelOrder, e.Key) is var i && i >= 0 ? i : TopLevelOrder.Length)
            .Select(e => new KeyValuePair<string, ComposeValue>(e.Key, e.Key is "services" or "networks" or "volumes" or "secrets" or "configs" && e.Value is ComposeMap group
                ? new ComposeMap(group.Entries.Select(s =>
                {
                    var value = WithoutEmpty(s.Value, service: e.Key == "services");
                    if (ExtensionsOf(e.Key, s.Key) is { Count: > 0 } ext && value is ComposeMap vm)
                        value = new ComposeMap([.. vm.Entries, .. ext.OrderBy(x => x.Key, StringComparer.Ordinal)]);
                    return new KeyValuePair<string, ComposeValue>(s.Key, value);
                }).ToList())
                : WithoutEmpty(e.Value, service: false)))
            .ToList();
        return new ComposeMap(entries);
    }

    private static ComposeValue WithoutEmpty(ComposeValue v, bool service)
    {
        if (v is not ComposeMap m) return v;
        var kept = new List<KeyValuePair<string, ComposeValue>>(m.Entries.Count);
        foreach (var (k, child) in m.Entries)
        {
            if (service && k is "command" or "entrypoint" && child is ComposeNull) continue;
            var c = WithoutEmpty(child, false);
            if (c is ComposeMap { Entries.Count: 0 } && k is "ipam" or "resources" or "placement" or "bind" or "volume" or "tmpfs" or "limits" or "reservations") continue;
            kept.Add(new(k, c));
        }
        return new ComposeMap(kept);
    }

    /// <summary>Renders a raw (not normalised) tree, as `config --no-normalize / --no-interpolate` do.</summary>
    public static string RenderTree(Yaml.YMapping tree, ConfigFormat format)
    {
        var value = Stages.ProjectBinder.ToValue(tree);
        return format == ConfigFormat.Json ? JsonText.Render(value, indent: true) : YamlText.Render(value);
    }

    /// <summary>--services: enabled services, dependencies first.</summary>
    public static IReadOnlyList<string> Services(Project project)
    {
        try
        {
            return project.BuildDependencyGraph().TopologicalOrder();
        }
        catch (DependencyCycleException)
        {
            return project.Services.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>--volumes.</summary>
    public static IReadOnlyList<string> Volumes(Project project) => project.Volumes.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

    /// <summary>--networks.</summary>
    public static IReadOnlyList<string> Networks(Project project) => project.Networks.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

    /// <summary>--profiles: every profile named by any service (enabled or not), sorted.</summary>
    public static IReadOnlyList<string> Profiles(Project project) =>
        project.Services.Values.Concat(project.DisabledServices.Values).SelectMany(s => s.Profiles)
            .Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();

    /// <summary>--images: image of each service, or the default "{project}-{service}" for built ones.</summary>
    public static IReadOnlyList<string> Images(Project project) =>
        project.Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.ImageNameOrDefault(project.Name)).ToList();

    /// <summary>--hash "*" or "a,b": "service hash" lines.</summary>
    public static IReadOnlyList<string> Hashes(Project project, string selection)
    {
        var names = selection == "*" ? project.Services.Keys.ToList() : selection.Split(',').Select(s => s.Trim()).ToList();
        var lines = new List<string>();
        foreach (var name in names.OrderBy(n => n, StringComparer.Ordinal))
            if (project.Services.TryGetValue(name, out var s)) lines.Add($"{name} {ConfigHash.Compute(s)}");
        return lines;
    }
}

/// <summary>The com.docker.compose.config-hash of a service: sha256 over its compact JSON in Compose's field order,
/// without build, pull_policy, scale and deploy.replicas (Compose v2.26 ServiceHash).</summary>
public static class ConfigHash
{
    public static string Compute(ServiceSpec service)
    {
        var s = service with
        {
            Build = null,
            PullPolicy = null,
            Scale = null,
            Deploy = service.Deploy is null ? null : service.Deploy with { Replicas = null },
        };
        var json = JsonText.Render(ProjectSerializer.Service(s), indent: false);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
