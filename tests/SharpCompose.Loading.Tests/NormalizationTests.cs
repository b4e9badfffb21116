using SharpCompose.Loading.Stages;
using SharpCompose.Model;

namespace SharpCompose.Loading.Tests;

public class NormalizationTests
{
    [Theory]
    [InlineData("80", "", 80u, "", "tcp")]
    [InlineData("8080:80", "", 80u, "8080", "tcp")]
    [InlineData("127.0.0.1:8080:80/udp", "127.0.0.1", 80u, "8080", "udp")]
    [InlineData("[::1]:7000:7000", "::1", 7000u, "7000", "tcp")]
    [InlineData("6005-6015:80", "", 80u, "6005-6015", "tcp")]
    public void ShortPorts(string spec, string ip, uint target, string published, string proto)
    {
        Assert.True(PortSpecParser.TryParse(spec, out var ports, out _));
        Assert.Equal(new ShortPort(ip, target, published, proto), ports.Single());
    }

    [Fact]
    public void PortRangesExpand()
    {
        Assert.True(PortSpecParser.TryParse("9000-9002:8000-8002", out var ports, out _));
        Assert.Equal(["9000", "9001", "9002"], ports.Select(p => p.Published));
    }

    [Theory]
    [InlineData("80800:80")]
    [InlineData("80:80800")]
    [InlineData("a:b")]
    [InlineData("80:80/xyz")]
    [InlineData("1-3:4-7")]
    public void BadPorts(string spec) => Assert.False(PortSpecParser.TryParse(spec, out _, out _));

    [Theory]
    [InlineData("./data:/data:ro", "bind", "./data", "/data", true)]
    [InlineData("named:/x", "volume", "named", "/x", false)]
    [InlineData("/x", "volume", "", "/x", false)]
    [InlineData("~/h:/h", "bind", "~/h", "/h", false)]
    [InlineData("C:\\data:/data", "bind", "C:\\data", "/data", false)]
    public void ShortVolumes(string spec, string type, string source, string target, bool ro)
    {
        Assert.True(VolumeSpecParser.TryParse(spec, out var v, out _));
        Assert.Equal((type, source, target, ro), (v.Type, v.Source, v.Target, v.ReadOnly));
    }

    [Fact]
    public void EmptyVolumeSection() => Assert.False(VolumeSpecParser.TryParse(":/x", out _, out _));

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("0", 0)]
    public void Durations(string text, long ms)
    {
        Assert.True(GoValues.TryParseDuration(text, out var d));
        Assert.Equal(ms, (long)d.TotalMilliseconds);
    }

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h0m0s")]
    [InlineData(500, "500ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(0, "0s")]
    public void GoDurationStrings(long ms, string expected) => Assert.Equal(expected, GoValues.FormatDuration(TimeSpan.FromMilliseconds(ms)));

    [Theory]
    [InlineData("512m", 536_870_912L)]
    [InlineData("1gb", 1_073_741_824L)]
    [InlineData("1.5k", 1_536L)]
    [InlineData("1024", 1_024L)]
    [InlineData("2 GiB", 2_147_483_648L)]
    public void ByteSizes(string text, long bytes)
    {
        Assert.True(GoValues.TryParseBytes(text, out var b));
        Assert.Equal(bytes, b);
    }

    [Fact]
    public void ShellWords()
    {
        Assert.True(GoValues.TrySplitShellWords("sh -c \"echo 'a b'\" c\\ d", out var w));
        Assert.Equal(["sh", "-c", "echo 'a b'", "c d"], w);
    }

    [Fact]
    public async Task CanonicalForms()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", """
            services:
              web:
                build: ./app
                depends_on: [db]
                environment: [A=1, B]
                healthcheck:
                  test: curl -f http://localhost
                  interval: 1m30s
                networks: [front]
                volumes: [./data:/data]
                pull_policy: if_not_present
              db:
                image: postgres
            networks:
              front: {}
            """);
        var r = await dir.LoadAsync();
        var p = r.Project!;
        var web = p.Services["web"];
        Assert.Equal(Path.Combine(dir.Path, "app"), web.Build!.Context);
        Assert.Equal("Dockerfile", web.Build.Dockerfile);
        Assert.Equal(new ServiceDependency(), web.DependsOn["db"]);
        Assert.Equal(new Dictionary<string, string?> { ["A"] = "1" }, web.Environment);
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost"], web.Healthcheck!.Test);
        Assert.Equal(TimeSpan.FromSeconds(90), web.Healthcheck.Interval);
        Assert.Equal(MountType.Bind, web.Volumes[0].Type);
        Assert.Equal(Path.Combine(dir.Path, "data"), web.Volumes[0].Source);
        Assert.True(web.Volumes[0].Bind!.CreateHostPath);
        Assert.Equal("missing", web.PullPolicy);
        Assert.Equal(["default"], p.Services["db"].Networks.Keys);
        Assert.Equal(Path.GetFileName(dir.Path).ToLowerInvariant().Replace(".", ""), p.Name);
        Assert.Equal($"{p.Name}_front", p.Networks["front"].Name);
        Assert.Equal($"{p.Name}-web", web.ImageNameOrDefault(p.Name));
        Assert.Equal(dir.Path, r.WorkingDirectory);
        Assert.Equal([Path.Combine(dir.Path, "compose.yaml")], r.ConfigFiles);
    }
}
