using System.Text;
using SharpCompose.Loading.Yaml;
using SharpCompose.Model;

namespace SharpCompose.Loading.Output;

/// <summary>Renders output trees as block YAML (2-space indent, like Compose v2's yaml.v3 encoder).</summary>
public static class YamlText
{
    public static string Render(ComposeValue value)
    {
        var sb = new StringBuilder(4096);
        if (value is ComposeMap m && m.Entries.Count > 0) WriteMap(sb, m, 0);
        else
        {
            WriteInline(sb, value, 0);
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static bool IsBlock(ComposeValue v) => v is ComposeMap { Entries.Count: > 0 } or ComposeList { Items.Count: > 0 };

    private static void WriteMap(StringBuilder sb, ComposeMap m, int indent)
    {
        foreach (var (k, v) in m.Entries)
        {
            sb.Append(' ', indent);
            Scalar(sb, k, indent);
            sb.Append(':');
            if (IsBlock(v))
            {
                sb.Append('\n');
                if (v is ComposeMap cm) WriteMap(sb, cm, indent + 2);
                else WriteList(sb, (ComposeList)v, indent + 2);
            }
            else
            {
                sb.Append(' ');
                WriteInline(sb, v, indent + 2);
                sb.Append('\n');
            }
        }
    }

    private static void WriteList(StringBuilder sb, ComposeList l, int indent)
    {
        foreach (var v in l.Items)
        {
            sb.Append(' ', indent).Append("- ");
            if (v is ComposeMap { Entries.Count: > 0 } m)
            {
                // first entry on the dash line, the rest aligned
                var inner = new StringBuilder();
                WriteMap(inner, m, indent + 2);
                var text = inner.ToString();
                sb.Append(text.AsSpan(indent + 2));
            }
            else if (v is ComposeList { Items.Count: > 0 } sub)
            {
                sb.Append('\n');
                WriteList(sb, sub, indent + 2);
            }
            else
            {
                WriteInline(sb, v, indent + 2);
                sb.Append('\n');
            }
        }
    }

    private static void WriteInline(StringBuilder sb, ComposeValue v, int indent)
    {
        switch (v)
        {
            case ComposeNull: sb.Append("null"); break;
            case ComposeBool b: sb.Append(b.Value ? "true" : "false"); break;
            case ComposeNumber n: sb.Append(n.Literal); break;
            case ComposeString s: Scalar(sb, s.Value, indent); break;
            case ComposeList: sb.Append("[]"); break;
            case ComposeMap: sb.Append("{}"); break;
        }
    }

    private static void Scalar(StringBuilder sb, string s, int indent)
    {
        if (s.Contains('\n') && !s.Contains('\r') && s.TrimEnd('\n').Length > 0 && !s.StartsWith(' '))
        {
            var keep = s.EndsWith('\n') ? (s.EndsWith("\n\n", StringComparison.Ordinal) ? "+" : "") : "-";
            sb.Append('|').Append(keep).Append('\n');
            var body = keep == "" ? s[..^1] : keep == "+" ? s[..^1] : s;
            foreach (var line in body.Split('\n'))
            {
                if (line.Length > 0) sb.Append(' ', indent).Append(line);
                sb.Append('\n');
            }
            sb.Length--;
            return;
        }
        if (NeedsQuotes(s))
        {
            JsonText.String(sb, s);
            return;
        }
        sb.Append(s);
    }

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0) return true;
        if (YScalar.Resolve(s, null) != ScalarKind.String) return true;
        if (s is "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF") return true;
        if (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) return true;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0])) return !(s.Length > 1 && s[0] is '-' or '?' or ':' && !char.IsWhiteSpace(s[1]) && s[0] != ':' ) || s[0] != '-' && s[0] != '?';
        foreach (var c in s)
            if (c < ' ' || c == '\u007f') return true;
        return s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':');
    }
}
