using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

public sealed class ImageTests(EngineFixture fixture) : EngineTest(fixture)
{
    [Fact]
    public async Task List_and_inspect_the_local_busybox()
    {
        var engine = Engine;
        var images = await engine.Images.ListAsync(new ImageListOptions { Filters = new EngineFilters().Add("reference", "busybox:latest") }, Ct);
        var busybox = Assert.Single(images);
        Assert.Contains("busybox:latest", busybox.RepoTags!);
        var inspect = await engine.Images.InspectAsync("busybox:latest", Ct);
        Assert.Equal(busybox.Id, inspect.Id);
        Assert.Equal(["sh"], inspect.Config!.Cmd);
        Assert.Equal("linux", inspect.Os);
        Assert.Null(await engine.Images.TryInspectAsync("sctest-no-such-image:never", Ct));
    }

    [Fact]
    public async Task Tag_and_remove()
    {
        var engine = Engine;
        var tag = TrackImage($"sctest/tagged:{Guid.NewGuid().ToString("N")[..8]}");
        await engine.Images.TagAsync("busybox:latest", tag, Ct);
        var inspect = await engine.Images.InspectAsync(tag, Ct);
        Assert.Equal((await engine.Images.InspectAsync("busybox:latest", Ct)).Id, inspect.Id);
        Assert.True(DateTimeOffset.TryParse(inspect.Metadata?.LastTagTime, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var tagged) && tagged > DateTimeOffset.UtcNow.AddMinutes(-5), inspect.Metadata?.LastTagTime);
        var removed = await engine.Images.RemoveAsync(tag, cancellationToken: Ct);
        Assert.Contains(removed, r => r.Untagged == tag);
        Assert.Null(await engine.Images.TryInspectAsync(tag, Ct));
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Images.RemoveAsync(tag, cancellationToken: Ct));
    }

    [Fact]
    public async Task Build_a_small_context_with_a_build_arg()
    {
        var engine = Engine;
        var tag = TrackImage($"sctest/built:{Guid.NewGuid().ToString("N")[..8]}");
        var context = Tar.Of(
            ("Dockerfile", "FROM busybox:latest\nARG GREETING=unset\nENV GREETING=$GREETING\nCOPY hello.txt /hello.txt\nRUN echo \"built with $GREETING\" > /built.txt\nLABEL stage=final\n"),
            ("hello.txt", "hi\n"));
        var messages = new List<ProgressMessage>();
        await foreach (var m in engine.Images.BuildAsync(context, new ImageBuildOptions
        {
            Tags = [tag],
            BuildArgs = new Dictionary<string, string?> { ["GREETING"] = "bonjour" },
            Labels = Labels,
            ForceRemove = true,
        }, Ct))
            messages.Add(m);
        Assert.Contains(messages, m => m.Stream?.StartsWith("Step 1/", StringComparison.Ordinal) == true);
        var id = messages.Select(m => m.AuxId).Single(a => a is not null);
        var image = await engine.Images.InspectAsync(tag, Ct);
        Assert.Equal(id, image.Id);
        Assert.Contains("GREETING=bonjour", image.Config!.Env!);
        Assert.Equal("final", image.Config.Labels!["stage"]);
        Assert.Equal("1", image.Config.Labels["org.sharpcompose.test"]);

        // And the RUN saw the arg.
        var container = await CreateContainerAsync(["cat", "/built.txt"], image: tag);
        await engine.Containers.StartAsync(container, Ct);
        await engine.Containers.WaitAsync(container, cancellationToken: Ct);
        var lines = new List<LogLine>();
        await foreach (var l in engine.Containers.GetLogLinesAsync(container, cancellationToken: Ct)) lines.Add(l);
        Assert.Equal("built with bonjour", Assert.Single(lines).Text);
    }

    [Fact]
    public async Task Build_target_and_dockerfile_path()
    {
        var engine = Engine;
        var tag = TrackImage($"sctest/built:{Guid.NewGuid().ToString("N")[..8]}");
        var context = Tar.Of(("docker/App.Dockerfile", "FROM busybox:latest AS first\nLABEL which=first\nFROM busybox:latest AS second\nLABEL which=second\n"));
        await foreach (var _ in engine.Images.BuildAsync(context, new ImageBuildOptions
        {
            Tags = [tag], Dockerfile = "docker/App.Dockerfile", Target = "first", Quiet = true, NoCache = true, Labels = Labels,
        }, Ct)) { }
        Assert.Equal("first", (await engine.Images.InspectAsync(tag, Ct)).Config!.Labels!["which"]);
    }

    [Fact]
    public async Task Build_extra_hosts_network_mode_cache_from_and_shm_size_reach_the_RUN()
    {
        var engine = Engine;
        var tag = TrackImage($"sctest/built:{Guid.NewGuid().ToString("N")[..8]}");
        var context = Tar.Of(("Dockerfile",
            "FROM busybox:latest\nRUN grep -q '10.9.8.7[[:space:]]*buildhost' /etc/hosts && grep -q '10.9.8.8[[:space:]]*otherhost' /etc/hosts\n"
            + "RUN df -k /dev/shm | tail -n 1 | awk '{ if ($2 != 131072) exit 1 }'\n"));
        await foreach (var _ in engine.Images.BuildAsync(context, new ImageBuildOptions
        {
            Tags = [tag],
            Labels = Labels,
            ExtraHosts = ["buildhost:10.9.8.7", "otherhost:10.9.8.8"],
            NetworkMode = "none",
            ShmSize = 128L * 1024 * 1024,
            CacheFrom = ["busybox:latest"],
            Pull = false,
            ForceRemove = true,
        }, Ct)) { }
        Assert.NotNull(await engine.Images.TryInspectAsync(tag, Ct));
    }

    [Fact]
    public async Task A_remote_context_is_fetched_by_the_engine_and_no_tar_is_sent()
    {
        var engine = Engine;
        var tag = TrackImage($"sctest/remote:{Guid.NewGuid().ToString("N")[..8]}");
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var server = new System.Net.HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var served = Task.Run(async () =>
        {
            // The engine (on the host network) GETs the URL: a plain Dockerfile is a context of its own.
            var request = await server.GetContextAsync();
            var body = System.Text.Encoding.UTF8.GetBytes("FROM busybox:latest\nLABEL fetched=by-the-engine\n");
            request.Response.ContentType = "text/plain";
            await request.Response.OutputStream.WriteAsync(body, Ct);
            request.Response.Close();
            return request.Request.Url!.AbsolutePath;
        }, Ct);

        await foreach (var _ in engine.Images.BuildAsync(null, new ImageBuildOptions
        {
            Remote = $"http://127.0.0.1:{port}/ctx/Dockerfile", Tags = [tag], Labels = Labels, ForceRemove = true,
        }, Ct)) { }
        Assert.Equal("/ctx/Dockerfile", await served.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal("by-the-engine", (await engine.Images.InspectAsync(tag, Ct)).Config!.Labels!["fetched"]);
    }

    [Fact]
    public async Task A_build_takes_a_tar_or_a_remote_not_both_nor_neither()
    {
        var engine = Engine;
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in engine.Images.BuildAsync(Tar.Of(("Dockerfile", "FROM busybox\n")), new ImageBuildOptions { Remote = "http://127.0.0.1:9/x" }, Ct)) { }
        });
        await Assert.ThrowsAsync<ArgumentNullException>(async () =>
        {
            await foreach (var _ in engine.Images.BuildAsync(null, new ImageBuildOptions(), Ct)) { }
        });
    }

    [Fact]
    public async Task A_failing_build_throws_with_the_engine_message()
    {
        var engine = Engine;
        var context = Tar.Of(("Dockerfile", "FROM busybox:latest\nRUN echo failing-step && exit 9\n"));
        var e = await Assert.ThrowsAsync<EngineProgressException>(async () =>
        {
            await foreach (var _ in engine.Images.BuildAsync(context, new ImageBuildOptions { ForceRemove = true, Labels = Labels }, Ct)) { }
        });
        Assert.Contains("returned a non-zero code: 9", e.Message);
    }

    [Fact]
    public async Task A_bad_dockerfile_is_an_error()
    {
        var engine = Engine;
        var context = Tar.Of(("Dockerfile", "FROM busybox:latest\nNOTACOMMAND x\n"));
        var e = await Assert.ThrowsAnyAsync<EngineException>(async () =>
        {
            await foreach (var _ in engine.Images.BuildAsync(context, new ImageBuildOptions { Labels = Labels }, Ct)) { }
        });
        Assert.Contains("NOTACOMMAND", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
