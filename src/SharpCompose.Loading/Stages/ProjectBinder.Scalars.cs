using System.Globalization;
using SharpCompose.Loading.Yaml;
using SharpCompose.Model;

namespace SharpCompose.Loading.Stages;

public sealed partial class ProjectBinder
{
    private void Error(YNode n, string path, string message) => _bag.Error(n.Span, path, message);

    private string? Str(YNode v, string p)
    {
        if (v is YScalar s) return s.GoText;
        Error(v, p, "must be a string");
        return null;
    }

    private bool? Bool(YNode v, string p)
    {
        if (v is YScalar s)
        {
            if (s.Kind == ScalarKind.Null) return null;
            if (s.Kind == ScalarKind.Bool) return s.BoolValue;
            switch ((s.GoText ?? "").ToLowerInvariant())
            {
                case "true": return true;
                case "false": return false;
                case "y" or "yes" or "on":
                    _bag.Warning(s.Span, p, $"\"{s.Value}\" for boolean is not supported by YAML 1.2, please use `true`");
                    return true;
                case "n" or "no" or "off":
                    _bag.Warning(s.Span, p, $"\"{s.Value}\" for boolean is not supported by YAML 1.2, please use `false`");
                    return false;
            }
        }
        Error(v, p, "must be a boolean");
        return null;
    }

    private long? Long(YNode v, string p)
    {
        if (v is YScalar s)
        {
            if (s.Kind == ScalarKind.Null) return null;
            if (s.Kind == ScalarKind.Int && s.TryInt(out var l)) return l;
            if (s.Kind == ScalarKind.String && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l)) return l;
            if (s.Kind == ScalarKind.String && GoFormat.TryParseGoInt(s.Value, out l)) return l;
        }
        Error(v, p, "must be an integer");
        return null;
    }

    private double? Float(YNode v, string p)
    {
        if (v is YScalar s)
        {
            if (s.Kind == ScalarKind.Null) return null;
            if (s.Kind is ScalarKind.Int or ScalarKind.Float) return s.FloatValue;
            if (double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        }
        Error(v, p, "must be a number");
        return null;
    }

    private TimeSpan? Duration(YNode v, string p)
    {
        if (v is YScalar s)
        {
            if (s.Kind == ScalarKind.Null) return null;
            var t = s.GoText ?? "";
            if (GoValues.TryParseDuration(t, out var d)) return d;
            Error(v, p, $"invalid duration \"{t}\" (expected e.g. 10s, 1m30s)");
            return null;
        }
        Error(v, p, "must be a duration");
        return null;
    }

    private long? Bytes(YNode v, string p)
    {
        if (v is YScalar s)
        {
            if (s.Kind == ScalarKind.Null) return null;
            if (s.Kind == ScalarKind.Int && s.TryInt(out var l)) return l;
            var t = s.GoText ?? "";
            if (GoValues.TryParseBytes(t, out l)) return l;
            Error(v, p, $"invalid size: '{t}'");
            return null;
        }
        Error(v, p, "must be a byte size");
        return null;
    }

    private List<string> StringList(YNode v, string p)
    {
        switch (v)
        {
            case YScalar s when s.Kind != ScalarKind.Null: return [s.GoText ?? ""];
            case YScalar: return [];
            case YSequence q:
            {
                var r = new List<string>(q.Items.Count);
                for (var i = 0; i < q.Items.Count; i++)
                {
                    if (q.Items[i] is YScalar s) r.Add(s.GoText ?? "");
                    else Error(q.Items[i], $"{p}[{i}]", "must be a string");
                }
                return r;
            }
        }
        Error(v, p, "must be a string or a list of strings");
        return [];
    }

    /// <summary>MappingWithEquals: map (null = unset) or list of "k=v" / "k".</summary>
    private Dictionary<string, string?> MappingWithEquals(YNode v, string p)
    {
        var r = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (v)
        {
            case YMapping m:
                foreach (var e in m.Entries)
                {
                    if (e.Value is YScalar s) r[e.Name] = s.GoText;
                    else Error(e.Value, p + "." + e.Name, "must be a string, number, boolean or null");
                }
                break;
            case YSequence q:
                foreach (var i in q.Items)
                {
                    var t = (i as YScalar)?.GoText ?? "";
                    var eq = t.IndexOf('=');
                    if (eq < 0) r[t] = null;
                    else r[t[..eq]] = t[(eq + 1)..];
                }
                break;
            default:
                Error(v, p, "must be a mapping or a list");
                break;
        }
        return r;
    }

    /// <summary>Labels / Mapping: map (null = "") or list of "k=v" / "k".</summary>
    private Dictionary<string, string> Labels(YNode v, string p)
    {
        var r = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (v)
        {
            case YMapping m:
                foreach (var e in m.Entries)
                {
                    if (e.Value is YScalar s) r[e.Name] = s.GoText ?? "";
                    else Error(e.Value, p + "." + e.Name, "must be a string, number, boolean or null");
                }
                break;
            case YSequence q:
                foreach (var i in q.Items)
                {
                    var t = (i as YScalar)?.GoText ?? "";
                    var eq = t.IndexOf('=');
                    if (eq < 0) r[t] = "";
                    else r[t[..eq]] = t[(eq + 1)..];
                }
                break;
            default:
                Error(v, p, "must be a mapping or a list");
                break;
        }
        return r;
    }

    private Dictionary<string, string> Options(YNode v, string p)
    {
        var r = new Dictionary<string, string>(StringComparer.Ordinal);
        if (v is YMapping m)
        {
            foreach (var e in m.Entries) r[e.Name] = (e.Value as YScalar)?.GoText ?? "";
            return r;
        }
        Error(v, p, "must be a mapping");
        return r;
    }

    /// <summary>Converts a subtree to an untyped value with YAML 1.2 scalar typing.</summary>
    public static ComposeValue ToValue(YNode n)
    {
        switch (n)
        {
            case YScalar s:
                return s.Kind switch
                {
                    ScalarKind.Null => ComposeValue.Null,
                    ScalarKind.Bool => new ComposeBool(s.BoolValue),
                    ScalarKind.Int => s.TryInt(out var l) ? new ComposeNumber(l.ToString(CultureInfo.InvariantCulture)) : new ComposeString(s.Value),
                    ScalarKind.Float => new ComposeNumber(GoFormat.Float64Json(s.FloatValue)),
                    _ => new ComposeString(s.Value),
                };
            case YSequence q:
                return new ComposeList(q.Items.Select(ToValue).ToList());
            case YMapping m:
                return new ComposeMap(m.Entries.Select(e => new KeyValuePair<string, ComposeValue>(e.Name, ToValue(e.Value))).ToList());
        }
        return ComposeValue.Null;
    }
}
