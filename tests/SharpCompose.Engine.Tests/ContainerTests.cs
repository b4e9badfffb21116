using System.Text;
using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

public sealed class ContainerTests(EngineFixture fixture) : EngineTest(fixture)
{
    private static readonly string[] Forever = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"];

    [Fact]
    public async Task Create_with_a_full_host_config_round_trips_through_inspect()
    {
        var engine = Engine;
        var name = UniqueName();
        TrackContainer(name);
        var volume = TrackVolume(UniqueName("sctest-vol"));
        await engine.Volumes.CreateAsync(new VolumeCreateRequest { Name = volume, Labels = Labels }, Ct);
        using var bindDir = new TempDirectory();

        var request = new ContainerCreateRequest
        {
            Image = "busybox:latest",
            Cmd = Forever,
            Env = ["A=1", "B=two words"],
            WorkingDir = "/tmp",
            User = "0:0",
            Hostname = "sc-host",
            Labels = new Dictionary<string, string>(Labels) { ["extra"] = "x" },
            ExposedPorts = new Dictionary<string, EmptyObject> { ["8080/tcp"] = new() },
            StopSignal = "SIGTERM",
            StopTimeout = 3,
            Healthcheck = new HealthConfig
            {
                Test = ["CMD-SHELL", "true"],
                Interval = 1_000_000_000,
                Timeout = 2_000_000_000,
                Retries = 3,
                StartPeriod = 500_000_000,
            },
            HostConfig = new HostConfig
            {
                Binds = [$"{bindDir.Path}:/bound:ro"],
                Mounts =
                [
                    new Mount { Type = "volume", Source = volume, Target = "/vol", VolumeOptions = new MountVolumeOptions { NoCopy = true } },
                    new Mount { Type = "tmpfs", Target = "/scratch", TmpfsOptions = new MountTmpfsOptions { SizeBytes = 1 << 20 } },
                ],
                PortBindings = new Dictionary<string, IReadOnlyList<PortBinding>?>
                {
                    ["8080/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }],
                },
                RestartPolicy = new RestartPolicy { Name = "on-failure", MaximumRetryCount = 2 },
                CapAdd = ["NET_ADMIN"],
                CapDrop = ["MKNOD"],
                SecurityOpt = ["no-new-privileges"],
                Tmpfs = new Dictionary<string, string> { ["/run/sc"] = "size=64k" },
                Dns = ["10.0.0.53"],
                DnsSearch = ["example.test"],
                DnsOptions = ["ndots:2"],
                ExtraHosts = ["db.local:10.1.2.3"],
                Init = true,
                Privileged = false,
                ReadonlyRootfs = true,
                ShmSize = 32 * 1024 * 1024,
                PidMode = "",
                IpcMode = "private",
                NetworkMode = "bridge",
                Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" },
                Ulimits = [new Ulimit { Name = "nofile", Soft = 1024, Hard = 2048 }],
                Devices = [new DeviceMapping { PathOnHost = "/dev/null", PathInContainer = "/dev/sc-null", CgroupPermissions = "rwm" }],
                LogConfig = new LogConfig { Type = "json-file", Config = new Dictionary<string, string> { ["max-size"] = "1m" } },
                Memory = 64 * 1024 * 1024,
                NanoCpus = 500_000_000,
                PidsLimit = 100,
                GroupAdd = ["65534"],
                OomScoreAdj = 100,
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { ["bridge"] = new EndpointSettings() },
            },
        };
        var created = await engine.Containers.CreateAsync(name, request, Ct);
        Assert.Matches("^[0-9a-f]{64}$", created.Id);

        var c = await engine.Containers.InspectAsync(name, Ct);
        Assert.Equal(created.Id, c.Id);
        Assert.Equal("/" + name, c.Name);
        Assert.Equal("created", c.State!.Status);
        Assert.Contains("B=two words", c.Config!.Env!);
        Assert.Equal("/tmp", c.Config.WorkingDir);
        Assert.Equal("sc-host", c.Config.Hostname);
        Assert.Equal("x", c.Config.Labels!["extra"]);
        Assert.Equal("1", c.Config.Labels[EngineFixture.TestLabel]);
        Assert.Equal(3, c.Config.StopTimeout);
        Assert.Equal(["CMD-SHELL", "true"], c.Config.Healthcheck!.Test);
        Assert.Equal(1_000_000_000, c.Config.Healthcheck.Interval);
        Assert.True(c.Config.ExposedPorts!.ContainsKey("8080/tcp"));
        var h = c.HostConfig!;
        Assert.Equal([$"{bindDir.Path}:/bound:ro"], h.Binds);
        Assert.Equal(2, h.Mounts!.Count);
        Assert.Equal("127.0.0.1", h.PortBindings!["8080/tcp"]![0].HostIp);
        Assert.Equal("on-failure", h.RestartPolicy!.Name);
        Assert.Equal(2, h.RestartPolicy.MaximumRetryCount);
        Assert.Equal(["NET_ADMIN"], h.CapAdd);
        Assert.Equal(["MKNOD"], h.CapDrop);
        Assert.Equal(["no-new-privileges"], h.SecurityOpt);
        Assert.Equal("size=64k", h.Tmpfs!["/run/sc"]);
        Assert.Equal(["10.0.0.53"], h.Dns);
        Assert.Equal(["example.test"], h.DnsSearch);
        Assert.Equal(["ndots:2"], h.DnsOptions);
        Assert.Equal(["db.local:10.1.2.3"], h.ExtraHosts);
        Assert.True(h.Init);
        Assert.True(h.ReadonlyRootfs);
        Assert.Equal(32 * 1024 * 1024, h.ShmSize);
        Assert.Equal("private", h.IpcMode);
        Assert.Equal("1", h.Sysctls!["net.ipv4.ip_forward"]);
        Assert.Equal(2048, Assert.Single(h.Ulimits!).Hard);
        Assert.Equal("/dev/sc-null", Assert.Single(h.Devices!).PathInContainer);
        Assert.Equal("1m", h.LogConfig!.Config!["max-size"]);
        Assert.Equal(64 * 1024 * 1024, h.Memory);
        Assert.Equal(500_000_000, h.NanoCpus);
        Assert.Equal(100, h.PidsLimit);
        Assert.Equal(100, h.OomScoreAdj);

        // And it runs: the bind, volume, tmpfs and extra host are there.
        await engine.Containers.StartAsync(name, Ct);
        var running = await engine.Containers.InspectAsync(name, Ct);
        Assert.True(running.State!.Running);
        Assert.Contains(running.Mounts!, m => m.Type == "volume" && m.Name == volume && m.Destination == "/vol");
        var published = running.NetworkSettings!.Ports!["8080/tcp"]!;
        Assert.False(string.IsNullOrEmpty(published[0].HostPort));
        Assert.Contains("bridge", running.NetworkSettings.Networks!.Keys);
        await engine.Containers.StopAsync(name, 5, Ct);
    }

    [Fact]
    public async Task Lifecycle_start_pause_unpause_stop_restart_kill_and_remove()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(Forever);
        await engine.Containers.StartAsync(name, Ct);
        await engine.Containers.StartAsync(name, Ct); // already started: 304 is success
        Assert.True((await engine.Containers.InspectAsync(name, Ct)).State!.Running);

        await engine.Containers.PauseAsync(name, Ct);
        Assert.Equal("paused", (await engine.Containers.InspectAsync(name, Ct)).State!.Status);
        await engine.Containers.UnpauseAsync(name, Ct);
        Assert.Equal("running", (await engine.Containers.InspectAsync(name, Ct)).State!.Status);

        await engine.Containers.StopAsync(name, 5, Ct);
        var stopped = await engine.Containers.InspectAsync(name, Ct);
        Assert.Equal("exited", stopped.State!.Status);
        Assert.Equal(0, stopped.State.ExitCode);
        await engine.Containers.StopAsync(name, 5, Ct); // already stopped: 304 is success

        await engine.Containers.RestartAsync(name, 5, Ct);
        Assert.True((await engine.Containers.InspectAsync(name, Ct)).State!.Running);

        await engine.Containers.KillAsync(name, "SIGKILL", Ct);
        var killed = await engine.Containers.WaitAsync(name, WaitCondition.NotRunning, Ct);
        Assert.Equal(137, killed.StatusCode);

        await engine.Containers.RemoveAsync(name, new ContainerRemoveOptions { Force = true, RemoveVolumes = true }, Ct);
        Assert.Null(await engine.Containers.TryInspectAsync(name, Ct));
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Containers.InspectAsync(name, Ct));
    }

    [Fact]
    public async Task Kill_with_a_signal_the_process_traps()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["sh", "-c", "trap 'exit 42' USR1; while true; do sleep 0.1; done"]);
        await engine.Containers.StartAsync(name, Ct);
        await engine.Containers.KillAsync(name, "USR1", Ct);
        Assert.Equal(42, (await engine.Containers.WaitAsync(name, cancellationToken: Ct)).StatusCode);
    }

    [Fact]
    public async Task Wait_next_exit_registered_before_start_sees_the_exit()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["sh", "-c", "exit 7"]);
        using var wait = await engine.Containers.BeginWaitAsync(name, WaitCondition.NextExit, Ct);
        await engine.Containers.StartAsync(name, Ct);
        Assert.Equal(7, (await wait.Completion.WaitAsync(TimeSpan.FromSeconds(30), Ct)).StatusCode);
    }

    [Fact]
    public async Task Wait_removed_returns_after_auto_remove()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["true"], hostConfig: new HostConfig { AutoRemove = true });
        using var wait = await engine.Containers.BeginWaitAsync(name, WaitCondition.Removed, Ct);
        await engine.Containers.StartAsync(name, Ct);
        await wait.Completion.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Null(await engine.Containers.TryInspectAsync(name, Ct));
    }

    [Fact]
    public async Task Errors_are_typed_with_the_engine_message()
    {
        var engine = Engine;
        var missing = UniqueName("missing");
        var nf = await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Containers.StartAsync(missing, Ct));
        Assert.Contains(missing, nf.Message);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, nf.StatusCode);

        var name = await CreateContainerAsync(["true"]);
        var conflict = await Assert.ThrowsAsync<EngineConflictException>(() => CreateContainerAsync(["true"], name: name));
        Assert.Contains("already in use", conflict.Message);

        var bad = await Assert.ThrowsAsync<EngineBadRequestException>(() => engine.Containers.CreateAsync(UniqueName(),
            new ContainerCreateRequest { Image = "busybox:latest", Labels = Labels, HostConfig = new HostConfig { RestartPolicy = new RestartPolicy { Name = "bogus" } } }, Ct));
        Assert.Contains("invalid restart policy", bad.Message);

        var noImage = await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Containers.CreateAsync(UniqueName(),
            new ContainerCreateRequest { Image = "sctest-no-such-image:never", Labels = Labels }, Ct));
        Assert.Contains("No such image", noImage.Message);
    }

    [Fact]
    public async Task List_filters_by_label_and_all_includes_stopped()
    {
        var engine = Engine;
        var mark = Guid.NewGuid().ToString("N");
        var name = UniqueName();
        TrackContainer(name);
        await engine.Containers.CreateAsync(name, new ContainerCreateRequest
        {
            Image = "busybox:latest",
            Cmd = ["true"],
            Labels = new Dictionary<string, string>(Labels) { ["sctest.mark"] = mark },
        }, Ct);
        var filters = new EngineFilters().Label("sctest.mark", mark);
        Assert.Empty(await engine.Containers.ListAsync(new ContainerListOptions { Filters = filters }, Ct));
        var all = await engine.Containers.ListAsync(new ContainerListOptions { All = true, Filters = filters }, Ct);
        var summary = Assert.Single(all);
        Assert.Equal(["/" + name], summary.Names);
        Assert.Equal("created", summary.State);
        Assert.Equal(mark, summary.Labels!["sctest.mark"]);
        Assert.Equal("busybox:latest", summary.Image);
    }

    [Fact]
    public async Task Logs_keep_interleaved_stdout_and_stderr_apart_and_in_order()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["sh", "-c", "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done"]);
        await engine.Containers.StartAsync(name, Ct);
        await engine.Containers.WaitAsync(name, cancellationToken: Ct);

        var lines = new List<LogLine>();
        await foreach (var line in engine.Containers.GetLogLinesAsync(name, cancellationToken: Ct)) lines.Add(line);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => "out" + i), lines.Where(l => l.Stream == OutputStream.Stdout).Select(l => l.Text));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => "err" + i), lines.Where(l => l.Stream == OutputStream.Stderr).Select(l => l.Text));
        Assert.Equal(10, lines.Count);

        var chunks = new List<OutputChunk>();
        await foreach (var c in engine.Containers.GetLogsAsync(name, new LogsOptions { Stderr = false }, Ct)) chunks.Add(c);
        Assert.All(chunks, c => Assert.Equal(OutputStream.Stdout, c.Stream));
        Assert.Equal("out1\nout2\nout3\nout4\nout5\n", string.Concat(chunks.Select(c => Encoding.UTF8.GetString(c.Data.Span))));
    }

    [Fact]
    public async Task Logs_tail_and_timestamps()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done"]);
        await engine.Containers.StartAsync(name, Ct);
        await engine.Containers.WaitAsync(name, cancellationToken: Ct);
        var lines = new List<LogLine>();
        await foreach (var l in engine.Containers.GetLogLinesAsync(name, new LogsOptions { Tail = "2", Timestamps = true }, Ct)) lines.Add(l);
        Assert.Equal(["line4", "line5"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.True(l.Timestamp > DateTimeOffset.UtcNow.AddMinutes(-10)));
    }

    [Fact]
    public async Task Logs_follow_streams_until_the_container_exits()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["sh", "-c", "read x; echo got-$x; echo bye >&2"], openStdin: true);
        await engine.Containers.StartAsync(name, Ct);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        var follow = Task.Run(async () =>
        {
            var lines = new List<LogLine>();
            await foreach (var l in engine.Containers.GetLogLinesAsync(name, new LogsOptions { Follow = true }, bound.Token)) lines.Add(l);
            return lines;
        }, Ct);
        await using (var session = await engine.Containers.AttachAsync(name, new AttachOptions { Stdin = true, Stdout = false, Stderr = false }, Ct))
        {
            await session.WriteInputAsync("hello\n"u8.ToArray(), Ct);
            await session.CloseInputAsync(Ct);
        }
        var followed = await follow;
        // stdout and stderr are separate pipes in the container: order is kept within a stream, not across.
        Assert.Equal(2, followed.Count);
        Assert.Contains(new LogLine(OutputStream.Stdout, "got-hello"), followed);
        Assert.Contains(new LogLine(OutputStream.Stderr, "bye"), followed);
    }

    [Fact]
    public async Task Tty_logs_are_raw()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["sh", "-c", "echo out; echo err >&2"], tty: true);
        await engine.Containers.StartAsync(name, Ct);
        await engine.Containers.WaitAsync(name, cancellationToken: Ct);
        var lines = new List<LogLine>();
        await foreach (var l in engine.Containers.GetLogLinesAsync(name, cancellationToken: Ct)) lines.Add(l);
        Assert.Equal([new LogLine(OutputStream.Stdout, "out"), new LogLine(OutputStream.Stdout, "err")], lines);
    }

    [Fact]
    public async Task Attach_pipes_stdin_and_demultiplexes_output()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["sh", "-c", "while read l; do echo o:$l; echo e:$l >&2; done; exit 5"], openStdin: true);
        await using var session = await engine.Containers.AttachAsync(name, new AttachOptions { Stdin = true }, Ct);
        await engine.Containers.StartAsync(name, Ct);
        await session.WriteInputAsync("a\nb\n"u8.ToArray(), Ct);
        await session.CloseInputAsync(Ct);
        var (stdout, stderr) = await session.ReadToEndAsync(Ct);
        Assert.Equal("o:a\no:b\n", Encoding.UTF8.GetString(stdout));
        Assert.Equal("e:a\ne:b\n", Encoding.UTF8.GetString(stderr));
        Assert.Equal(5, (await engine.Containers.WaitAsync(name, cancellationToken: Ct)).StatusCode);
    }

    [Fact]
    public async Task Tty_attach_and_resize()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["sh", "-c", "read x; stty size; exit 0"], tty: true, openStdin: true);
        await using var session = await engine.Containers.AttachAsync(name, new AttachOptions { Stdin = true }, Ct);
        Assert.True(session.Tty);
        await engine.Containers.StartAsync(name, Ct);
        await engine.Containers.ResizeAsync(name, 33, 111, Ct);
        await session.WriteInputAsync("go\r"u8.ToArray(), Ct);
        var (stdout, stderr) = await session.ReadToEndAsync(Ct);
        Assert.Empty(stderr);
        Assert.Contains("33 111", Encoding.UTF8.GetString(stdout));
    }

    [Fact]
    public async Task Top_lists_the_processes()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(Forever);
        await engine.Containers.StartAsync(name, Ct);
        var top = await engine.Containers.TopAsync(name, cancellationToken: Ct);
        Assert.Contains("PID", top.Titles!);
        Assert.NotEmpty(top.Processes!);
        Assert.Contains(top.Processes!, p => string.Join(' ', p).Contains("while true", StringComparison.Ordinal));
        await engine.Containers.StopAsync(name, 5, Ct);
    }

    [Fact]
    public async Task Archive_put_stat_and_get()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["true"]);
        using (var tar = Tar.Of(("hello.txt", "hello from the test\n"), ("sub/other.txt", "other")))
            await engine.Containers.PutArchiveAsync(name, "/tmp", tar, cancellationToken: Ct);

        var stat = await engine.Containers.StatPathAsync(name, "/tmp/hello.txt", Ct);
        Assert.Equal("hello.txt", stat!.Name);
        Assert.Equal(20, stat.Size);
        Assert.Null(await engine.Containers.StatPathAsync(name, "/tmp/nope.txt", Ct));
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Containers.StatPathAsync(UniqueName("missing"), "/tmp", Ct));

        await using var archive = await engine.Containers.GetArchiveAsync(name, "/tmp/sub", Ct);
        Assert.Equal("sub", archive.Stat!.Name);
        var files = Tar.Read(archive.Content);
        Assert.Equal("other", files["sub/other.txt"]);
    }

    [Fact]
    public async Task Rename()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["true"]);
        var renamed = TrackContainer(UniqueName());
        await engine.Containers.RenameAsync(name, renamed, Ct);
        Assert.Equal("/" + renamed, (await engine.Containers.InspectAsync(renamed, Ct)).Name);
        Assert.Null(await engine.Containers.TryInspectAsync(name, Ct));
    }
}
