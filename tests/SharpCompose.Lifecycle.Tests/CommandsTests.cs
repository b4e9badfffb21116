namespace SharpCompose.Lifecycle.Tests;

/// <summary>The lifecycle commands, each checked by its effect on the engine.</summary>
public sealed class CommandsTests
{
    [Fact]
    public async Task Stop_start_restart_pause_kill_rm_and_their_states()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              a: {image: busybox, command: sleep 300, init: true}
              b: {image: busybox, command: sleep 300, init: true, depends_on: [a]}
            """);
        Assert.Equal(0, (await project.RunAsync("create")).ExitCode);
        Assert.Equal("created\ncreated", await States(project));
        Assert.Equal(0, (await project.RunAsync("start")).ExitCode);
        Assert.Equal("running\nrunning", await States(project));
        Assert.Equal(0, (await project.RunAsync("pause", "b")).ExitCode);
        Assert.Equal("running\npaused", await States(project));
        Assert.Equal(0, (await project.RunAsync("unpause", "b")).ExitCode);
        Assert.Equal(0, (await project.RunAsync("stop", "-t", "1")).ExitCode);
        Assert.Equal("exited\nexited", await States(project));
        Assert.Equal(0, (await project.RunAsync("restart", "a")).ExitCode);
        Assert.Equal("running\nexited", await States(project));
        Assert.Equal(0, (await project.RunAsync("kill", "-s", "SIGKILL", "a")).ExitCode);
        var killed = await project.RunAsync("ps", "-a", "--format", "{{.Service}} {{.State}} {{.ExitCode}}");
        Assert.Contains("a exited 137", killed.Stdout);
        Assert.Equal(0, (await project.RunAsync("rm", "-f")).ExitCode);
        Assert.Equal(string.Empty, (await project.RunAsync("ps", "-a", "-q")).Stdout.Trim());
    }

    [Fact]
    public async Task Top_port_wait_logs_and_ls_answer_like_compose_v2()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              web: {image: busybox, command: sh -c "echo out; echo err >&2; httpd -f -p 80", init: true, ports: ["127.0.0.1::80"]}
              job: {image: busybox, command: sh -c "sleep 1; exit 7"}
            """);
        Assert.Equal(0, (await project.RunAsync("up", "-d")).ExitCode);
        var port = await project.RunAsync("port", "web", "80");
        Assert.Matches(@"^127\.0\.0\.1:\d+$", port.Stdout.Trim());
        var top = await project.RunAsync("top", "web");
        Assert.Contains("httpd", top.Stdout);
        var wait = await project.RunAsync("wait", "job");
        Assert.Equal(7, wait.ExitCode);
        Assert.Equal("7", wait.Stdout.Trim());
        var logs = await project.RunAsync("logs", "--no-color", "web");
        Assert.Contains("web-1  | out", logs.Stdout);
        Assert.Contains("web-1  | err", logs.Stdout);
        var bare = await project.RunAsync("logs", "--no-log-prefix", "--tail", "1", "job");
        Assert.DoesNotContain("|", bare.Stdout);
        var ls = await project.RunAsync("ls", "-a");
        Assert.Contains(project.Name, ls.Stdout);
        var json = await project.RunAsync("ps", "-a", "--format", "json");
        Assert.Contains("\"Service\":\"job\"", json.Stdout);
        Assert.Contains("\"ExitCode\":7", json.Stdout);
    }

    [Fact]
    public async Task A_crash_looping_container_reports_its_real_exit_code()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              loop: {image: busybox, command: sh -c "echo try; exit 3", restart: always}
            """);
        var up = project.StartWith(ComposeProject.SharpCompose, ["up"]);
        await up.WaitForOutputAsync(o => o.Contains("exited with code 3", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        up.Signal(2);
        var result = await up.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(130, result.ExitCode);
        Assert.DoesNotContain("exited with code 0", result.Stdout);
    }

    [Fact]
    public async Task A_container_restarted_during_attached_up_shows_each_run_once()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              flaky: {image: busybox, command: sh -c "echo run-$$(cat /proc/sys/kernel/random/uuid); exit 1", restart: "on-failure:2"}
            """);
        var up = await project.RunWithAsync(ComposeProject.SharpCompose, ["up"], TimeSpan.FromMinutes(2));
        var runs = System.Text.RegularExpressions.Regex.Matches(up.Stdout, "run-[0-9a-f-]{36}").Select(m => m.Value).ToList();
        Assert.True(runs.Count == 3, up.ToString()); // the first run and its two restarts, each once: no earlier run replayed
        Assert.Equal(3, runs.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Attached_up_of_a_service_shows_its_dependencies_logs_only_with_attach_dependencies()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              db: {image: busybox, command: sh -c "echo db ready; exec sleep 300", init: true}
              app: {image: busybox, command: sh -c "sleep 1; echo app done", init: true, depends_on: [db]}
            """);

        // The run ends when app exits, though db still runs (it is not waited for, attached or not).
        var plain = await project.RunWithAsync(ComposeProject.SharpCompose, ["up", "app"], TimeSpan.FromMinutes(1));
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("Attaching to app-1\n", plain.Stdout);
        Assert.Contains("app-1  | app done", plain.Stdout);
        Assert.DoesNotContain("db ready", plain.Stdout);
        Assert.Equal(0, (await project.RunAsync("down", "-t", "0")).ExitCode);

        // The prefix is padded to the longest attached name (app-1).
        var withDependencies = await project.RunWithAsync(ComposeProject.SharpCompose, ["up", "--attach-dependencies", "app"], TimeSpan.FromMinutes(1));
        Assert.Equal(0, withDependencies.ExitCode);
        Assert.Contains("Attaching to app-1, db-1\n", withDependencies.Stdout);
        Assert.Contains("db-1   | db ready", withDependencies.Stdout);
        Assert.Contains("app-1  | app done", withDependencies.Stdout);
        Assert.Contains("running", (await project.RunAsync("ps", "--format", "{{.Service}} {{.State}}", "db")).Stdout);
    }

    [Fact]
    public async Task Up_no_start_creates_and_returns_without_attaching()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              a: {image: busybox, command: sleep 300, init: true}
            """);
        var result = await project.RunWithAsync(ComposeProject.SharpCompose, ["up", "--no-start"], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Attaching", result.All);
        Assert.Equal("created", await States(project));
    }

    [Fact]
    public async Task Restart_takes_along_the_dependents_with_restart_true_like_compose_v2()
    {
        EngineGate.Require(peer: true);
        await using var project = new ComposeProject("""
            services:
              db: {image: busybox, command: sleep 300, init: true}
              app: {image: busybox, command: sleep 300, init: true, depends_on: {db: {condition: service_started, restart: true}}}
              other: {image: busybox, command: sleep 300, init: true, depends_on: [db]}
            """);
        foreach (var binary in new[] { ComposeProject.SharpCompose, ComposeProject.ComposeV2 })
        {
            Assert.Equal(0, (await project.RunWithAsync(binary, ["up", "-d"])).ExitCode);
            var before = await StartedAt(project);
            var restart = await project.RunWithAsync(binary, ["restart", "-t", "1", "db"]);
            Assert.True(restart.ExitCode == 0, restart.ToString());
            var after = await StartedAt(project);
            Assert.Equal(["app", "db"], before.Keys.Where(s => before[s] != after[s]).Order(StringComparer.Ordinal));
        }

        var noDeps = await StartedAt(project);
        Assert.Equal(0, (await project.RunAsync("restart", "-t", "1", "--no-deps", "db")).ExitCode);
        var afterNoDeps = await StartedAt(project);
        Assert.Equal(["db"], noDeps.Keys.Where(s => noDeps[s] != afterNoDeps[s]));

        // Known by name only (no compose file): the containers' depends_on labels say who comes along, as in v2.
        var empty = Directory.CreateTempSubdirectory("sc-name-only-");
        try
        {
            var byName = await StartedAt(project);
            var restart = await project.ToolAsync(ComposeProject.SharpCompose, "-p", project.Name, "--project-directory", empty.FullName, "restart", "-t", "1", "db");
            Assert.True(restart.ExitCode == 0, restart.ToString());
            var afterByName = await StartedAt(project);
            Assert.Equal(["app", "db"], byName.Keys.Where(s => byName[s] != afterByName[s]).Order(StringComparer.Ordinal));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private static async Task<Dictionary<string, string>> StartedAt(ComposeProject project)
    {
        var ids = (await project.RunAsync("ps", "-q")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var inspect = await project.ToolAsync("docker", ["inspect", "-f", "{{index .Config.Labels \"com.docker.compose.service\"}} {{.State.StartedAt}}", .. ids]);
        return inspect.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
    }

    private static async Task<string> States(ComposeProject project) =>
        (await project.RunAsync("ps", "-a", "--format", "{{.State}}")).Stdout.Trim();
}
