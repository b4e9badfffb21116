using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SharpCompose.Orchestration.Build;

/// <summary>
/// One cleaned <c>.dockerignore</c> pattern, matched the way moby's <c>patternmatcher</c> matches it:
/// <c>*</c> and <c>?</c> never cross <c>/</c>, <c>**</c> spans any number of directories (including none),
/// <c>[...]</c> classes with <c>^</c> negation and <c>a-z</c> ranges, and <c>\</c> escaping the next character.
/// </summary>
/// <remarks>
/// Like moby, a pattern without wildcards is compared literally, a pattern ending in <c>**</c> after a literal
/// prefix is a prefix test, and a pattern that is <c>**</c> followed by a literal is a suffix test (so
/// <c>**file</c> also matches <c>dir/xfile</c>, exactly as Docker does).
/// </remarks>
public sealed class IgnorePattern
{
    private const string AnySurrogatePair = @"[\uD800-\uDBFF][\uDC00-\uDFFF]";

    private readonly Kind _kind;
    private readonly Regex? _regex;

    private IgnorePattern(string text, bool isException, Kind kind, Regex? regex)
    {
        Text = text;
        IsException = isException;
        _kind = kind;
        _regex = regex;
    }

    private enum Kind
    {
        Exact,
        Prefix,
        Suffix,
        Expression,
    }

    /// <summary>The cleaned pattern, without its leading <c>!</c>.</summary>
    public string Text { get; }

    /// <summary>True for a <c>!pattern</c> line, which re-includes what earlier lines excluded.</summary>
    public bool IsException { get; }

    public override string ToString() => IsException ? "!" + Text : Text;

    /// <summary>
    /// Parses one pattern as moby's <c>patternmatcher.New</c> does: trimmed, cleaned (Go <c>filepath.Clean</c>),
    /// a leading <c>!</c> marks an exception. Throws <see cref="FormatException"/> for a malformed pattern.
    /// </summary>
    public static IgnorePattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = SlashPath.Clean(pattern.Trim());
        var isException = false;
        if (text[0] == '!')
        {
            if (text.Length == 1)
            {
                throw new FormatException("illegal exclusion pattern: \"!\"");
            }

            isException = true;
            text = text[1..];
        }

