using SharpCompose.Loading.Yaml;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Stages;

/// <summary>Default values set after canonicalisation (build context ".", secret targets).</summary>
public static class Defaults
{
    public static void Apply(YMapping root)
    {
        if (root.Get("services") is not YMapping services) return;
        foreach (var s in services.Entries)
        {
            if (s.Value is not YMapping svc) continue;
            if (svc.Get("build") is YMapping build && !build.ContainsKey("context"))
                build.Add(YScalar.Str("context", build.Span), YScalar.Str(".", build.Span));
            if (svc.Get("secrets") is YSequence secrets)
                foreach (var item in secrets.Items)
                    if (item is YMapping m && !m.ContainsKey("target"))
                        m.Add(YScalar.Str("target", m.Span), YScalar.Str("/run/secrets/" + m.GetString("source"), m.Span));
        }
    }
}

/// <summary>Implicit defaults and deprecated-attribute moves (compose-go loader.Normalize).</summary>
public static class Normalize
{
    public static void Apply(YMapping dict, IReadOnlyDictionary<string, string> env)
    {
        if (dict.Get("networks") is not YMapping networks)
        {
            networks = new YMapping(SourceSpan.None);
            dict.Set("networks", networks);
        }
        if (!networks.ContainsKey("default")) networks.Add(YScalar.Str("default", SourceSpan.None), YScalar.Null(SourceSpan.None));

        if (dict.Get("services") is YMapping services)
        {
            foreach (var s in services.Entries)
            {
                if (s.Value is not YMapping svc) continue;
                var sp = svc.Span;
                if (!svc.ContainsKey("networks") && !svc.ContainsKey("network_mode"))
                {
                    var n = new YMapping(sp);
                    n.Add(YScalar.Str("default", sp), YScalar.Null(sp));
                    svc.Add(YScalar.Str("networks", sp), n);
                }
                if (svc.GetEntry("pull_policy") is { Value: YScalar { Value: "if_not_present" } } pp)
                    pp.Value = YScalar.Str("missing", pp.Value.Span);
                if (svc.Get("build") is YMapping build)
                {
                    if (build.Get("context") is null or YScalar { Kind: ScalarKind.Null })
                        build.Set("context", YScalar.Str(".", build.Span));
                    if (build.Get("dockerfile") is null or YScalar { Kind: ScalarKind.Null } && build.Get("dockerfile_inline") is null or YScalar { Kind: ScalarKind.Null })
                        build.Set("dockerfile", YScalar.Str("Dockerfile", build.Span));
                    if (build.GetEntry("args") is { } args) args.Value = Resolve(args.Value, env);
                }
                if (svc.GetEntry("environment") is { } envEntry) envEntry.Value = Resolve(envEntry.Value, env);

                var dependsOn = svc.Get("depends_on") as YMapping;
                var created = dependsOn is null;
                dependsOn ??= new YMapping(sp);
                if (svc.Get("links") is YSequence links)
                    foreach (var l in links.Items)
                    {
                        var link = (l as YScalar)?.GoText ?? "";
                        var parts = link.Split(':');
                        if (parts.Length == 2) link = parts[0];
                        if (!dependsOn.ContainsKey(link)) dependsOn.Add(YScalar.Str(link, l.Span), Dependency(l.Span, true));
                    }
                foreach (var ns in (string[])["network_mode", "ipc", "pid", "uts", "cgroup"])
                {
                    if (svc.Get(ns) is YScalar { Kind: ScalarKind.String } r && r.Value.StartsWith("service:", StringComparison.Ordinal))
                    {
                        var shared = r.Value["service:".Length..];
                        if (!dependsOn.ContainsKey(shared)) dependsOn.Add(YScalar.Str(shared, r.Span), Dependency(r.Span, true));
                    }
                }
                if (svc.Get("volumes_from") is YSequence vf)
                    foreach (var v in vf.Items)
                    {
                        var vol = (v as YScalar)?.GoText ?? "";
                        if (vol.StartsWith("container:", StringComparison.Ordinal)) continue;
                        var name = vol.Split(':')[0];
                        if (!dependsOn.ContainsKey(name)) dependsOn.Add(YScalar.Str(name, v.Span), Dependency(v.Span, false));
                    }
                if (created && dependsOn.Count > 0) svc.Add(YScalar.Str("depends_on", sp), dependsOn);
            }
        }

        var projectName = dict.GetString("name");
        foreach (var kind in (string[])["networks", "volumes", "configs", "secrets"])
        {
            if (dict.Get(kind) is not YMapping top) continue;
            foreach (var e in top.Entries)
            {
                if (e.Value is not YMapping resource)
                {
                    resource = new YMapping(e.Key.Span);
                    e.Value = resource;
                }
                if (resource.Get("name") is null or YScalar { Kind: ScalarKind.Null })
                {
                    var external = resource.Get("external") is YScalar x && IsTrue(x);
                    resource.Set("name", YScalar.Str(external ? e.Name : $"{projectName}_{e.Name}", e.Key.Span));
                }
            }
        }
    }

    private static bool IsTrue(YScalar x) => (x.GoText ?? "").ToLowerInvariant() is "1" or "t" or "true";

    private static YMapping Dependency(SourceSpan sp, bool restart)
    {
        var m = new YMapping(sp);
        m.Add(YScalar.Str("condition", sp), YScalar.Str("service_started", sp));
        m.Add(YScalar.Str("restart", sp), new YScalar(restart ? "true" : "false", true, sp));
        m.Add(YScalar.Str("required", sp), new YScalar("true", true, sp));
        return m;
    }

    /// <summary>Values declared without "=" / null take the environment's value, or disappear when unset.</summary>
    private static YNode Resolve(YNode n, IReadOnlyDictionary<string, string> env)
    {
        switch (n)
        {
            case YSequence seq:
            {
                var items = new List<YNode>(seq.Items.Count);
                foreach (var item in seq.Items)
                {
                    if (item is YScalar s && s.Kind == ScalarKind.String && !s.Value.Contains('='))
                    {
                        if (env.TryGetValue(s.Value, out var v)) items.Add(YScalar.Str(s.Value + "=" + v, s.Span));
                        continue;
                    }
                    items.Add(item);
                }
                seq.Items.Clear();
                seq.Items.AddRange(items);
                return seq;
            }
            case YMapping map:
            {
                var drop = new List<string>();
                foreach (var e in map.Entries)
                {
                    if (!e.Value.IsNull) continue;
                    if (env.TryGetValue(e.Name, out var v)) e.Value = YScalar.Str(v, e.Value.Span);
                    else drop.Add(e.Name);
                }
                foreach (var d in drop) map.Remove(d);
                return map;
            }
        }
        return n;
    }

    /// <summary>environment list entries "NAME" take NAME's value from the environment when set.</summary>
    public static void ResolveServicesEnvironment(YMapping dict, IReadOnlyDictionary<string, string> env)
    {
        if (dict.Get("services") is not YMapping services) return;
        foreach (var s in services.Entries)
        {
            if (s.Value is not YMapping svc || svc.Get("environment") is not YSequence seq) continue;
            for (var i = 0; i < seq.Items.Count; i++)
                if (seq.Items[i] is YScalar sc && sc.Kind == ScalarKind.String && !sc.Value.Contains('=') && env.TryGetValue(sc.Value, out var v))
                    seq.Items[i] = YScalar.Str(sc.Value + "=" + v, sc.Span);
        }
    }
}
