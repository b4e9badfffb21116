using SharpCompose.Loading.Yaml;

namespace SharpCompose.Loading.Stages;

/// <summary>Compose v2's rules for merging one compose document over another (override files, extends).</summary>
public static class Merge
{
    private enum Rule { Default, ToSequence, Build, Override, DependsOn, Networks, Logging, Ulimit, IpamConfig }

    /// <summary>Merges <paramref name="over"/> onto <paramref name="baseNode"/>; both may be mutated. Returns the result.</summary>
    public static YNode Apply(YNode baseNode, YNode over, DiagnosticBag bag) => MergeNode(baseNode, over, [], bag);

    /// <summary>Merges a service definition over its extends base (path services.x).</summary>
    public static YNode ApplyService(YNode baseNode, YNode over, DiagnosticBag bag) => MergeNode(baseNode, over, ["services", "x"], bag);

    private static Rule RuleFor(List<string> p)
    {
        var n = p.Count;
        if (n < 2) return Rule.Default;
        switch (p[0])
        {
            case "services" when n == 3:
                return p[2] switch
                {
                    "annotations" or "dns" or "dns_opt" or "dns_search" or "env_file" or "environment" or "extra_hosts" or "labels" or "sysctls" or "tmpfs" => Rule.ToSequence,
                    "build" => Rule.Build,
                    "command" or "entrypoint" => Rule.Override,
                    "depends_on" => Rule.DependsOn,
                    "logging" => Rule.Logging,
                    "networks" => Rule.Networks,
                    _ => Rule.Default,
                };
            case "services" when n == 4:
                if (p[2] == "build" && p[3] is "args" or "additional_contexts" or "extra_hosts" or "labels") return Rule.ToSequence;
                if (p[2] == "deploy" && p[3] == "labels") return Rule.ToSequence;
                if (p[2] == "healthcheck" && p[3] == "test") return Rule.Override;
                if (p[2] == "ulimits") return Rule.Ulimit;
                return Rule.Default;
            case "networks" when n == 3 && p[2] == "labels":
            case "volumes" when n == 3 && p[2] == "labels":
                return Rule.ToSequence;
            case "networks" when n == 4 && p[2] == "ipam" && p[3] == "config":
                return Rule.IpamConfig;
        }
        return Rule.Default;
    }

    private static YNode MergeNode(YNode e, YNode o, List<string> path, DiagnosticBag bag)
    {
        switch (RuleFor(path))
        {
            case Rule.ToSequence:
            {
                var left = ToSequence(e);
                left.Items.AddRange(ToSequence(o).Items);
                return left;
            }
            case Rule.Override:
                return o;
            case Rule.Build:
                return MergeMappings(ToBuild(e), ToBuild(o), path, bag);
            case Rule.DependsOn:
                return MergeMappings(ToMapping(e, true), ToMapping(o, true), path, bag);
            case Rule.Networks:
                return MergeMappings(ToMapping(e, false), ToMapping(o, false), path, bag);
            case Rule.Logging when e is YMapping le && o is YMapping lo:
            {
                var d1 = lo.Get("driver");
                var d2 = le.Get("driver");
                if (d1 is null || d2 is null || (d1 as YScalar)?.GoText == (d2 as YScalar)?.GoText)
                    return MergeMappings(le, lo, path, bag);
                return lo;
            }
            case Rule.Ulimit:
                return o; // Compose v2.26 replaces a ulimit entry
            case Rule.IpamConfig when e is YSequence es && o is YSequence os:
                return MergeIpam(es, os, path, bag);
        }
        if (o.IsNull) return e;
        switch (e)
        {
            case YMapping m:
                if (o is not YMapping om)
                {
                    bag.Error(o.Span, string.Join('.', path), $"cannot override {string.Join('.', path)}");
                    return e;
                }
                return MergeMappings(m, om, path, bag);
            case YSequence s:
                if (o is not YSequence os2)
                {
                    bag.Error(o.Span, string.Join('.', path), $"cannot override {string.Join('.', path)}");
                    return e;
                }
                s.Items.AddRange(os2.Items);
                return s;
            default:
                return o;
        }
    }

