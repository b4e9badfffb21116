namespace SharpCompose.Lifecycle.Tests;

/// <summary>Images and one-off work: build, run, exec, cp.</summary>
public sealed class BuildRunTests
{
    [Fact]
    public async Task Build_honours_dockerignore_target_and_args_from_the_environment()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              app:
                build:
                  context: .
                  target: final
                  args: [FROM_ENV]
            """);
        File.WriteAllText(Path.Combine(project.Directory, "Dockerfile"), """
            FROM busybox AS base
            RUN echo base > /stage
            FROM base AS final
            ARG FROM_ENV=unset
            COPY . /ctx
            RUN echo "$FROM_ENV" > /arg
            FROM base AS other
            RUN echo other > /stage
            """);
        File.WriteAllText(Path.Combine(project.Directory, ".dockerignore"), "secret*\n!secret-ok.txt\n");
        File.WriteAllText(Path.Combine(project.Directory, "secret.txt"), "no");
        File.WriteAllText(Path.Combine(project.Directory, "secret-ok.txt"), "yes");
        Environment.SetEnvironmentVariable("FROM_ENV", null);
        var build = project.StartWith(ComposeProject.SharpCompose, ["build"]);
        build.Process.StandardInput.Close();
        var built = await build.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(built.ExitCode == 0, built.ToString());

        var run = await project.RunAsync("run", "--rm", "-T", "app", "sh", "-c", "ls /ctx; cat /stage /arg");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("secret.txt", run.Stdout);
        Assert.Contains("secret-ok.txt", run.Stdout);
        Assert.Contains("base", run.Stdout);
        Assert.DoesNotContain("other", run.Stdout);
    }

    [Fact]
    public async Task A_failed_pull_of_a_service_that_can_be_built_builds_it_instead_like_compose_v2()
    {
        EngineGate.Require();
        // Nothing listens on port 1: the pull fails at once.
        var image = $"127.0.0.1:1/scfallback{Guid.NewGuid().ToString("N")[..8]}:latest";
        await using var project = new ComposeProject($$"""
            services:
              app:
                image: {{image}}
                pull_policy: always
                build: .
                command: sleep 300
                init: true
            """);
        File.WriteAllText(Path.Combine(project.Directory, "Dockerfile"), "FROM busybox\nRUN echo built > /marker\n");
        try
        {
            var up = await project.RunAsync("up", "-d");
            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.Contains("building it", up.Stderr);
            var marker = await project.RunAsync("exec", "-T", "app", "cat", "/marker");
            Assert.Equal("built", marker.Stdout.Trim());
        }
        finally
        {
            await project.RunAsync("down");
            await project.ToolAsync("docker", "rmi", "-f", image);
        }
    }

    [Fact]
    public async Task Build_args_given_by_key_alone_come_from_the_environment()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              app:
                build:
                  context: .
                  args: [GREETING]
            """);
        File.WriteAllText(Path.Combine(project.Directory, "Dockerfile"), "FROM busybox\nARG GREETING\nRUN echo \"$GREETING\" > /greeting\n");
        File.WriteAllText(Path.Combine(project.Directory, ".env"), "GREETING=from-dotenv\n");
        Assert.Equal(0, (await project.RunAsync("build")).ExitCode);
        var run = await project.RunAsync("run", "--rm", "-T", "app", "cat", "/greeting");
        Assert.Equal("from-dotenv", run.Stdout.Trim());
    }

    [Fact]
    public async Task Build_with_a_git_url_context_is_cloned_by_the_engine_ref_and_subdirectory_included()
    {
        EngineGate.Require();
        await using var git = await LocalGitServer.StartAsync(new Dictionary<string, string>
        {
            ["Dockerfile"] = "FROM busybox:latest\nCOPY hello.txt /hello.txt\n",
            ["hello.txt"] = "from the repository\n",
            ["sub/Dockerfile.sub"] = "FROM busybox:latest\nCOPY sub.txt /sub.txt\n",
            ["sub/sub.txt"] = "from the subdirectory\n",
        });
        await using var project = new ComposeProject($$"""
            services:
              root:
                build: {{git.Url}}#main
              sub:
                build:
                  context: {{git.Url}}#main:sub
                  dockerfile: Dockerfile.sub
            """);
        try
        {
            // The loader keeps the URL as written (no path resolution), as Compose v2 does.
            var config = await project.RunAsync("config", "--format", "json");
            Assert.Contains($"\"context\": \"{git.Url}#main:sub\"", config.Stdout);

            var build = await project.RunAsync("build");
            Assert.True(build.ExitCode == 0, build + "\n--- git server\n" + git.Log);
            Assert.Contains("GET /repo.git/info/refs", git.Log);

            var root = await project.RunAsync("run", "--rm", "-T", "root", "cat", "/hello.txt");
            Assert.Equal("from the repository", root.Stdout.Trim());
            var sub = await project.RunAsync("run", "--rm", "-T", "sub", "cat", "/sub.txt");
            Assert.Equal("from the subdirectory", sub.Stdout.Trim());
        }
        finally
        {
            await project.ToolAsync("docker", "image", "rm", "-f", $"{project.Name}-root", $"{project.Name}-sub");
        }
    }

    [Fact]
    public async Task Dockerfile_inline_with_a_remote_context_is_refused_clearly()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              app:
                build:
                  context: http://127.0.0.1:9/repo.git#main
                  dockerfile_inline: FROM busybox
            """);
        var build = await project.RunAsync("build");
        Assert.Equal(1, build.ExitCode);
        Assert.Contains("dockerfile_inline cannot be used with the remote build context", build.Stderr);
    }

    [Fact]
    public async Task Run_rm_brings_up_a_healthy_dependency_first_propagates_the_exit_code_and_leaves_nothing()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              db:
                image: busybox
                command: sh -c "sleep 1; touch /ready; sleep 300"
                init: true
                healthcheck: {test: ["CMD", "test", "-f", "/ready"], interval: 500ms, retries: 20}
              task:
                image: busybox
                depends_on: {db: {condition: service_healthy}}
                command: sh -c "echo done; exit 9"
            """);
        var run = await project.RunAsync("run", "--rm", "-T", "task");
        Assert.True(run.ExitCode == 9, run.ToString());
        Assert.Contains("done", run.Stdout);
        Assert.Contains("Healthy", run.Stderr);
        var ps = await project.RunAsync("ps", "-a", "--format", "{{.Service}} {{.State}}");
        Assert.Equal("db running", ps.Stdout.Trim());
    }

    [Fact]
    public async Task Exec_pipes_stdin_and_returns_the_exit_code()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              app: {image: busybox, command: sleep 300, init: true}
            """);
        Assert.Equal(0, (await project.RunAsync("up", "-d")).ExitCode);
        var exec = project.StartWith(ComposeProject.SharpCompose, ["exec", "-T", "app", "sh", "-c", "tr a-z A-Z; exit 4"]);
        await exec.Process.StandardInput.WriteAsync("piped through\n");
        exec.Process.StandardInput.Close();
        var result = await exec.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(4, result.ExitCode);
        Assert.Equal("PIPED THROUGH", result.Stdout.Trim());
    }

    [Fact]
    public async Task Cp_round_trips_a_directory()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              app: {image: busybox, command: sleep 300, init: true}
            """);
        Assert.Equal(0, (await project.RunAsync("up", "-d")).ExitCode);
        var source = Path.Combine(project.Directory, "tree");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.WriteAllText(Path.Combine(source, "a.txt"), "alpha");
        File.WriteAllText(Path.Combine(source, "sub", "b.txt"), "beta");
        var up = await project.RunAsync("cp", source, "app:/tmp/");
        Assert.True(up.ExitCode == 0, up.ToString());
        var inside = await project.RunAsync("exec", "-T", "app", "cat", "/tmp/tree/sub/b.txt");
        Assert.Equal("beta", inside.Stdout);

        var back = Path.Combine(project.Directory, "back");
        var down = await project.RunAsync("cp", "app:/tmp/tree", back);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(back, "a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(back, "sub", "b.txt")));
    }
}
