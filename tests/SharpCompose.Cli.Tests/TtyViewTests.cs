using System.Text.RegularExpressions;
using SharpCompose.Cli.Tests.Support;

namespace SharpCompose.Cli.Tests;

/// <summary>The live view on a real terminal (tmux), read off the screen as a person would.</summary>
public sealed partial class TtyViewTests
{
    [Fact]
    public async Task UpShowsTheFinalStateOfEveryResource()
    {
        await Requirements.EngineAsync();
        Requirements.Tool(Tmux.Path, "tmux");
        await using var project = TestProject.Create();
        await using var tmux = new Tmux();

        var screen = await tmux.RunAsync($"'{Bin.Binary}' -p {project.Name} up -d", project.Directory, TimeSpan.FromMinutes(2));

        var lines = screen.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        var marker = lines.FindIndex(l => l.StartsWith(Tmux.Marker, StringComparison.Ordinal));
        Assert.True(lines[marker] == Tmux.Marker + " rc=0", screen);
        var view = lines[..marker];
        Assert.Equal("[+] Running 3/3", view[0]);
        var rows = view.Skip(1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => Row().Match(r) is { Success: true } m && m.Groups["name"].Value == $"Network {project.Name}_default" && m.Groups["state"].Value == "Created");
        Assert.Contains(rows, r => Row().Match(r) is { Success: true } m && m.Groups["name"].Value == $"Container {project.Name}-web-1" && m.Groups["state"].Value == "Started");
        Assert.Contains(rows, r => Row().Match(r) is { Success: true } m && m.Groups["name"].Value == $"Container {project.Name}-worker-1" && m.Groups["state"].Value == "Started");

        // Names padded to one column, states in one column, times right-aligned to the terminal's edge.
        Assert.Single(rows.Select(r => r.IndexOf("Start", StringComparison.Ordinal) is var i && i >= 0 ? i : r.IndexOf("Created", StringComparison.Ordinal)).Distinct());
        Assert.Single(rows.Select(r => r.Length).Distinct());
        Assert.All(rows, r => Assert.InRange(r.Length, 110, 120));
        Assert.DoesNotContain("\u001b", screen);
    }

    [Fact]
    public async Task DryRunLinesSaySo()
    {
        await Requirements.EngineAsync();
        Requirements.Tool(Tmux.Path, "tmux");
        await using var project = TestProject.Create();
        await using var tmux = new Tmux();

        var screen = await tmux.RunAsync($"'{Bin.Binary}' -p {project.Name} --dry-run up -d", project.Directory, TimeSpan.FromMinutes(2));

        Assert.Contains("[+] Running 3/3", screen);
        Assert.Contains($" ✔ DRY-RUN MODE -  Container {project.Name}-web-1", screen);
    }

    [GeneratedRegex(@"^ ✔ (?<name>(Network|Container) \S+)\s+(?<state>\S+)\s+(?<time>\d+\.\ds)$")]
    private static partial Regex Row();
}
