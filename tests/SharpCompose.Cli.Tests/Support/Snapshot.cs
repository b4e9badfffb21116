using System.Text.RegularExpressions;

namespace SharpCompose.Cli.Tests.Support;

/// <summary>
/// Golden files under tests/SharpCompose.Cli.Tests/snapshots. UPDATE_SNAPSHOTS=1 rewrites them for review.
/// </summary>
public static partial class Snapshot
{
    public static string Directory { get; } = Path.Combine(Bin.RepoRoot, "tests", "SharpCompose.Cli.Tests", "snapshots");

    public static void Match(string name, string actual)
    {
        var path = Path.Combine(Directory, name + ".txt");
        actual = actual.ReplaceLineEndings("\n").TrimEnd() + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1" || !File.Exists(path))
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(path, actual);
            if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") != "1")
            {
                Assert.Fail($"new snapshot written to {path}: review it and commit it");
            }

            return;
        }

        Assert.Equal(File.ReadAllText(path), actual);
    }

    /// <summary>Any test project name (prefix-8hex) becomes "PROJECT".</summary>
    public static string Names(string text) => ProjectName().Replace(text, "PROJECT");

    /// <summary>Progress lines as a sorted set (the executor runs in parallel: the order varies).</summary>
    public static string LineSet(string text) =>
        string.Join('\n', Names(text).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).Distinct().Order(StringComparer.Ordinal));

    /// <summary>A table as cells (columns are split on two or more spaces), with times made stable.</summary>
    public static string Table(string text) =>
        string.Join('\n', Names(text).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
            string.Join(" | ", Columns().Split(line.TrimEnd()).Select(cell => Times().Replace(cell, "<time>")))));

    [GeneratedRegex(@"(clix|clv2)-[0-9a-f]{8}")]
    private static partial Regex ProjectName();

    [GeneratedRegex(@" {2,}")]
    private static partial Regex Columns();

    [GeneratedRegex(@"(\d+|About an?|Less than a) (second|minute|hour)s?( ago)?")]
    private static partial Regex Times();
}
