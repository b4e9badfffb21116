using SharpCompose.Loading.Yaml;

namespace SharpCompose.Loading.Stages;

/// <summary>Removes redefinitions in sequences that Compose treats as sets (last definition wins, first position kept).</summary>
public static class Unicity
{
    public static void Enforce(YMapping root)
    {
        if (root.Get("services") is YMapping services)
        {
            foreach (var s in services.Entries)
            {
                if (s.Value is not YMapping svc) continue;
                foreach (var e in svc.Entries)
                {
                    switch (e.Name)
                    {
                        case "annotations" or "cap_add" or "cap_drop" or "dns" or "dns_opt" or "dns_search" or "environment" or "extra_hosts" or "labels" or "links" or "profiles" or "sysctls" or "tmpfs":
                            Dedupe(e.Value, KeyValue);
                            break;
                        case "configs": Dedupe(e.Value, n => Mount(n, "")); break;
                        case "secrets": Dedupe(e.Value, n => Mount(n, "/run/secrets")); break;
                        case "env_file": Dedupe(e.Value, n => n is YMapping m ? m.GetString("path") : (n as YScalar)?.GoText); break;
                        case "expose": Dedupe(e.Value, n => (n as YScalar)?.GoText); break;
                        case "ports": Dedupe(e.Value, Port); break;
                        case "volumes": Dedupe(e.Value, Volume); break;
                        case "build" when e.Value is YMapping b:
                            foreach (var be in b.Entries)
                                if (be.Name is "args" or "additional_contexts" or "extra_hosts" or "platforms" or "tags" or "labels")
                                    Dedupe(be.Value, KeyValue);
                            break;
                        case "deploy" when e.Value is YMapping d:
                            if (d.Get("labels") is { } dl) Dedupe(dl, KeyValue);
                            break;
                        case "networks" when e.Value is YMapping nets:
                            foreach (var ne in nets.Entries)
                                if (ne.Value is YMapping nm)
                                    foreach (var k in new[] { "aliases", "link_local_ips" })
                                        if (nm.Get(k) is { } al) Dedupe(al, KeyValue);
                            break;
                    }
                }
            }
        }
        if (root.Get("networks") is YMapping networks)
            foreach (var n in networks.Entries)
                if (n.Value is YMapping nm)
                {
                    if (nm.Get("labels") is { } l) Dedupe(l, KeyValue);
                    if (nm.Get("ipam") is YMapping ipam && ipam.Get("options") is { } o) Dedupe(o, KeyValue);
                }
    }

    private static void Dedupe(YNode node, Func<YNode, string?> key)
    {
        if (node is not YSequence seq || seq.Items.Count < 2) return;
        var keys = new Dictionary<string, int>(seq.Items.Count, StringComparer.Ordinal);
        var result = new List<YNode>(seq.Items.Count);
        foreach (var item in seq.Items)
        {
            var k = key(item);
            if (k is null)
            {
                result.Add(item);
                continue;
            }
            if (keys.TryGetValue(k, out var j)) result[j] = item;
            else
            {
                keys[k] = result.Count;
                result.Add(item);
            }
        }
        if (result.Count == seq.Items.Count) return;
        seq.Items.Clear();
        seq.Items.AddRange(result);
    }

    private static string? KeyValue(YNode n)
    {
        if (n is not YScalar s) return null;
        var t = s.GoText ?? "";
        var eq = t.IndexOf('=');
        return eq < 0 ? t : t[..eq];
    }

    private static string? Mount(YNode n, string defaultPath) => n switch
    {
        YScalar s => defaultPath + "/" + s.GoText,
        YMapping m => m.GetString("target") ?? defaultPath + "/" + m.GetString("source"),
        _ => null,
    };

    private static string? Port(YNode n) => n switch
    {
        YScalar s => s.GoText,
        YMapping m => $"{m.GetString("host_ip") ?? "0.0.0.0"}:{m.GetString("published")}:{m.GetString("target")}/{m.GetString("protocol") ?? "tcp"}",
        _ => null,
    };

    private static string? Volume(YNode n) => n switch
    {
        YMapping m => m.GetString("target"),
        YScalar s => VolumeSpecParser.TryParse(s.GoText ?? "", out var v, out _) ? v.Target : null,
        _ => null,
    };
}
