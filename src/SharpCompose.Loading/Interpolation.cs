using System.Text;

namespace SharpCompose.Loading;

/// <summary>A malformed ${...} expression or a missing required variable.</summary>
public sealed class InterpolationException(string message) : Exception(message);

/// <summary>
/// Compose's variable substitution: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?m}, ${VAR?m}, ${VAR:+a}, ${VAR+a},
/// nested expressions in the argument, $$ for a literal dollar. A hand-written scanner (no regex).
/// </summary>
public static class Interpolation
{
    public delegate bool Lookup(string name, out string value);

    /// <summary>Substitutes <paramref name="template"/>; unset variables without default are reported to <paramref name="unset"/>.</summary>
    public static string Substitute(string template, Lookup lookup, Action<string>? unset = null)
    {
        var dollar = template.IndexOf('$');
        if (dollar < 0) return template;
        var sb = new StringBuilder(template.Length + 16);
        sb.Append(template, 0, dollar);
        var i = dollar;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '$')
            {
                var next = template.IndexOf('$', i);
                if (next < 0) next = template.Length;
                sb.Append(template, i, next - i);
                i = next;
                continue;
            }
            if (i + 1 >= template.Length) throw Invalid(template);
            var n = template[i + 1];
            if (n == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }
            if (IsNameStart(n))
            {
                var j = i + 2;
                while (j < template.Length && IsNameChar(template[j])) j++;
                var name = template[(i + 1)..j];
                if (lookup(name, out var v)) sb.Append(v);
                else unset?.Invoke(name);
                i = j;
                continue;
            }
            if (n == '{')
            {
                var close = ClosingBrace(template, i + 1);
                if (close < 0) throw Invalid(template);
                var inner = template[(i + 2)..close];
                sb.Append(Braced(inner, template, lookup, unset));
                i = close + 1;
                continue;
            }
            throw Invalid(template);
        }
        return sb.ToString();
    }

    private static string Braced(string inner, string template, Lookup lookup, Action<string>? unset)
    {
        if (inner.Length == 0 || !IsNameStart(inner[0])) throw Invalid(template);
        var j = 1;
        while (j < inner.Length && IsNameChar(inner[j])) j++;
        var name = inner[..j];
        if (j == inner.Length)
        {
            if (lookup(name, out var v)) return v;
            unset?.Invoke(name);
            return "";
        }
        var colon = inner[j] == ':';
        var opAt = colon ? j + 1 : j;
        if (opAt >= inner.Length) throw Invalid(template);
        var op = inner[opAt];
        var arg = inner[(opAt + 1)..];
        var set = lookup(name, out var value);
        switch (op)
        {
            case '-':
                if (colon ? set && value.Length > 0 : set) return value;
                return Substitute(arg, lookup, unset);
            case '+':
                if (colon ? set && value.Length > 0 : set) return Substitute(arg, lookup, unset);
                return set ? value : "";
            case '?':
                if (colon ? set && value.Length > 0 : set) return value;
                var reason = Substitute(arg, lookup, unset);
                throw new InterpolationException(reason.Length > 0
                    ? $"required variable {name} is missing a value: {reason}"
                    : $"required variable {name} is missing a value");
            default:
                throw Invalid(template);
        }
    }

    /// <summary>Index of the '}' closing the '{' at <paramref name="open"/>, counting nested ${.</summary>
    private static int ClosingBrace(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] == '}')
            {
                depth--;
                if (depth == 0) return i;
            }
            else if (s[i] == '{')
            {
                depth++;
                i++;
                if (i < s.Length && s[i] == '}') { depth--; if (depth == 0) return i; }
            }
        }
        return -1;
    }

    private static InterpolationException Invalid(string template) => new($"invalid interpolation format for \"{template}\": you may need to escape any $ with another $");

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);
    private static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);
}
