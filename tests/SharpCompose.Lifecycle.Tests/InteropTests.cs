namespace SharpCompose.Lifecycle.Tests;

/// <summary>SharpCompose and Compose v2 manage the same project side by side.</summary>
public sealed class InteropTests
{
    private const string File = """
        services:
          db:
            image: busybox
            command: sleep 300
            init: true
            healthcheck: {test: ["CMD", "true"], interval: 1s}
            volumes: [data:/data]
          web:
            image: busybox
            command: sh -c "echo hello-from-web; sleep 300"
            init: true
            depends_on: {db: {condition: service_healthy}}
        volumes:
          data:
        """;

    [Fact]
    public async Task A_project_up_with_SharpCompose_is_listed_logged_kept_and_taken_down_by_Compose_v2()
    {
        EngineGate.Require(peer: true);
        await using var project = new ComposeProject(File);
        var up = await project.RunAsync("up", "-d");
        Assert.True(up.ExitCode == 0, up.ToString());

        var ps = await project.PeerAsync("ps", "--format", "{{.Name}} {{.State}}");
        Assert.Contains($"{project.Name}-db-1 running", ps.Stdout);
        Assert.Contains($"{project.Name}-web-1 running", ps.Stdout);
        var logs = await project.PeerAsync("logs", "web");
        Assert.Contains("hello-from-web", logs.Stdout);

        // Same config hash: Compose v2 keeps SharpCompose's containers as they are.
        var peerUp = await project.PeerAsync("up", "-d");
        Assert.True(peerUp.ExitCode == 0, peerUp.ToString());
        Assert.DoesNotContain("Recreate", peerUp.All);
        Assert.Contains($"Container {project.Name}-web-1  Running", peerUp.All);

        var down = await project.PeerAsync("down");
        Assert.True(down.ExitCode == 0, down.ToString());
        var after = await project.RunAsync("ps", "-a", "-q");
        Assert.Equal(string.Empty, after.Stdout.Trim());
    }

    [Fact]
    public async Task A_project_up_with_Compose_v2_is_listed_kept_and_taken_down_by_SharpCompose()
    {
        EngineGate.Require(peer: true);
        await using var project = new ComposeProject(File);
        var up = await project.PeerAsync("up", "-d");
        Assert.True(up.ExitCode == 0, up.ToString());

        var ps = await project.RunAsync("ps", "--format", "{{.Name}} {{.State}}");
        Assert.Contains($"{project.Name}-web-1 running", ps.Stdout);
        var ours = await project.RunAsync("up", "-d");
        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.DoesNotContain("Recreate", ours.All);
        Assert.DoesNotContain("Creating", ours.All);

        var ls = await project.RunAsync("ls", "--format", "json");
        Assert.Contains($"\"Name\":\"{project.Name}\"", ls.Stdout);

        var down = await project.RunAsync("down");
        Assert.True(down.ExitCode == 0, down.ToString());
        var after = await project.PeerAsync("ps", "-a", "-q");
        Assert.Equal(string.Empty, after.Stdout.Trim());
        var volume = await project.RunAsync("config", "--volumes");
        Assert.Contains("data", volume.Stdout);
    }
}
