using System.Globalization;

namespace SharpCompose.Loading.Yaml;

/// <summary>Go's number formatting and parsing rules, as Compose v2 applies them.</summary>
public static class GoFormat
{
    /// <summary>strconv.ParseInt(s, 0, 64): optional sign, 0x / 0o / 0b / leading-0 octal.</summary>
    public static bool TryParseGoInt(string s, out long value)
    {
        value = 0;
        if (s.Length == 0) return false;
        var neg = false;
        var i = 0;
        if (s[0] is '+' or '-')
        {
            neg = s[0] == '-';
            i = 1;
        }
        if (i >= s.Length) return false;
        var b = 10;
        if (s[i] == '0' && i + 1 < s.Length)
        {
            switch (s[i + 1])
            {
                case 'x' or 'X': b = 16; i += 2; break;
                case 'o' or 'O': b = 8; i += 2; break;
                case 'b' or 'B': b = 2; i += 2; break;
                default: b = 8; i += 1; break;
            }
            if (i >= s.Length) return false;
        }
        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= b) return false;
            if (acc > (ulong.MaxValue - (ulong)d) / (ulong)b) return false;
            acc = acc * (ulong)b + (ulong)d;
        }
        if (neg)
        {
            if (acc > (ulong)long.MaxValue + 1) return false;
            value = (long)(0 - acc);
        }
        else
        {
            if (acc > long.MaxValue) return false;
            value = (long)acc;
        }
        return true;
    }

    /// <summary>^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$</summary>
    public static bool IsYamlFloat(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var digits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
            if (digits == 0) return false;
        }
        else
        {
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
            if (digits == 0) return false;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            }
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var e = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; e++; }
            if (e == 0) return false;
        }
        return i == s.Length;
    }

    /// <summary>fmt.Sprint(float64): %g with the shortest representation.</summary>
    public static string Float(double f) => FormatG(f, "R");

    /// <summary>fmt of a float32 (as encoding/json prints a float32 field).</summary>
    public static string Float32Json(float f)
    {
        // encoding/json: 'f' format unless exponent is < -6 or >= 21 (abs < 1e-6 || abs >= 1e21).
        var abs = Math.Abs(f);
        if (abs != 0 && (abs < 1e-6f || abs >= 1e21f))
        {
            var s = f.ToString("E8", CultureInfo.InvariantCulture);
            return CleanExp(f.ToString("R", CultureInfo.InvariantCulture));
        }
        return f.ToString("R", CultureInfo.InvariantCulture) switch
        {
            var r when r.Contains('E', StringComparison.Ordinal) => decimal.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            var r => r,
        };
    }

    public static string Float64Json(double f)
    {
        var abs = Math.Abs(f);
        var r = f.ToString("R", CultureInfo.InvariantCulture);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) return CleanExp(r);
        if (r.Contains('E', StringComparison.Ordinal))
            return decimal.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString(CultureInfo.InvariantCulture) : r;
        return r;
    }

    private static string CleanExp(string r)
    {
        // .NET: 1E-07 → Go: 1e-07
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e < 0) return r;
        var mant = r[..e];
        var exp = r[(e + 1)..];
        var sign = exp[0] == '-' ? "-" : "+";
        exp = exp.TrimStart('+', '-').TrimStart('0');
        if (exp.Length < 2) exp = exp.PadLeft(2, '0');
        return mant + "e" + sign + exp;
    }

    private static string FormatG(double f, string fmt)
    {
        if (double.IsPositiveInfinity(f)) return "+Inf";
        if (double.IsNegativeInfinity(f)) return "-Inf";
        if (double.IsNaN(f)) return "NaN";
        if (f == 0) return (1 / f) < 0 ? "-0" : "0";
        var r = f.ToString(fmt, CultureInfo.InvariantCulture);
        // digits and decimal exponent
        var neg = r[0] == '-';
        if (neg) r = r[1..];
        var ePos = r.IndexOfAny(['E', 'e']);
        var exp10 = 0;
        var mant = r;
        if (ePos >= 0)
        {
            exp10 = int.Parse(r[(ePos + 1)..], CultureInfo.InvariantCulture);
            mant = r[..ePos];
        }
        var dot = mant.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mant[..dot] : mant;
        var fracPart = dot >= 0 ? mant[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var lead = (intPart + fracPart).Length - digits.Length;
        var dp = intPart.Length + exp10 - lead; // decimal point position relative to digits
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) return "0";
        var nd = digits.Length;
        var x = dp - 1;
        var eprec = 6;
        if (eprec > nd && nd >= dp) eprec = nd;
        string s;
        if (x < -4 || x >= eprec)
        {
            s = digits[0] + (nd > 1 ? "." + digits[1..] : "") + "e" + (x < 0 ? "-" : "+") + Math.Abs(x).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (dp <= 0)
        {
            s = "0." + new string('0', -dp) + digits;
        }
        else if (dp >= nd)
        {
            s = digits + new string('0', dp - nd);
        }
        else
        {
            s = digits[..dp] + "." + digits[dp..];
        }
        return neg ? "-" + s : s;
    }
}
