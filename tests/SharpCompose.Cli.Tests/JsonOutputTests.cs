using System.Text.Json;
using System.Text.RegularExpressions;
using SharpCompose.Cli.Tests.Support;

namespace SharpCompose.Cli.Tests;

/// <summary>Machine-readable output: one JSON object per line, or one array, as tools expect.</summary>
public sealed class JsonOutputTests
{
    [Fact]
    public async Task ProgressJsonIsOneObjectPerLine()
    {
        await Requirements.EngineAsync();
        await using var project = TestProject.Create();

        var up = await project.RunAsync("--progress", "json", "up", "-d");

        Assert.True(up.ExitCode == 0, up.ToString());
        var lines = up.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            Assert.True(doc.RootElement.TryGetProperty("id", out _), line);
            Assert.True(doc.RootElement.TryGetProperty("status", out _), line);
        }

        Assert.Contains(lines, l => l.Contains($"\"id\":\"{project.Name}-web-1\"", StringComparison.Ordinal) && l.Contains("\"status\":\"Started\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LsAndImagesJsonAreArrays()
    {
        await Requirements.EngineAsync();
        await using var project = TestProject.Create();
        Assert.Equal(0, (await project.RunAsync("--progress", "quiet", "up", "-d")).ExitCode);

        var ls = await project.RunAsync("ls", "--format", "json");
        using (var doc = JsonDocument.Parse(ls.Stdout))
        {
            Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
            Assert.Contains(doc.RootElement.EnumerateArray(), p => p.GetProperty("Name").GetString() == project.Name);
        }

        var images = await project.RunAsync("images", "--format", "json");
        using (var doc = JsonDocument.Parse(images.Stdout))
        {
            Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
            Assert.Equal(2, doc.RootElement.GetArrayLength());
        }
    }

    [Fact]
    public async Task VersionShortAndJson()
    {
        Requirements.Binary();
        var shortVersion = await Bin.RunAsync(Path.GetTempPath(), "version", "--short");
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+\n$"), shortVersion.Stdout);
        var json = await Bin.RunAsync(Path.GetTempPath(), "version", "--format", "json");
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(shortVersion.Stdout.Trim(), doc.RootElement.GetProperty("version").GetString());
    }
}
