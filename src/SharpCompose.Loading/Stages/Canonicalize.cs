using SharpCompose.Loading.Yaml;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Stages;

/// <summary>Rewrites short syntaxes into the canonical long form (compose-go transform.Canonical), in place.</summary>
public static class Canonicalize
{
    public static void Apply(YMapping root, DiagnosticBag bag)
    {
        if (root.Get("services") is YMapping services)
        {
            foreach (var s in services.Entries)
                if (s.Value is YMapping svc) Service(svc, "services." + s.Name, bag);
        }
        foreach (var kind in new[] { "volumes", "networks", "secrets", "configs" })
        {
            if (root.Get(kind) is not YMapping resources) continue;
            foreach (var r in resources.Entries)
                if (r.Value is YMapping res) MaybeExternal(res, $"{kind}.{r.Name}", bag);
        }
        if (root.Get("include") is YSequence include)
            for (var i = 0; i < include.Items.Count; i++)
                if (include.Items[i] is YScalar s && !s.IsNull)
                    include.Items[i] = Map(s.Span, ("path", s));
    }

    public static void Service(YMapping svc, string path, DiagnosticBag bag)
    {
        foreach (var e in svc.Entries)
        {
            var p = path + "." + e.Name;
            switch (e.Name)
            {
                case "build":
                    if (e.Value is YScalar bs && !bs.IsNull) e.Value = Map(bs.Span, ("context", bs));
                    if (e.Value is YMapping build)
                    {
                        if (build.GetEntry("secrets") is { Value: YSequence sec }) FileMounts(sec);
                        if (build.GetEntry("additional_contexts") is { } ac && ac.Value is YSequence acs) ac.Value = KeyValueToMap(acs, p + ".additional_contexts", bag);
                        if (build.GetEntry("ssh") is { } ssh && ssh.Value is YSequence sshs) ssh.Value = Ssh(sshs, p + ".ssh", bag);
                    }
                    break;
                case "depends_on":
                    e.Value = DependsOn(e.Value, p, bag);
                    break;
                case "env_file":
                    e.Value = EnvFile(e.Value);
                    break;
                case "extends":
                    if (e.Value is YScalar xs && !xs.IsNull) e.Value = Map(xs.Span, ("service", xs));
                    break;
                case "networks":
                    if (e.Value is YSequence ns)
                    {
                        var m = new YMapping(ns.Span);
                        foreach (var n in ns.Items)
                            if (n is YScalar name) m.Set(name.GoText ?? "", YScalar.Null(n.Span), n.Span);
                        e.Value = m;
                    }
                    break;
                case "volumes":
                    if (e.Value is YSequence vs)
                        for (var i = 0; i < vs.Items.Count; i++)
                            if (vs.Items[i] is YScalar v) vs.Items[i] = Volume(v, $"{p}[{i}]", bag);
                    break;
                case "secrets" or "configs":
                    if (e.Value is YSequence fs) FileMounts(fs);
                    break;
                case "ports":
                    if (e.Value is YSequence ps) e.Value = Ports(ps, p, bag);
                    break;
            }
        }
    }

    private static void FileMounts(YSequence seq)
    {
        for (var i = 0; i < seq.Items.Count; i++)
            if (seq.Items[i] is YScalar s && !s.IsNull)
                seq.Items[i] = Map(s.Span, ("source", s));
    }

    private static YNode DependsOn(YNode value, string path, DiagnosticBag bag)
    {
        switch (value)
        {
            case YSequence seq:
            {
                var m = new YMapping(seq.Span);
                foreach (var item in seq.Items)
                    if (item is YScalar s)
                        m.Set(s.GoText ?? "", Map(s.Span, ("condition", YScalar.Str("service_started", s.Span)), ("required", new YScalar("true", true, s.Span))), s.Span);
                return m;
            }
            case YMapping map:
                foreach (var e in map.Entries)
                {
                    if (e.Value is not YMapping d)
                    {
                        if (e.Value.IsNull) e.Value = d = new YMapping(e.Value.Span);
                        else
                        {
                            bag.Error(e.Value.Span, path + "." + e.Name, "must be a mapping");
                            continue;
                        }
                    }
                    if (!d.ContainsKey("condition")) d.Add(YScalar.Str("condition", d.Span), YScalar.Str("service_started", d.Span));
                    if (!d.ContainsKey("required")) d.Add(YScalar.Str("required", d.Span), new YScalar("true", true, d.Span));
                }
                return map;
        }
        return value;
    }