    private static YMapping MergeMappings(YMapping m, YMapping other, List<string> path, DiagnosticBag bag)
    {
        foreach (var entry in other.Entries)
        {
            var k = entry.Name;
            var v = entry.Value;
            if (v.Tag == "!reset")
            {
                m.Remove(k);
                continue;
            }
            var existing = m.GetEntry(k);
            if (existing is null || v.Tag == "!override" || k.StartsWith("x-", StringComparison.Ordinal))
            {
                if (v.Tag == "!override") v.Tag = null;
                if (existing is null) m.Add(entry.Key, v);
                else existing.Value = v;
                continue;
            }
            path.Add(k);
            existing.Value = MergeNode(existing.Value, v, path, bag);
            path.RemoveAt(path.Count - 1);
        }
        return m;
    }

    private static YSequence ToSequence(YNode n)
    {
        switch (n)
        {
            case YSequence s: return s;
            case YMapping m:
            {
                var items = new List<(string Text, YNode Node)>(m.Count);
                foreach (var e in m.Entries)
                {
                    var text = e.Value.IsNull ? e.Name : e.Name + "=" + ((e.Value as YScalar)?.GoText ?? "");
                    items.Add((text, e.Value.IsNull ? e.Key : e.Value));
                }
                items.Sort((a, b) => string.CompareOrdinal(a.Text, b.Text));
                var seq = new YSequence(m.Span);
                foreach (var (text, node) in items) seq.Items.Add(YScalar.Str(text, node.Span));
                return seq;
            }
            case YScalar { Kind: ScalarKind.Null }:
                return new YSequence(n.Span);
            default:
                return new YSequence(n.Span, [n]);
        }
    }

    private static YMapping ToBuild(YNode n)
    {
        if (n is YMapping m) return m;
        var b = new YMapping(n.Span);
        if (n is YScalar s && !s.IsNull) b.Add(YScalar.Str("context", n.Span), s);
        return b;
    }

    private static YMapping ToMapping(YNode n, bool dependsOnDefaults)
    {
        if (n is YMapping m) return m;
        var r = new YMapping(n.Span);
        if (n is YSequence s)
        {
            foreach (var item in s.Items)
            {
                if (item is not YScalar key) continue;
                YNode value;
                if (dependsOnDefaults)
                {
                    var dm = new YMapping(item.Span);
                    dm.Add(YScalar.Str("condition", item.Span), YScalar.Str("service_started", item.Span));
                    dm.Add(YScalar.Str("required", item.Span), new YScalar("true", true, item.Span));
                    value = dm;
                }
                else value = YScalar.Null(item.Span);
                r.Set(key.GoText ?? "", value, item.Span);
            }
        }
        return r;
    }

    private static YSequence MergeIpam(YSequence c, YSequence o, List<string> path, DiagnosticBag bag)
    {
        var result = new List<YMapping>();
        static string? Subnet(YMapping m) => m.GetString("subnet");
        foreach (var orig in c.Items)
        {
            if (orig is not YMapping right) continue;
            foreach (var ov in o.Items)
            {
                if (ov is not YMapping left) continue;
                if (Subnet(left) != Subnet(right))
                {
                    if (!result.Exists(a => Subnet(a) == Subnet(left)))
                    {
                        result.Add(left);
                        continue;
                    }
                }
                var merged = MergeMappings(right, left, path, bag);
                var idx = result.FindIndex(a => Subnet(a) == Subnet(merged));
                if (idx >= 0) result[idx] = merged;
                else result.Add(merged);
            }
        }
        var seq = new YSequence(c.Span);
        seq.Items.AddRange(result);
        return seq;
    }
}
