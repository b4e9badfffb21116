using SharpCompose.Loading.Yaml;
using SharpCompose.Model;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Stages;

/// <summary>Semantic checks on the bound project (compose-go checkConsistency), plus the checks Compose v2 leaves to the engine.</summary>
public static class Consistency
{
    public static void Check(Project project, YMapping tree, DiagnosticBag bag)
    {
        var containerNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, s) in project.Services)
        {
            var sp = $"services.{name}";
            SourceSpan At(params string[] path) => SpanOf(tree, ["services", name, .. path]);

            if (s.Build is null && string.IsNullOrEmpty(s.Image))
                bag.Error(At(), sp, $"service \"{name}\" has neither an image nor a build context specified");
            if (s.Build is not null)
            {
                if (!string.IsNullOrEmpty(s.Build.DockerfileInline) && !string.IsNullOrEmpty(s.Build.Dockerfile) && HasExplicitDockerfile(tree, name))
                    bag.Error(At("build"), sp + ".build", $"service \"{name}\" declares mutualy exclusive dockerfile and dockerfile_inline");
                if (s.Build.Platforms.Count > 0 && !string.IsNullOrEmpty(s.Platform) && !s.Build.Platforms.Contains(s.Platform))
                    bag.Error(At("platform"), sp + ".platform", $"service.build.platforms MUST include service.platform \"{s.Platform}\"");
                foreach (var secret in s.Build.Secrets)
                    if (!project.Secrets.ContainsKey(secret.Source))
                        bag.Error(At("build", "secrets"), sp + ".build.secrets", $"service \"{name}\" refers to undefined build secret {secret.Source}");
            }
            if (!string.IsNullOrEmpty(s.NetworkMode) && s.Networks.Count > 0)
                bag.Error(At("network_mode"), sp, $"service {name} declares mutually exclusive `network_mode` and `networks`");
            foreach (var network in s.Networks.Keys)
                if (!project.Networks.ContainsKey(network))
                    bag.Error(At("networks", network), $"{sp}.networks.{network}", $"service \"{name}\" refers to undefined network {network}{Suggest(network, project.Networks.Keys)}");
            if (s.Healthcheck?.Test is { Count: > 0 } test && test[0] is not ("CMD" or "CMD-SHELL" or "NONE"))
                bag.Error(At("healthcheck", "test"), sp + ".healthcheck.test", "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"");
            foreach (var (dep, cfg) in s.DependsOn)
            {
                if (project.Services.ContainsKey(dep)) continue;
                if (project.DisabledServices.ContainsKey(dep) && !cfg.Required) continue;
                bag.Error(At("depends_on", dep), $"{sp}.depends_on.{dep}", $"service \"{name}\" depends on undefined service \"{dep}\"{Suggest(dep, project.Services.Keys)}");
            }
            if (s.NetworkMode is { } nm && nm.StartsWith("service:", StringComparison.Ordinal))
            {
                var other = nm["service:".Length..];
                if (!project.Services.ContainsKey(other) && !project.DisabledServices.ContainsKey(other))
                    bag.Error(At("network_mode"), sp + ".network_mode", $"service \"{other}\" not found for network_mode 'service:{other}'");
            }
            for (var i = 0; i < s.Volumes.Count; i++)
            {
                var v = s.Volumes[i];
                var vp = $"{sp}.volumes[{i}]";
                if (v.Type == MountType.Volume && !string.IsNullOrEmpty(v.Source) && !project.Volumes.ContainsKey(v.Source))
                    bag.Error(At("volumes", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), vp, $"service \"{name}\" refers to undefined volume {v.Source}{Suggest(v.Source, project.Volumes.Keys)}");
                if (v.Type is MountType.Volume or MountType.Bind or MountType.Tmpfs && !v.Target.StartsWith('/') && !IsWindowsPath(v.Target))
                    bag.Error(At("volumes", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), vp, $"invalid mount target \"{v.Target}\": must be an absolute path");
            }
            foreach (var c in s.Configs)
                if (!project.Configs.ContainsKey(c.Source))
                    bag.Error(At("configs"), sp + ".configs", $"service \"{name}\" refers to undefined config {c.Source}{Suggest(c.Source, project.Configs.Keys)}");
            foreach (var c in s.Secrets)
                if (!project.Secrets.ContainsKey(c.Source))
                    bag.Error(At("secrets"), sp + ".secrets", $"service \"{name}\" refers to undefined secret {c.Source}{Suggest(c.Source, project.Secrets.Keys)}");
            if (s.Scale is { } scale && s.Deploy?.Replicas is { } replicas && scale != replicas)
                bag.Error(At("scale"), sp, $"services.{name}: can't set distinct values on 'scale' and 'deploy.replicas'");
            if (s.Cpus is { } cpus && cpus != 0 && s.Deploy?.Resources.Limits is { } lim && lim.Cpus != cpus)
                bag.Error(At("cpus"), sp, $"services.{name}: can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'");
            if (s.MemLimit is { } ml && ml != 0 && s.Deploy?.Resources.Limits is { } lim2 && lim2.MemoryBytes != ml)
                bag.Error(At("mem_limit"), sp, $"services.{name}: can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory'");
            if (s.MemReservation is { } mr && mr != 0 && s.Deploy?.Resources.Reservations is { } res && res.MemoryBytes != mr)
                bag.Error(At("mem_reservation"), sp, $"services.{name}: can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory'");
            if (s.PidsLimit is { } pl && pl != 0 && s.Deploy?.Resources.Limits is { } lim3 && lim3.Pids != pl)
                bag.Error(At("pids_limit"), sp, $"services.{name}: can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids'");
            if (!string.IsNullOrEmpty(s.ContainerName))
            {
                if (containerNames.TryGetValue(s.ContainerName, out var existing))
                    bag.Error(At("container_name"), sp + ".container_name", $"container name \"{s.ContainerName}\" is already in use by \"services.{existing}\"");
                else containerNames[s.ContainerName] = name;
                if (s.EffectiveScale > 1)
                    bag.Error(At("container_name"), sp + ".container_name", $"services.{name}: can't set container_name and {(s.Scale is null ? "deploy.replicas" : "scale")} as container name must be unique");
            }
            if (s.Restart is { } restart && !ValidRestart(restart))
                bag.Error(At("restart"), sp + ".restart", $"invalid restart policy \"{restart}\" (must be no, always, on-failure[:max-retries] or unless-stopped)");
        }
        foreach (var (name, secret) in project.Secrets)
        {
            if (secret.External) continue;
            if (string.IsNullOrEmpty(secret.File) && string.IsNullOrEmpty(secret.Environment) && string.IsNullOrEmpty(secret.Content))
                bag.Error(SpanOf(tree, ["secrets", name]), $"secrets.{name}", $"secret \"{name}\" must declare either `file` or `environment`");
        }
        var graph = DependencyGraph.Build(project.Services.Values);
        if (graph.FindCycle() is { } cycle)
            bag.Error(SpanOf(tree, ["services", cycle[0], "depends_on"]), $"services.{cycle[0]}.depends_on", "dependency cycle detected: " + string.Join(" -> ", cycle));
    }

    /// <summary>Checks that only matter when containers are created (secret/config files must exist).</summary>
    public static void CheckFiles(Project project, YMapping tree, DiagnosticBag bag, bool asErrors)
    {
        foreach (var (kind, defs) in new[] { ("secrets", project.Secrets), ("configs", project.Configs) })
            foreach (var (name, def) in defs)
                if (!def.External && !string.IsNullOrEmpty(def.File) && !File.Exists(def.File) && !Directory.Exists(def.File))
                {
                    var message = $"{kind[..^1]} file {def.File} does not exist";
                    if (asErrors) bag.Error(SpanOf(tree, [kind, name, "file"]), $"{kind}.{name}.file", message, "missing-file");
                    else bag.Warning(SpanOf(tree, [kind, name, "file"]), $"{kind}.{name}.file", message, "missing-file");
                }
    }

    private static bool HasExplicitDockerfile(YMapping tree, string name) =>
        tree.Get("services") is YMapping s && s.Get(name) is YMapping svc && svc.Get("build") is YMapping b && b.Get("dockerfile_inline") is not null && b.Get("dockerfile") is YScalar { Kind: not ScalarKind.Null } d && d.Span.IsKnown && d.Span != b.Span;

    private static bool ValidRestart(string r)
    {
        if (r is "no" or "always" or "unless-stopped" or "on-failure") return true;
        return r.StartsWith("on-failure:", StringComparison.Ordinal) && int.TryParse(r.AsSpan("on-failure:".Length), out var n) && n >= 0;
    }

    private static bool IsWindowsPath(string p) => p.Length >= 2 && char.IsLetter(p[0]) && p[1] == ':' || p.StartsWith(@"\\", StringComparison.Ordinal);

    /// <summary>Best-effort position of a path in the tree (deepest node found).</summary>
    public static SourceSpan SpanOf(YMapping tree, string[] path)
    {
        YNode node = tree;
        var span = SourceSpan.None;
        foreach (var seg in path)
        {
            switch (node)
            {
                case YMapping m when m.GetEntry(seg) is { } e:
                    span = e.Key.Span;
                    node = e.Value;
                    continue;
                case YSequence q when int.TryParse(seg, out var i) && i >= 0 && i < q.Items.Count:
                    node = q.Items[i];
                    span = node.Span;
                    continue;
            }
            break;
        }
        return span;
    }

    /// <summary>" (did you mean \"x\"?)" for a near miss, else "".</summary>
    public static string Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = Levenshtein(name, c);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        return best is not null && bestDistance <= Math.Max(1, Math.Min(3, name.Length / 3)) ? $" (did you mean \"{best}\"?)" : "";
    }

    public static int Levenshtein(string a, string b)
    {
        // Optimal string alignment: a swap of two neighbours ("imgae") counts as one edit.
        var prev2 = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    cur[j] = Math.Min(cur[j], prev2[j - 2] + 1);
            }
            (prev2, prev, cur) = (prev, cur, prev2);
        }
        return prev[b.Length];
    }
}
