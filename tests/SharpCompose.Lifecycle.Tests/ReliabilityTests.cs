using System.Net;
using System.Net.Sockets;

namespace SharpCompose.Lifecycle.Tests;

/// <summary>What must hold under concurrency, conflicts and interruption.</summary>
public sealed class ReliabilityTests
{
    [Fact]
    public async Task Two_ups_at_the_same_moment_leave_one_container_per_replica_and_one_network()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              a: {image: busybox, command: sleep 300, init: true, scale: 2}
              b: {image: busybox, command: sleep 300, init: true}
            networks:
              extra: {}
            """);
        var first = project.StartWith(ComposeProject.SharpCompose, ["up", "-d"]);
        var second = project.StartWith(ComposeProject.SharpCompose, ["up", "-d"]);
        var r1 = await first.WaitAsync(TimeSpan.FromMinutes(2));
        var r2 = await second.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(r1.ExitCode == 0, r1.ToString());
        Assert.True(r2.ExitCode == 0, r2.ToString());

        var ps = await project.RunAsync("ps", "-a", "--format", "{{.Name}}");
        Assert.Equal([$"{project.Name}-a-1", $"{project.Name}-a-2", $"{project.Name}-b-1"], ps.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray());
        var networks = await Docker("network", "ls", "--filter", $"label=com.docker.compose.project={project.Name}", "--format", "{{.Name}}");
        Assert.Equal([$"{project.Name}_default"], networks.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_host_port_in_use_fails_naming_service_and_port_and_a_rerun_converges_once_free()
    {
        EngineGate.Require();
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var project = new ComposeProject($$"""
            services:
              web: {image: busybox, command: httpd -f -p 80, init: true, ports: ["{{port}}:80"]}
              other: {image: busybox, command: sleep 300, init: true}
            """);
        var failed = await project.RunAsync("up", "-d");
        Assert.Equal(1, failed.ExitCode);
        var errorLine = failed.Stderr.Split('\n').Last(l => l.Length > 0);
        Assert.Contains("\"web\"", errorLine);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), errorLine);
        Assert.DoesNotContain("   at ", failed.Stderr);

        listener.Stop();
        var rerun = await project.RunAsync("up", "-d");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var ps = await project.RunAsync("ps", "--format", "{{.Service}} {{.State}}");
        Assert.Contains("web running", ps.Stdout);
        Assert.Contains("other running", ps.Stdout);
    }

    [Fact]
    public async Task A_named_volume_survives_down_up_recreate_and_scale_and_only_down_v_removes_it()
    {
        EngineGate.Require();
        const string file = """
            services:
              app:
                image: busybox
                command: sh -c "test -f /data/marker || date > /data/marker; sleep 300"
                init: true
                environment: {REV: "${REV:-1}"}
                volumes: [keep:/data]
            volumes:
              keep: {}
            """;
        await using var project = new ComposeProject(file);
        Assert.Equal(0, (await project.RunAsync("up", "-d")).ExitCode);
        var marker = (await project.RunAsync("exec", "-T", "app", "cat", "/data/marker")).Stdout;
        Assert.NotEmpty(marker);

        Assert.Equal(0, (await project.RunAsync("down")).ExitCode);
        Assert.Equal(0, (await project.RunAsync("up", "-d")).ExitCode);
        Assert.Equal(marker, (await project.RunAsync("exec", "-T", "app", "cat", "/data/marker")).Stdout);

        File.WriteAllText(Path.Combine(project.Directory, ".env"), "REV=2\n");
        var recreated = await project.RunAsync("up", "-d");
        Assert.Contains("Recreate", recreated.All);
        Assert.Equal(marker, (await project.RunAsync("exec", "-T", "app", "cat", "/data/marker")).Stdout);

        Assert.Equal(0, (await project.RunAsync("up", "-d", "--scale", "app=3")).ExitCode);
        Assert.Equal(0, (await project.RunAsync("up", "-d", "--scale", "app=1")).ExitCode);
        Assert.Equal(marker, (await project.RunAsync("exec", "-T", "app", "cat", "/data/marker")).Stdout);

        Assert.Equal(0, (await project.RunAsync("down")).ExitCode);
        Assert.Contains($"{project.Name}_keep", await Docker("volume", "ls", "--format", "{{.Name}}"));
        Assert.Equal(0, (await project.RunAsync("down", "-v")).ExitCode);
        Assert.DoesNotContain($"{project.Name}_keep", await Docker("volume", "ls", "--format", "{{.Name}}"));
    }

    [Fact]
    public async Task Ctrl_c_on_an_attached_up_stops_the_project_and_exits_130_without_a_terminal()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              talker: {image: busybox, command: sh -c "echo ready; sleep 300", init: true}
            """);
        var up = project.StartWith(ComposeProject.SharpCompose, ["up"]);
        await up.WaitForOutputAsync(o => o.Contains("ready", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        up.Signal(2);
        var result = await up.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.DoesNotContain("Unhandled exception", result.All);
        var ps = await project.RunAsync("ps", "-a", "--format", "{{.State}}");
        Assert.Equal("exited", ps.Stdout.Trim());
    }

    [Fact]
    public async Task Exit_code_from_waits_for_its_service_past_one_shots_that_succeed()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              build_only: {image: busybox, command: "true"}
              tests: {image: busybox, command: sh -c "sleep 1; echo tests-pass"}
              deploy:
                image: busybox
                command: sh -c "sleep 2; echo deployed; exit 3"
                depends_on: [build_only]
            """);
        var result = await project.RunAsync("up", "--exit-code-from", "deploy");
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("deployed", result.Stdout);
        Assert.Contains("tests-pass", result.Stdout);
    }

    [Fact]
    public async Task Exit_code_from_ends_early_when_another_container_fails()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              unit: {image: busybox, command: sh -c "echo 1 failed; exit 1"}
              deploy: {image: busybox, command: sleep 300, init: true}
            """);
        var result = await project.RunAsync("up", "--exit-code-from", "deploy");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("1 failed", result.Stdout);
    }

    [Fact]
    public async Task Up_wait_fails_when_a_container_exits_but_not_for_completed_one_shots()
    {
        EngineGate.Require();
        await using var ok = new ComposeProject("""
            services:
              init: {image: busybox, command: "true"}
              app:
                image: busybox
                command: sleep 300
                init: true
                depends_on: {init: {condition: service_completed_successfully}}
            """);
        var good = await ok.RunAsync("up", "-d", "--wait");
        Assert.True(good.ExitCode == 0, good.ToString());

        // A health check keeps --wait waiting until the exit (without one, a container that exits at once can still
        // be seen running by the first look, by Compose v2 too: the outcome would be a race).
        await using var bad = new ComposeProject("""
            services:
              crash:
                image: busybox
                command: sh -c "sleep 1; exit 4"
                healthcheck: {test: ["CMD-SHELL", "exit 1"], interval: 1s, retries: 30}
            """);
        var failed = await bad.RunAsync("up", "-d", "--wait");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("exited (4)", failed.Stderr);
    }

    [Fact]
    public async Task Errors_a_user_can_cause_are_one_line_with_the_compose_v2_exit_code()
    {
        EngineGate.Require();
        await using var bad = new ComposeProject("services:\n  web:\n    image: busybox\n    depnds_on: [db]\n");
        var invalid = await bad.RunAsync("up", "-d");
        Assert.Equal(15, invalid.ExitCode);
        Assert.Contains("compose.yaml:4:5", invalid.Stderr);
        Assert.DoesNotContain("   at ", invalid.Stderr);

        var usage = await bad.RunAsync("up", "--no-such-flag");
        Assert.Equal(16, usage.ExitCode);

        await using var empty = new ComposeProject("services: {}\n");
        File.Delete(Path.Combine(empty.Directory, "compose.yaml"));
        var missing = await empty.RunWithAsync(ComposeProject.SharpCompose, ["--project-directory", empty.Directory, "config"]);
        Assert.Equal(14, missing.ExitCode);

        await using var ok = new ComposeProject("services:\n  web: {image: busybox}\n");
        var unreachable = ok.StartWith(ComposeProject.SharpCompose, ["-H", "unix:///nonexistent/docker.sock", "ps"]);
        var down = await unreachable.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("/nonexistent/docker.sock", down.Stderr);
        Assert.Single(down.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<string> Docker(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("docker") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output;
    }
}

/// <summary>Interrupting and tearing down under load.</summary>
public sealed class InterruptionTests
{
    [Fact]
    public async Task Ctrl_c_during_up_leaves_no_half_created_container_and_a_rerun_converges()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              db:
                image: busybox
                command: sh -c "sleep 3; touch /ready; sleep 300"
                init: true
                healthcheck: {test: ["CMD", "test", "-f", "/ready"], interval: 500ms, retries: 30}
                networks: [front, back]
              web:
                image: busybox
                command: sleep 300
                init: true
                networks: [front, back]
                depends_on: {db: {condition: service_healthy}}
            networks:
              front: {}
              back: {}
            """);
        var up = project.StartWith(ComposeProject.SharpCompose, ["up", "-d"]);
        await up.WaitForOutputAsync(o => o.Contains("Waiting", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        up.Signal(2);
        var interrupted = await up.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(interrupted.ExitCode == 130, interrupted.ToString());

        // Every container that exists is whole: joined to both of its networks.
        var inspect = await project.ToolAsync("docker", "ps", "-a", "--filter", $"label=com.docker.compose.project={project.Name}", "--format", "{{.Names}} {{.Networks}}");
        foreach (var line in inspect.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains($"{project.Name}_front", line);
            Assert.Contains($"{project.Name}_back", line);
        }

        var rerun = await project.RunAsync("up", "-d", "--wait");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
    }

    [Fact]
    public async Task A_parallel_down_of_many_services_leaves_no_network_behind()
    {
        EngineGate.Require();
        var services = string.Concat(Enumerable.Range(1, 30).Select(i => $"  s{i}: {{image: busybox, command: httpd -f -p 8080 -h /etc, init: true, networks: [a, b]}}\n"));
        await using var project = new ComposeProject("services:\n" + services + "networks:\n  a: {}\n  b: {}\n");
        for (var round = 0; round < 2; round++)
        {
            var up = await project.RunAsync("up", "-d");
            Assert.True(up.ExitCode == 0, up.ToString());
            var down = await project.RunAsync("down");
            Assert.True(down.ExitCode == 0, down.ToString());
            var left = await project.ToolAsync("docker", "network", "ls", "-q", "--filter", $"label=com.docker.compose.project={project.Name}");
            Assert.Equal(string.Empty, left.Stdout.Trim());
        }
    }
}
