using System.Text;
using SharpCompose.Model;

namespace SharpCompose.Loading.Output;

/// <summary>Renders output trees as JSON exactly as Go's encoding/json does (HTML-safe escaping, MarshalIndent layout).</summary>
public static class JsonText
{
    public static string Render(ComposeValue value, bool indent)
    {
        var sb = new StringBuilder(4096);
        Write(sb, value, indent, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, ComposeValue v, bool indent, int depth)
    {
        switch (v)
        {
            case ComposeNull: sb.Append("null"); break;
            case ComposeBool b: sb.Append(b.Value ? "true" : "false"); break;
            case ComposeNumber n: sb.Append(n.Literal); break;
            case ComposeString s: String(sb, s.Value); break;
            case ComposeList l:
                if (l.Items.Count == 0) { sb.Append("[]"); break; }
                sb.Append('[');
                for (var i = 0; i < l.Items.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    NewLine(sb, indent, depth + 1);
                    Write(sb, l.Items[i], indent, depth + 1);
                }
                NewLine(sb, indent, depth);
                sb.Append(']');
                break;
            case ComposeMap m:
                if (m.Entries.Count == 0) { sb.Append("{}"); break; }
                sb.Append('{');
                for (var i = 0; i < m.Entries.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    NewLine(sb, indent, depth + 1);
                    String(sb, m.Entries[i].Key);
                    sb.Append(indent ? ": " : ":");
                    Write(sb, m.Entries[i].Value, indent, depth + 1);
                }
                NewLine(sb, indent, depth);
                sb.Append('}');
                break;
        }
    }

    private static void NewLine(StringBuilder sb, bool indent, int depth)
    {
        if (!indent) return;
        sb.Append('\n');
        sb.Append(' ', depth * 2);
    }

    private const string Hex = "0123456789abcdef";

    public static void String(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or (< ' '):
                    sb.Append("\\u").Append(Hex[c >> 12]).Append(Hex[(c >> 8) & 0xF]).Append(Hex[(c >> 4) & 0xF]).Append(Hex[c & 0xF]);
                    break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
