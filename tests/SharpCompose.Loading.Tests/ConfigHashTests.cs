using System.Runtime.CompilerServices;
using SharpCompose.Loading.Output;

namespace SharpCompose.Loading.Tests;

/// <summary>config --hash "*" against the values the real peer prints (expected.hash beside a golden case).</summary>
public class ConfigHashTests
{
    private static string Dir([CallerFilePath] string self = "") => Path.Combine(Path.GetDirectoryName(self)!, "testdata", "config");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var d in Directory.GetDirectories(Dir()).Where(d => File.Exists(Path.Combine(d, "expected.hash"))).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(d));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HashEqualsPeer(string name)
    {
        var dir = Path.Combine(Dir(), name);
        var files = new List<string> { "compose.yaml" };
        if (File.Exists(Path.Combine(dir, "compose.override.yaml"))) files.Add("compose.override.yaml");
        var result = await ProjectLoader.LoadAsync(new LoadOptions
        {
            Files = files,
            WorkingDirectory = dir,
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = "/home/conformance" },
            NoEnvironmentResolution = true,
        }, TestContext.Current.CancellationToken);
        var expected = File.ReadAllLines(Path.Combine(dir, "expected.hash")).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList();
        var actual = ConfigWriter.Hashes(result.Project!, "*").ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void HashIsStableAndHex()
    {
        var s = new Model.ServiceSpec { Name = "web", Image = "nginx" };
        var a = ConfigHash.Compute(s);
        Assert.Equal(a, ConfigHash.Compute(s with { }));
        Assert.Equal(64, a.Length);
        Assert.NotEqual(a, ConfigHash.Compute(s with { Image = "httpd" }));
        Assert.Equal(a, ConfigHash.Compute(s with { Scale = 3, PullPolicy = "always" }));
    }
}
