using System.Text;

namespace SharpCompose.Loading;

/// <summary>Compose v2's .env syntax: comments, export, quotes with escapes, multi-line values, ${} references.</summary>
public static class DotEnvParser
{
    /// <summary>Parses <paramref name="src"/>. <paramref name="lookup"/> resolves references not defined earlier in the file.</summary>
    /// <exception cref="FormatException">with "line N: ..." on a syntax error.</exception>
    public static Dictionary<string, string> Parse(string src, Func<string, string?>? lookup = null)
    {
        var output = new Dictionary<string, string>(StringComparer.Ordinal);
        var ordered = new List<string>();
        var line = 1;
        var pos = 0;
        while (true)
        {
            // statement start: skip whitespace and comment lines
            while (true)
            {
                while (pos < src.Length && char.IsWhiteSpace(src[pos]))
                {
                    if (src[pos] == '\n') line++;
                    pos++;
                }
                if (pos >= src.Length) return output;
                if (src[pos] != '#') break;
                var nl = src.IndexOf('\n', pos);
                if (nl < 0) return output;
                pos = nl;
            }
            // export prefix
            if (src.AsSpan(pos).StartsWith("export") && pos + 6 < src.Length && (src[pos + 6] is ' ' or '\t'))
            {
                pos += 6;
                while (pos < src.Length && IsSpace(src[pos])) pos++;
            }
            // key
            var keyStart = pos;
            string? key = null;
            var inherited = false;
            for (; pos < src.Length; pos++)
            {
                var c = src[pos];
                if (IsSpace(c)) continue;
                if (c is '=' or ':' or '\n')
                {
                    key = src[keyStart..pos];
                    inherited = c == '\n';
                    pos++;
                    break;
                }
                if (c is '_' or '.' or '-' or '[' or ']' || char.IsLetterOrDigit(c)) continue;
                var first = src[keyStart..];
                var eol = first.IndexOf('\n');
                if (eol >= 0) first = first[..eol];
                throw new FormatException($"line {line}: unexpected character \"{c}\" in variable name \"{first}\"");
            }
            if (key is null)
            {
                // end of input without '=': inherited
                key = src[keyStart..];
                inherited = true;
                pos = src.Length;
            }
            key = key.TrimEnd();
            if (key.Contains(' ')) throw new FormatException($"line {line}: key cannot contain a space");
            if (inherited)
            {
                line++;
                var v = lookup?.Invoke(key);
                if (v is not null) output[key] = v;
                continue;
            }
            while (pos < src.Length && IsSpace(src[pos])) pos++;
            bool Resolve(string name, out string value)
            {
                var v = lookup?.Invoke(name);
                if (v is not null) { value = v; return true; }
                return output.TryGetValue(name, out value!);
            }
            if (pos < src.Length && src[pos] is '"' or '\'')
            {
                var quote = src[pos];
                var sb = new StringBuilder();
                var escape = false;
                var closed = false;
                var i = pos + 1;
                for (; i < src.Length; i++)
                {
                    var c = src[i];
                    if (c == '\n') line++;
                    if (c != quote)
                    {
                        if (!escape && c == '\\') { escape = true; continue; }
                        if (escape) { escape = false; sb.Append('\\'); }
                        sb.Append(c);
                        continue;
                    }
                    if (escape) { escape = false; sb.Append(c); continue; }
                    closed = true;
                    break;
                }
                if (!closed)
                {
                    var rest = src[pos..];
                    var eol = rest.IndexOf('\n');
                    throw new FormatException($"line {line}: unterminated quoted value {(eol >= 0 ? rest[..eol] : rest)}");
                }
                var value = sb.ToString();
                if (quote == '"') value = Expand(ExpandEscapes(value), Resolve);
                output[key] = value;
                pos = i + 1;
            }
            else
            {
                var nl = src.IndexOf('\n', pos);
                var raw = nl < 0 ? src[pos..] : src[pos..nl];
                pos = nl < 0 ? src.Length : nl + 1;
                line++;
                var hash = raw.IndexOf(" #", StringComparison.Ordinal);
                if (hash >= 0) raw = raw[..hash];
                raw = raw.TrimEnd();
                output[key] = Expand(raw, Resolve);
            }
        }
    }

    private static string Expand(string value, Interpolation.Lookup lookup)
    {
        try
        {
            return Interpolation.Substitute(value, lookup);
        }
        catch (InterpolationException)
        {
            return value;
        }
    }

    private static string ExpandEscapes(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '\\' || i + 1 >= s.Length) { sb.Append(c); continue; }
            var n = s[i + 1];
            switch (n)
            {
                case 'a': sb.Append('\a'); i++; break;
                case 'b': sb.Append('\b'); i++; break;
                case 'c': sb.Append("\\c"); i++; break;
                case 'f': sb.Append('\f'); i++; break;
                case 'n': sb.Append('\n'); i++; break;
                case 'r': sb.Append('\r'); i++; break;
                case 't': sb.Append('\t'); i++; break;
                case 'v': sb.Append('\v'); i++; break;
                case '$': sb.Append("$$"); i++; break;
                case '"': sb.Append('"'); i++; break;
                case '\\': sb.Append('\\'); i++; break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static bool IsSpace(char r) => r is '\t' or '\v' or '\f' or '\r' or ' ' or '\u0085' or '\u00A0';
}
