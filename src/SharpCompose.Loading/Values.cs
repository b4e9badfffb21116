using System.Globalization;
using System.Text;

namespace SharpCompose.Loading;

/// <summary>Go-compatible parsing and formatting of durations, byte sizes and shell words.</summary>
public static class GoValues
{
    /// <summary>time.ParseDuration.</summary>
    public static bool TryParseDuration(string s, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var orig = s;
        if (s.Length == 0) return false;
        var neg = false;
        if (s[0] is '-' or '+')
        {
            neg = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return true;
        if (s.Length == 0) return false;
        decimal totalNs = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start) return false;
            var num = s[start..i];
            if (num == "." || num.Count(c => c == '.') > 1) return false;
            var ustart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            var unit = s[ustart..i];
            decimal mult = unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => -1m,
            };
            if (mult < 0) return false;
            if (!decimal.TryParse(num, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) return false;
            totalNs += d * mult;
        }
        _ = orig;
        var ticks = (long)Math.Truncate(totalNs / 100m);
        value = TimeSpan.FromTicks(neg ? -ticks : ticks);
        return true;
    }

    /// <summary>time.Duration.String() (100 ns resolution).</summary>
    public static string FormatDuration(TimeSpan t)
    {
        long ns = t.Ticks * 100;
        if (ns == 0) return "0s";
        var neg = ns < 0;
        ulong u = neg ? (ulong)(-ns) : (ulong)ns;
        string r;
        if (u < 1_000_000_000UL)
        {
            // sub-second: ns, µs, ms
            if (u < 1000UL) r = u.ToString(CultureInfo.InvariantCulture) + "ns";
            else if (u < 1_000_000UL) r = Frac(u, 1000UL) + "µs";
            else r = Frac(u, 1_000_000UL) + "ms";
        }
        else
        {
            var sb = new StringBuilder();
            var hours = u / 3_600_000_000_000UL;
            u -= hours * 3_600_000_000_000UL;
            var mins = u / 60_000_000_000UL;
            u -= mins * 60_000_000_000UL;
            if (hours > 0) sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
            if (hours > 0 || mins > 0) sb.Append(mins.ToString(CultureInfo.InvariantCulture)).Append('m');
            sb.Append(Frac(u, 1_000_000_000UL)).Append('s');
            r = sb.ToString();
        }
        return neg ? "-" + r : r;
    }

    private static string Frac(ulong v, ulong unit)
    {
        var whole = v / unit;
        var frac = v % unit;
        if (frac == 0) return whole.ToString(CultureInfo.InvariantCulture);
        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        var f = frac.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + "." + f;
    }

    /// <summary>docker/go-units RAMInBytes: "512m", "1.5g", "1024", "2 GiB"...</summary>
    public static bool TryParseBytes(string s, out long value)
    {
        value = 0;
        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0) return false;
        var num = s[..i];
        if (num.StartsWith('.') || num.EndsWith('.') || num.Contains("..", StringComparison.Ordinal)) return false;
        var rest = s[i..];
        if (rest.StartsWith(' ')) rest = rest[1..];
        long mult = 1;
        if (rest.Length > 0)
        {
            var c = char.ToLowerInvariant(rest[0]);
            var idx = "kmgtp".IndexOf(c);
            if (idx >= 0)
            {
                mult = 1L << (10 * (idx + 1));
                rest = rest[1..];
            }
            if (rest.Length > 0 && rest[0] is 'i' or 'I') rest = rest[1..];
            if (rest.Length > 0 && rest[0] is 'b' or 'B') rest = rest[1..];
            if (rest.Length > 0) return false;
        }
        var firstDot = num.IndexOf('.');
        if (firstDot >= 0 && num.IndexOf('.', firstDot + 1) >= 0) num = num[..num.IndexOf('.', firstDot + 1)];
        if (!double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return false;
        value = (long)(d * mult);
        return true;
    }

    /// <summary>mattn/go-shellwords Parse (no env expansion, no backticks).</summary>
    public static bool TrySplitShellWords(string line, out List<string> words)
    {
        words = [];
        var buf = new StringBuilder();
        var escaped = false;
        var singleQuoted = false;
        var doubleQuoted = false;
        var got = false;
        foreach (var r in line)
        {
            if (escaped)
            {
                if (r == 't' && false) { }
                buf.Append(r);
                escaped = false;
                got = true;
                continue;
            }
            if (r == '\\')
            {
                if (singleQuoted) buf.Append(r);
                else escaped = true;
                continue;
            }
            if (r is ' ' or '\t' or '\r' or '\n')
            {
                if (singleQuoted || doubleQuoted)
                {
                    buf.Append(r);
                }
                else if (got)
                {
                    words.Add(buf.ToString());
                    buf.Clear();
                    got = false;
                }
                continue;
            }
            switch (r)
            {
                case '"':
                    if (!singleQuoted)
                    {
                        doubleQuoted = !doubleQuoted;
                        got = true;
                        continue;
                    }
                    break;
                case '\'':
                    if (!doubleQuoted)
                    {
                        singleQuoted = !singleQuoted;
                        got = true;
                        continue;
                    }
                    break;
            }
            got = true;
            buf.Append(r);
        }
        if (got) words.Add(buf.ToString());
        return !(escaped || singleQuoted || doubleQuoted);
    }
}
