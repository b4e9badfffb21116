using SharpCompose.Model;

namespace SharpCompose.Loading.Tests;

public class MergeTests
{
    private static async Task<Project> Load(string baseYaml, string overrideYaml, Func<LoadOptions, LoadOptions>? configure = null)
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", baseYaml);
        dir.Write("compose.override.yaml", overrideYaml);
        var r = await dir.LoadAsync(configure);
        return r.Project!;
    }

    [Fact]
    public async Task OverrideFileIsDiscoveredAndMergedByComposeRules()
    {
        var p = await Load("""
            services:
              web:
                image: nginx
                command: [a, b]
                environment: {A: "1", B: "2"}
                ports: ["80:80"]
                volumes: ["./one:/data"]
                labels: {x: "1"}
                dns: 8.8.8.8
                depends_on: [db]
              db:
                image: postgres
            """, """
            services:
              web:
                image: httpd
                command: c
                environment: [B=3, C=4]
                ports: ["80:80", "443:443"]
                volumes: ["./two:/data", "./three:/other"]
                labels: [y=2]
                dns: [1.1.1.1]
                depends_on:
                  db:
                    condition: service_healthy
            """);
        var web = p.Services["web"];
        Assert.Equal("httpd", web.Image);
        Assert.Equal(["c"], web.Command);
        Assert.Equal(new Dictionary<string, string?> { ["A"] = "1", ["B"] = "3", ["C"] = "4" }, web.Environment);
        Assert.Equal([80u, 443u], web.Ports.Select(x => x.Target));
        Assert.Equal(2, web.Volumes.Count);
        Assert.EndsWith("/two", web.Volumes.Single(v => v.Target == "/data").Source);
        Assert.Equal(new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" }, web.Labels);
        Assert.Equal(["8.8.8.8", "1.1.1.1"], web.Dns);
        Assert.Equal(DependencyCondition.ServiceHealthy, web.DependsOn["db"].Condition);
        Assert.True(web.DependsOn["db"].Required);
    }

    [Fact]
    public async Task ResetAndOverrideTags()
    {
        var p = await Load("""
            services:
              web:
                image: nginx
                ports: ["80:80"]
                environment: {A: "1"}
            """, """
            services:
              web:
                ports: !reset []
                environment: !override {B: "2"}
            """);
        Assert.Empty(p.Services["web"].Ports);
        Assert.Equal(new Dictionary<string, string?> { ["B"] = "2" }, p.Services["web"].Environment);
    }

    [Fact]
    public async Task ExtendsSameFileAndOtherFile()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", """
            services:
              base:
                image: base
                environment: {A: "1"}
              child:
                extends: base
                environment: {B: "2"}
              remote:
                extends: {file: sub/common.yaml, service: common}
            """);
        dir.Write("sub/common.yaml", "services:\n  common:\n    image: common\n    volumes: [./rel:/rel]\n");
        var p = (await dir.LoadAsync()).Project!;
        Assert.Equal("base", p.Services["child"].Image);
        Assert.Equal(new Dictionary<string, string?> { ["A"] = "1", ["B"] = "2" }, p.Services["child"].Environment);
        Assert.Equal(Path.Combine(dir.Path, "sub/rel"), p.Services["remote"].Volumes[0].Source);
    }

    [Fact]
    public async Task ExtendsCycleIsAnError()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: y\n    extends: a\n");
        var e = await Assert.ThrowsAsync<ComposeException>(() => dir.LoadAsync());
        Assert.Contains("circular", e.Message);
    }

    [Fact]
    public async Task IncludeImportsResourcesWithTheirOwnDirectory()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "include:\n  - inc/compose.yaml\nservices:\n  main:\n    image: main\n");
        dir.Write("inc/compose.yaml", "services:\n  included:\n    image: inc:${TAG}\n    volumes: [./data:/d]\n");
        dir.Write("inc/.env", "TAG=v1\n");
        var p = (await dir.LoadAsync()).Project!;
        Assert.Equal("inc:v1", p.Services["included"].Image);
        Assert.Equal(Path.Combine(dir.Path, "inc/data"), p.Services["included"].Volumes[0].Source);
    }

    [Fact]
    public async Task IncludeConflictIsAnError()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "include:\n  - other.yaml\nservices:\n  web:\n    image: a\n");
        dir.Write("other.yaml", "services:\n  web:\n    image: b\n");
        var e = await Assert.ThrowsAsync<ComposeException>(() => dir.LoadAsync());
        Assert.Contains("conflicts with imported resource", e.Message);
    }
}
