using SharpCompose.Loading.Yaml;

namespace SharpCompose.Loading.Stages;

/// <summary>Substitutes variables in every string scalar of a document (keys are left alone).</summary>
public static class Interpolate
{
    public static void Apply(YNode root, IReadOnlyDictionary<string, string> env, DiagnosticBag bag, bool noInterpolate = false)
    {
        var path = new List<string>();
        Walk(root, path, env, bag, noInterpolate);
    }

    private enum CastKind { None, Int, Float, Bool }

    /// <summary>compose-go's interpolation type casts: strings at these paths become numbers / booleans.</summary>
    private static CastKind CastFor(List<string> p)
    {
        var n = p.Count;
        if (n == 3 && p[0] is "networks" && p[2] is "external" or "internal" or "attachable" or "enable_ipv4" or "enable_ipv6") return CastKind.Bool;
        if (n == 3 && p[0] is "volumes" or "secrets" or "configs" && p[2] == "external") return CastKind.Bool;
        if (n < 3 || p[0] != "services") return CastKind.None;
        switch (n)
        {
            case 3:
                return p[2] switch
                {
                    "cpu_count" or "cpu_period" or "cpu_quota" or "cpu_rt_period" or "cpu_rt_runtime" or "cpu_shares" or "oom_score_adj" or "pids_limit" or "scale" => CastKind.Int,
                    "cpu_percent" or "cpus" => CastKind.Float,
                    "init" or "oom_kill_disable" or "privileged" or "read_only" or "stdin_open" or "tty" => CastKind.Bool,
                    _ => CastKind.None,
                };
            case 4:
                if (p[2] == "deploy" && p[3] == "replicas") return CastKind.Int;
                if (p[2] == "healthcheck") return p[3] == "retries" ? CastKind.Int : p[3] == "disable" ? CastKind.Bool : CastKind.None;
                if (p[2] == "ulimits") return CastKind.Int;
                return CastKind.None;
            case 5:
                if (p[2] is "configs" or "secrets" && p[4] == "mode") return CastKind.Int;
                if (p[2] == "ports" && p[4] == "target") return CastKind.Int;
                if (p[2] == "volumes" && p[4] == "read_only") return CastKind.Bool;
                if (p[2] == "ulimits" && p[4] is "hard" or "soft") return CastKind.Int;
                if (p[2] == "deploy" && p[3] is "update_config" or "rollback_config")
                    return p[4] == "parallelism" ? CastKind.Int : p[4] == "max_failure_ratio" ? CastKind.Float : CastKind.None;
                if (p[2] == "deploy" && p[3] == "restart_policy" && p[4] == "max_attempts") return CastKind.Int;
                if (p[2] == "deploy" && p[3] == "placement" && p[4] == "max_replicas_per_node") return CastKind.Int;
                return CastKind.None;
            case 6:
                if (p[2] == "volumes" && p[4] == "volume" && p[5] == "nocopy") return CastKind.Bool;
                return CastKind.None;
        }
        return CastKind.None;
    }

    private static void Cast(YScalar s, List<string> path, DiagnosticBag bag)
    {
        var kind = CastFor(path);
        if (kind == CastKind.None) return;
        var v = s.Value;
        switch (kind)
        {
            case CastKind.Int:
                if (long.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l))
                    s.SetTyped(l.ToString(System.Globalization.CultureInfo.InvariantCulture), ScalarKind.Int);
                else bag.Error(s.Span, PathText(path), $"invalid integer \"{v}\"", "cast");
                break;
            case CastKind.Float:
                if (double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d))
                    s.SetTyped(v, ScalarKind.Float);
                else bag.Error(s.Span, PathText(path), $"invalid number \"{v}\"", "cast");
                break;
            case CastKind.Bool:
                switch (v.ToLowerInvariant())
                {
                    case "true": s.SetTyped("true", ScalarKind.Bool); break;
                    case "false": s.SetTyped("false", ScalarKind.Bool); break;
                    case "y" or "yes" or "on":
                        bag.Warning(s.Span, PathText(path), $"\"{v}\" for boolean is not supported by YAML 1.2, please use `true`");
                        s.SetTyped("true", ScalarKind.Bool);
                        break;
                    case "n" or "no" or "off":
                        bag.Warning(s.Span, PathText(path), $"\"{v}\" for boolean is not supported by YAML 1.2, please use `false`");
                        s.SetTyped("false", ScalarKind.Bool);
                        break;
                    default:
                        bag.Error(s.Span, PathText(path), $"invalid boolean: {v}", "cast");
                        break;
                }
                break;
        }
    }

    private static void Walk(YNode node, List<string> path, IReadOnlyDictionary<string, string> env, DiagnosticBag bag, bool noInterpolate)
    {
        switch (node)
        {
            case YScalar s:
                if (s.Kind == ScalarKind.String && s.Value.Contains('$') && !noInterpolate)
                {
                    try
                    {
                        var value = Interpolation.Substitute(s.Value, (string name, out string v) => env.TryGetValue(name, out v!),
                            name => bag.Warning(s.Span, "", $"The \"{name}\" variable is not set. Defaulting to a blank string.", "unset-variable"));
                        s.SetString(value);
                    }
                    catch (InterpolationException e)
                    {
                        bag.Error(s.Span, PathText(path), e.Message, "interpolation");
                    }
                }
                if (s.Kind == ScalarKind.String) Cast(s, path, bag);
                break;
            case YMapping m:
                foreach (var e in m.Entries)
                {
                    path.Add(e.Name);
                    Walk(e.Value, path, env, bag, noInterpolate);
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case YSequence q:
                for (var i = 0; i < q.Items.Count; i++)
                {
                    path.Add("[" + i + "]");
                    Walk(q.Items[i], path, env, bag, noInterpolate);
                    path.RemoveAt(path.Count - 1);
                }
                break;
        }
    }

    internal static string PathText(List<string> path)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var p in path)
        {
            if (p.StartsWith('[')) sb.Append(p);
            else
            {
                if (sb.Length > 0) sb.Append('.');
                sb.Append(p);
            }
        }
        return sb.ToString();
    }
}
