using SharpCompose.Cli.Tests.Support;

namespace SharpCompose.Cli.Tests;

/// <summary>--dry-run shows what would be done and changes nothing.</summary>
public sealed class DryRunTests
{
    [Fact]
    public async Task DryRunUpCreatesNothing()
    {
        await Requirements.EngineAsync();
        await using var project = TestProject.Create();

        var up = await project.RunAsync("--dry-run", "--progress", "plain", "up", "-d");

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains($" DRY-RUN MODE -  Container {project.Name}-web-1  Started", up.Stderr);
        Assert.Contains($" DRY-RUN MODE -  Container {project.Name}-worker-1  Started", up.Stderr);
        Assert.Contains($" DRY-RUN MODE -  Network {project.Name}_default  Created", up.Stderr);
        Assert.All(up.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith(" DRY-RUN MODE - ", line));
        var ps = await project.RunAsync("ps", "-a", "-q");
        Assert.Equal(string.Empty, ps.Stdout.Trim());
        var networks = await Bin.ExecAsync("docker", project.Directory, null, "network", "ls", "-q", "--filter", "name=" + project.Name);
        Assert.Equal(string.Empty, networks.Stdout.Trim());
    }

    [Fact]
    public async Task DryRunDownLeavesARunningProjectAlone()
    {
        await Requirements.EngineAsync();
        await using var project = TestProject.Create();
        var up = await project.RunAsync("--progress", "quiet", "up", "-d");
        Assert.True(up.ExitCode == 0, up.ToString());

        var down = await project.RunAsync("--dry-run", "--progress", "plain", "down", "-v");

        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains($" DRY-RUN MODE -  Container {project.Name}-web-1  Removed", down.Stderr);
        Assert.Contains($" DRY-RUN MODE -  Network {project.Name}_default  Removed", down.Stderr);
        var ps = await project.RunAsync("ps", "--format", "{{.Name}} {{.State}}");
        Assert.Equal([$"{project.Name}-web-1 running", $"{project.Name}-worker-1 running"],
            ps.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DryRunWaitsForHealthAndCompletionWithoutHanging()
    {
        await Requirements.EngineAsync();
        await using var project = TestProject.Create("""
            services:
              migrate:
                image: busybox:latest
                command: ["true"]
              db:
                image: busybox:latest
                command: ["sleep", "600"]
                healthcheck: { test: ["CMD", "true"], interval: 1s }
              web:
                image: busybox:latest
                command: ["sleep", "600"]
                depends_on:
                  db: { condition: service_healthy }
                  migrate: { condition: service_completed_successfully }
            """);

        var up = await project.RunAsync("--dry-run", "--progress", "plain", "up", "--wait");

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains($"Container {project.Name}-web-1  Started", up.Stderr);
        Assert.Equal(string.Empty, (await project.RunAsync("ps", "-a", "-q")).Stdout.Trim());
    }

    [Fact]
    public async Task DryRunUpAttachedEndsAtOnce()
    {
        await Requirements.EngineAsync();
        await using var project = TestProject.Create();

        var up = await Bin.ExecAsync(Bin.Binary, project.Directory, null, TimeSpan.FromSeconds(60), "-p", project.Name, "--dry-run", "--progress", "plain", "up");

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.EndsWith("end of 'compose up' output, interactive run is not supported in dry-run mode", up.Stderr.Trim());
        Assert.Equal(string.Empty, (await project.RunAsync("ps", "-a", "-q")).Stdout.Trim());
    }

    [Fact]
    public async Task DryRunRunIsRefusedWhenInteractiveButDetachedIsShown()
    {
        await Requirements.EngineAsync();
        await using var project = TestProject.Create();

        var run = await project.RunAsync("--dry-run", "--progress", "plain", "run", "-d", "web", "echo", "hi");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, (await project.RunAsync("ps", "-a", "-q")).Stdout.Trim());

        var attached = await project.RunAsync("--dry-run", "--progress", "plain", "run", "web", "echo", "hi");
        Assert.Equal(1, attached.ExitCode);
        Assert.Contains("Error interactive run is not supported in dry-run mode", attached.Stderr);
    }
}
