using System.Text;

namespace SharpCompose.Orchestration.Build;

/// <summary>
/// The outcome of matching one path, carrying which patterns it (or a parent directory) matched so that
/// its children can be matched without re-testing their parents (moby's <c>MatchInfo</c>).
/// </summary>
public readonly struct IgnoreMatch
{
    internal IgnoreMatch(bool isExcluded, bool[] patternMatched)
    {
        IsExcluded = isExcluded;
        PatternMatched = patternMatched;
    }

    /// <summary>True when the path is excluded from the build context.</summary>
    public bool IsExcluded { get; }

    internal bool[]? PatternMatched { get; }
}

/// <summary>
/// The rules of a <c>.dockerignore</c> file, read and applied exactly as Docker does (moby's
/// <c>ignorefile.ReadAll</c> and <c>patternmatcher</c>): later lines win, a <c>!</c> line re-includes, and a
/// pattern matching a directory excludes everything below it unless a later exception re-includes it.
/// </summary>
public sealed class DockerIgnore
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public DockerIgnore(IEnumerable<IgnorePattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        Patterns = [.. patterns];
        HasExceptions = Patterns.Any(p => p.IsException);
    }

    /// <summary>No rules: nothing is excluded.</summary>
    public static DockerIgnore Empty { get; } = new([]);

    public IReadOnlyList<IgnorePattern> Patterns { get; }

    /// <summary>True when at least one pattern is a <c>!</c> exception.</summary>
    public bool HasExceptions { get; }

    /// <summary>
    /// Parses the text of a <c>.dockerignore</c> file: a UTF-8 BOM is dropped, lines starting with <c>#</c>
    /// (before any trimming) are comments, lines are trimmed and empty ones skipped, each pattern (after its
    /// optional <c>!</c>) is cleaned and loses a leading <c>/</c>. Throws <see cref="FormatException"/> for a
    /// malformed pattern.
    /// </summary>
    public static DockerIgnore Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromPatterns(ReadLines(text));
    }

    /// <summary>Reads and parses a <c>.dockerignore</c> file from disk.</summary>
    public static DockerIgnore Load(string path) => Parse(Decode(File.ReadAllBytes(path)));

    /// <summary>Builds rules from already-read pattern lines (moby's <c>patternmatcher.New</c>): blank ones are skipped.</summary>
    public static DockerIgnore FromPatterns(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return new DockerIgnore(patterns.Where(p => p.Trim().Length > 0).Select(IgnorePattern.Parse));
    }

    /// <summary>
    /// The pattern lines of an ignore file, normalised as moby's <c>ignorefile.ReadAll</c> does, before
    /// <see cref="IgnorePattern.Parse"/> sees them.
    /// </summary>
    public static IReadOnlyList<string> ReadLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var first = true;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (first)
            {
                line = line.TrimStart('\uFEFF');
                first = false;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var invert = line[0] == '!';
            if (invert)
            {
                line = line[1..].Trim();
            }

            if (line.Length > 0)
            {
                line = SlashPath.Clean(line);
                if (line.Length > 1 && line[0] == '/')
                {
                    line = line[1..];
                }
            }

            lines.Add(invert ? "!" + line : line);
        }

        return lines;
    }

    /// <summary>
    /// Whether <paramref name="path"/> (relative to the context, <c>/</c>-separated) is excluded, counting
    /// matches of any of its parent directories (moby's <c>MatchesOrParentMatches</c>).
    /// </summary>
    public bool IsExcluded(string path) => Match(path, default).IsExcluded;

    /// <summary>
    /// Matches <paramref name="path"/> given the result for its parent directory (moby's
    /// <c>MatchesUsingParentResults</c>); pass <c>default</c> when the parent was not matched, and the
    /// parents are then tested here.
    /// </summary>
    public IgnoreMatch Match(string path, IgnoreMatch parent)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = SlashPath.Clean(path);
        if (path == ".")
        {
            return new IgnoreMatch(false, new bool[Patterns.Count]); // the context root itself is never excluded
        }

        var parentMatched = parent.PatternMatched;
        if (parentMatched is not null && parentMatched.Length != Patterns.Count)
        {
            throw new ArgumentException("The parent match came from different rules.", nameof(parent));
        }

        var matchedPatterns = new bool[Patterns.Count];
        var excluded = false;
        for (var i = 0; i < Patterns.Count; i++)
        {
            var pattern = Patterns[i];
            var match = parentMatched is not null && parentMatched[i];
            if (!match)
            {
                // An inclusion cannot change an excluded path, nor an exception an included one.
                if (pattern.IsException != excluded)
                {
                    continue;
                }

                match = pattern.Matches(path) || (parentMatched is null && MatchesAParent(pattern, path));
            }

            matchedPatterns[i] = match;
            if (match)
            {
                excluded = !pattern.IsException;
            }
        }

        return new IgnoreMatch(excluded, matchedPatterns);
    }

    /// <summary>
    /// Whether an excluded directory must still be walked because an exception might re-include something
    /// inside it. Like moby this is a textual test: some exception's pattern text starts with
    /// <c><paramref name="directory"/>/</c> (so <c>!dir/keep.txt</c> opens <c>dir</c>, <c>!**/keep.txt</c> does not).
    /// </summary>
    public bool MayReincludeUnder(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var prefix = directory + "/";
        foreach (var pattern in Patterns)
        {
            if (pattern.IsException && (pattern.Text + "/").StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesAParent(IgnorePattern pattern, string path)
    {
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (pattern.Matches(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Decode(byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
