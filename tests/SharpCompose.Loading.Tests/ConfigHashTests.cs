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
        // Hashes cover absolute paths (bind sources), so the peer is asked here, in this directory, not ahead of time.
        const string peer = "/opt/peers/compose-v2";
        if (!File.Exists(peer))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("the Compose v2 peer is missing (scripts/test-deps installs it)");
            }

            Assert.Skip("the Compose v2 peer is missing");
        }

        var psi = new System.Diagnostics.ProcessStartInfo(peer) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["HOME"] = "/home/conformance";
        foreach (var f in files)
        {
            psi.ArgumentList.Add("-f");
            psi.ArgumentList.Add(f);
        }

        psi.ArgumentList.Add("config");
        psi.ArgumentList.Add("--hash");
        psi.ArgumentList.Add("*");
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var expected = stdout.Split('\n').Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList();
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