        var (kind, regex) = Compile(text);
        return new IgnorePattern(text, isException, kind, regex);
    }

    /// <summary>Whether <paramref name="path"/> (slash-separated, relative, cleaned) matches this pattern itself.</summary>
    public bool Matches(string path) => _kind switch
    {
        Kind.Exact => string.Equals(path, Text, StringComparison.Ordinal),
        Kind.Prefix => path.StartsWith(Text.AsSpan(0, Text.Length - 2), StringComparison.Ordinal),
        Kind.Suffix => MatchesSuffix(path, Text.AsSpan(2)),
        _ => _regex!.IsMatch(path),
    };

    private static bool MatchesSuffix(string path, ReadOnlySpan<char> suffix) =>
        path.AsSpan().EndsWith(suffix, StringComparison.Ordinal)
        || (suffix.Length > 0 && suffix[0] == '/' && path.AsSpan().SequenceEqual(suffix[1..]));

    private static (Kind Kind, Regex? Regex) Compile(string pattern)
    {
        var expression = new StringBuilder("^");
        var kind = Kind.Exact;
        var position = 0;
        for (var step = 0; position < pattern.Length; step++)
        {
            var ch = pattern[position++];
            switch (ch)
            {
                case '*' when position < pattern.Length && pattern[position] == '*':
                    position++;
                    if (position < pattern.Length && pattern[position] == '/')
                    {
                        position++; // "**/" behaves as "**"
                    }

                    if (position == pattern.Length)
                    {
                        if (kind == Kind.Exact)
                        {
                            kind = Kind.Prefix;
                        }
                        else
                        {
                            expression.Append(".*");
                            kind = Kind.Expression;
                        }
                    }
                    else
                    {
                        expression.Append("(?:.*/)?");
                        kind = Kind.Expression;
                    }

                    if (step == 0)
                    {
                        kind = Kind.Suffix;
                    }

                    break;
                case '*':
                    expression.Append("[^/]*");
                    kind = Kind.Expression;
                    break;
                case '?':
                    expression.Append("(?:").Append(AnySurrogatePair).Append(@"|[^/\uD800-\uDFFF])");
                    kind = Kind.Expression;
                    break;
                case '\\':
                    if (position == pattern.Length)
                    {
                        throw new FormatException($"syntax error in pattern \"{pattern}\": trailing backslash");
                    }

                    AppendLiteral(expression, ReadRune(pattern, ref position));
                    kind = Kind.Expression;
                    break;
                case '[':
                    AppendClass(expression, pattern, ref position);
                    kind = Kind.Expression;
                    break;
                case ']':
                    expression.Append(@"\]");
                    kind = Kind.Expression;
                    break;
                case '^':
                    // moby hands "^" to the regular expression unescaped: an anchor, not a literal.
                    expression.Append('^');
                    break;
                default:
                    position--;
                    AppendLiteral(expression, ReadRune(pattern, ref position));
                    break;
            }
        }

        if (kind != Kind.Expression)
        {
            return (kind, null);
        }

        expression.Append(@"\z");
        return (kind, new Regex(expression.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
    }

    // Parses "[...]" (the "[" already consumed) with Go filepath.Match's grammar and validation.
    private static void AppendClass(StringBuilder expression, string pattern, ref int position)
    {
        var negated = position < pattern.Length && pattern[position] == '^';
        if (negated)
        {
            position++;
        }

        var members = new StringBuilder();
        var ranges = 0;
        while (true)
        {
            if (position < pattern.Length && pattern[position] == ']' && ranges > 0)
            {
                position++;
                break;
            }

            var low = ReadClassMember(pattern, ref position);
            var high = low;
            if (pattern[position] == '-')
            {
                position++;
                high = ReadClassMember(pattern, ref position);
            }

            if (low > high)
            {
                throw new FormatException($"syntax error in pattern \"{pattern}\": invalid character class range");
            }

            if (!low.IsBmp || !high.IsBmp)
            {
                throw new FormatException($"pattern \"{pattern}\": characters beyond U+FFFF in a class are not supported");
            }

            members.Append(CultureInfo.InvariantCulture, $@"\u{low.Value:X4}");
            if (high != low)
            {
                members.Append(CultureInfo.InvariantCulture, $@"-\u{high.Value:X4}");
            }

            ranges++;
        }

        if (negated)
        {
            // A negated class matches one whole character (a surrogate pair counts as one), "/" included, as in Go.
            expression.Append("(?:").Append(AnySurrogatePair).Append("|[^").Append(members).Append(@"\uD800-\uDFFF])");
        }
        else
        {
            expression.Append('[').Append(members).Append(']');
        }
    }

    // Go's filepath getEsc: a class member may not be empty, "-" or "]" unescaped, nor end the pattern.
    private static Rune ReadClassMember(string pattern, ref int position)
    {
        if (position >= pattern.Length || pattern[position] is '-' or ']')
        {
            throw new FormatException($"syntax error in pattern \"{pattern}\": malformed character class");
        }

        if (pattern[position] == '\\')
        {
            position++;
            if (position >= pattern.Length)
            {
                throw new FormatException($"syntax error in pattern \"{pattern}\": malformed character class");
            }
        }

        var rune = ReadRune(pattern, ref position);
        if (position >= pattern.Length)
        {
            throw new FormatException($"syntax error in pattern \"{pattern}\": unterminated character class");
        }

        return rune;
    }

    private static Rune ReadRune(string text, ref int position)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(position), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
        {
            throw new FormatException($"pattern \"{text}\" is not valid UTF-16");
        }

        position += consumed;
        return rune;
    }

    private static void AppendLiteral(StringBuilder expression, Rune rune)
    {
        if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '/' or '_'))
        {
            expression.Append((char)rune.Value);
            return;
        }

        Span<char> chars = stackalloc char[2];
        var length = rune.EncodeToUtf16(chars);
        for (var i = 0; i < length; i++)
        {
            expression.Append(CultureInfo.InvariantCulture, $@"\u{(int)chars[i]:X4}");
        }
    }
}