    private static YNode EnvFile(YNode value)
    {
        switch (value)
        {
            case YScalar s when !s.IsNull:
                return new YSequence(s.Span, [Map(s.Span, ("path", s), ("required", new YScalar("true", true, s.Span)))]);
            case YSequence seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    switch (seq.Items[i])
                    {
                        case YScalar s:
                            seq.Items[i] = Map(s.Span, ("path", s), ("required", new YScalar("true", true, s.Span)));
                            break;
                        case YMapping m when !m.ContainsKey("required"):
                            m.Add(YScalar.Str("required", m.Span), new YScalar("true", true, m.Span));
                            break;
                    }
                }
                return seq;
        }
        return value;
    }

    private static YNode Volume(YScalar v, string path, DiagnosticBag bag)
    {
        var text = v.GoText ?? "";
        if (!VolumeSpecParser.TryParse(text, out var vol, out var error))
        {
            bag.Error(v.Span, path, error!);
            return v;
        }
        var sp = v.Span;
        var m = new YMapping(sp);
        m.Add(YScalar.Str("type", sp), YScalar.Str(vol.Type, sp));
        if (vol.Source.Length > 0) m.Add(YScalar.Str("source", sp), YScalar.Str(vol.Source, sp));
        m.Add(YScalar.Str("target", sp), YScalar.Str(vol.Target.Length == 0 ? "" : VolumeSpecParser.CleanPath(vol.Target), sp));
        if (vol.ReadOnly) m.Add(YScalar.Str("read_only", sp), new YScalar("true", true, sp));
        if (vol.HasBind)
        {
            var b = new YMapping(sp);
            if (vol.Propagation is not null) b.Add(YScalar.Str("propagation", sp), YScalar.Str(vol.Propagation, sp));
            if (vol.SELinux is not null) b.Add(YScalar.Str("selinux", sp), YScalar.Str(vol.SELinux, sp));
            if (vol.CreateHostPath) b.Add(YScalar.Str("create_host_path", sp), new YScalar("true", true, sp));
            m.Add(YScalar.Str("bind", sp), b);
        }
        if (vol.HasVolumeOptions)
        {
            var vo = new YMapping(sp);
            if (vol.NoCopy) vo.Add(YScalar.Str("nocopy", sp), new YScalar("true", true, sp));
            m.Add(YScalar.Str("volume", sp), vo);
        }
        return m;
    }

    private static YNode Ports(YSequence seq, string path, DiagnosticBag bag)
    {
        var result = new YSequence(seq.Span);
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            if (item is YScalar s && s.Kind is ScalarKind.String or ScalarKind.Int)
            {
                var text = s.GoText ?? "";
                if (!PortSpecParser.TryParse(text, out var ports, out var error))
                {
                    bag.Error(s.Span, $"{path}[{i}]", $"invalid port \"{text}\": {error} (ports are 0-65535)");
                    continue;
                }
                foreach (var p in ports)
                {
                    var m = new YMapping(s.Span);
                    m.Add(YScalar.Str("mode", s.Span), YScalar.Str("ingress", s.Span));
                    if (p.HostIp.Length > 0) m.Add(YScalar.Str("host_ip", s.Span), YScalar.Str(p.HostIp, s.Span));
                    m.Add(YScalar.Str("target", s.Span), new YScalar(p.Target.ToString(System.Globalization.CultureInfo.InvariantCulture), true, s.Span));
                    if (p.Published.Length > 0) m.Add(YScalar.Str("published", s.Span), YScalar.Str(p.Published, s.Span));
                    m.Add(YScalar.Str("protocol", s.Span), YScalar.Str(p.Protocol, s.Span));
                    result.Items.Add(m);
                }
            }
            else if (item is YMapping)
            {
                result.Items.Add(item);
            }
            else
            {
                bag.Error(item.Span, $"{path}[{i}]", "invalid type for port");
            }
        }
        return result;
    }

    private static YNode KeyValueToMap(YSequence seq, string path, DiagnosticBag bag)
    {
        var m = new YMapping(seq.Span);
        foreach (var item in seq.Items)
        {
            var t = (item as YScalar)?.GoText ?? "";
            var eq = t.IndexOf('=');
            if (eq < 0)
            {
                bag.Error(item.Span, path, $"invalid value {t}, expected key=value");
                continue;
            }
            m.Set(t[..eq], YScalar.Str(t[(eq + 1)..], item.Span), item.Span);
        }
        return m;
    }

    private static YNode Ssh(YSequence seq, string path, DiagnosticBag bag)
    {
        var m = new YMapping(seq.Span);
        foreach (var item in seq.Items)
        {
            var t = (item as YScalar)?.GoText ?? "";
            var eq = t.IndexOf('=');
            if (eq < 0)
            {
                if (t != "default") bag.Error(item.Span, path, $"invalid ssh key \"{t}\"");
                m.Set(t, YScalar.Null(item.Span), item.Span);
                continue;
            }
            m.Set(t[..eq], YScalar.Str(t[(eq + 1)..], item.Span), item.Span);
        }
        return m;
    }

    private static void MaybeExternal(YMapping res, string path, DiagnosticBag bag)
    {
        if (res.GetEntry("external") is not { } ext || ext.Value is not YMapping extMap) return;
        ext.Value = new YScalar("true", true, ext.Value.Span);
        if (extMap.Get("name") is YScalar extName)
        {
            bag.Warning(extMap.Span, path, $"{path}: external.name is deprecated. Please set name and external: true");
            var name = res.Get("name") as YScalar;
            if (name is not null && name.GoText != extName.GoText)
                bag.Error(extName.Span, path, $"{path}: name and external.name conflict; only use name");
            else if (name is null) res.Add(YScalar.Str("name", extName.Span), extName);
        }
    }

    internal static YMapping Map(SourceSpan span, params (string Key, YNode Value)[] entries)
    {
        var m = new YMapping(span);
        foreach (var (k, v) in entries) m.Add(YScalar.Str(k, v.Span), v);
        return m;
    }
}
