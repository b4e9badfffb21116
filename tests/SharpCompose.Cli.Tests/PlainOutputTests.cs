using System.Text.Json;
using SharpCompose.Cli.Tests.Support;

namespace SharpCompose.Cli.Tests;

/// <summary>
/// What plain output (--progress plain, --ansi never) shows for up, ps and down: golden files, and the same
/// commands of Compose v2 on the same file where the output should be the same.
/// </summary>
public sealed class PlainOutputTests
{
    [Fact]
    public async Task UpPsDownMatchTheSnapshotsAndComposeV2()
    {
        await Requirements.EngineAsync();
        Requirements.Tool(Bin.ComposeV2, "Compose v2");
        await using var ours = TestProject.Create();
        await using var theirs = TestProject.Create(prefix: "clv2");

        var up = await ours.RunAsync("--progress", "plain", "--ansi", "never", "up", "-d");
        var upV2 = await theirs.ComposeV2Async("--progress", "plain", "--ansi", "never", "up", "-d");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.True(upV2.ExitCode == 0, upV2.ToString());
        Assert.Equal(string.Empty, up.Stdout);
        Snapshot.Match("up-d.plain", Snapshot.LineSet(up.Stderr));
        Assert.Equal(Snapshot.LineSet(upV2.Stderr), Snapshot.LineSet(up.Stderr));

        var ps = await ours.RunAsync("--ansi", "never", "ps");
        var psV2OnOurs = await ours.ComposeV2Async("--ansi", "never", "ps");
        Assert.True(ps.ExitCode == 0, ps.ToString());
        Snapshot.Match("ps.table", Snapshot.Table(ps.Stdout));
        Assert.Equal(Snapshot.Table(psV2OnOurs.Stdout), Snapshot.Table(ps.Stdout));

        var psJson = await ours.RunAsync("ps", "--format", "json");
        var psJsonV2 = await ours.ComposeV2Async("ps", "--format", "json");
        var keys = Keys(psJson.Stdout);
        Assert.Equal(2, keys.Count);
        Assert.Equal(Keys(psJsonV2.Stdout)[0], keys[0]);
        Assert.Equal(keys[0], keys[1]);

        var down = await ours.RunAsync("--progress", "plain", "--ansi", "never", "down");
        var downV2 = await theirs.ComposeV2Async("--progress", "plain", "--ansi", "never", "down");
        Assert.True(down.ExitCode == 0, down.ToString());
        Snapshot.Match("down.plain", Snapshot.LineSet(down.Stderr));
        Assert.Equal(Snapshot.LineSet(downV2.Stderr), Snapshot.LineSet(down.Stderr));
    }

    /// <summary>One JSON object per line; the sorted key set of each.</summary>
    private static List<string> Keys(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            return string.Join(",", doc.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }).ToList();
}
