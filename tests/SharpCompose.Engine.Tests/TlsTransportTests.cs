using System.Diagnostics;
using System.Text;
using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

/// <summary>
/// A second dockerd of the test's own, listening on tcp://127.0.0.1:port with --tlsverify and certificates made with
/// openssl (a CA, a server certificate with IP SAN 127.0.0.1, a client certificate). It has its own data root,
/// exec root, pid file and unix socket under a temp dir, and --iptables=false so it leaves the main daemon alone.
/// NOT --bridge=none: a dockerd started with it deletes the host's docker0 (moby's removeDefaultBridgeInterface),
/// which breaks the main daemon's default network. Instead the test makes a bridge of its own (ip link) and gives it
/// with --bridge, and deletes it after.
/// </summary>
public sealed class TlsDaemon : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private OwnedProcess? _dockerd;
    private readonly string _bridge = "scbr" + Guid.NewGuid().ToString("N")[..8];
    private bool _bridgeMade;

    public string Problem { get; private set; } = "";
    public int Port { get; private set; }
    public string CertDir => Path.Combine(_dir.Path, "client");
    public string Socket => Path.Combine(_dir.Path, "docker.sock");
    public bool Running => _dockerd is { HasExited: false } && Problem.Length == 0;

    public EngineOptions Options(EngineTls tls) => new()
    {
        Endpoint = EngineEndpoint.Parse($"tcp://127.0.0.1:{Port}", tls),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PingTimeout = TimeSpan.FromSeconds(10),
    };

    public EngineTls ClientTls => new()
    {
        CaFile = Path.Combine(CertDir, "ca.pem"),
        CertFile = Path.Combine(CertDir, "cert.pem"),
        KeyFile = Path.Combine(CertDir, "key.pem"),
        Verify = true,
    };

    public string Log => _dockerd?.Tail() ?? "";
    /// <summary>Whether the host had docker0 before the second daemon started.</summary>
    public bool HadDocker0 { get; private set; }

    private async Task OpenSslAsync(params string[] args) => await Run.CommandAsync("openssl", args);

    public async ValueTask InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch (Exception e)
        {
            Problem = $"{e.GetType().Name}: {e.Message}";
        }
    }

    private async Task StartAsync()
    {
        if (!File.Exists("/usr/sbin/dockerd") && !File.Exists("/usr/bin/dockerd")) { Problem = "dockerd is not installed"; return; }
        var d = _dir.Path;
        string P(string f) => Path.Combine(d, f);
        Directory.CreateDirectory(CertDir);
        await OpenSslAsync("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", P("ca-key.pem"), "-out", P("ca.pem"), "-days", "2", "-subj", "/CN=sctest-ca");
        await OpenSslAsync("req", "-newkey", "rsa:2048", "-nodes", "-keyout", P("server-key.pem"), "-out", P("server.csr"), "-subj", "/CN=127.0.0.1");
        File.WriteAllText(P("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        await OpenSslAsync("x509", "-req", "-in", P("server.csr"), "-CA", P("ca.pem"), "-CAkey", P("ca-key.pem"), "-CAcreateserial",
            "-out", P("server-cert.pem"), "-days", "2", "-extfile", P("server.ext"));
        await OpenSslAsync("req", "-newkey", "rsa:2048", "-nodes", "-keyout", Path.Combine(CertDir, "key.pem"), "-out", P("client.csr"), "-subj", "/CN=sctest-client");
        File.WriteAllText(P("client.ext"), "extendedKeyUsage=clientAuth\n");
        await OpenSslAsync("x509", "-req", "-in", P("client.csr"), "-CA", P("ca.pem"), "-CAkey", P("ca-key.pem"), "-CAcreateserial",
            "-out", Path.Combine(CertDir, "cert.pem"), "-days", "2", "-extfile", P("client.ext"));
        File.Copy(P("ca.pem"), Path.Combine(CertDir, "ca.pem"));
        File.WriteAllText(P("daemon.json"), "{}");

        // A bridge of the test's own (see the class comment), on a /24 unlikely to be in use.
        await Run.CommandAsync("ip", "link", "add", "name", _bridge, "type", "bridge");
        _bridgeMade = true;
        await Run.CommandAsync("ip", "addr", "add", $"10.213.{Random.Shared.Next(1, 254)}.1/24", "dev", _bridge);
        await Run.CommandAsync("ip", "link", "set", _bridge, "up");

        HadDocker0 = Directory.Exists("/sys/class/net/docker0");
        Port = Net.FreePort();
        _dockerd = new OwnedProcess("dockerd",
        [
            "--config-file", P("daemon.json"),
            "--tlsverify", "--tlscacert", P("ca.pem"), "--tlscert", P("server-cert.pem"), "--tlskey", P("server-key.pem"),
            "-H", $"tcp://127.0.0.1:{Port}", "-H", "unix://" + Socket,
            "--data-root", P("data"), "--exec-root", P("exec"), "--pidfile", P("docker.pid"),
            "--bridge", _bridge, "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false",
            "--storage-driver", "vfs",
        ]);
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (_dockerd.HasExited) { Problem = "the second dockerd exited: " + _dockerd.Tail(); return; }
            try
            {
                using var probe = await DockerEngine.ConnectAsync(Options(ClientTls) with { PingTimeout = TimeSpan.FromSeconds(2), ConnectTimeout = TimeSpan.FromSeconds(2) });
                return;
            }
            catch (EngineException) when (sw.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
            catch (EngineException e)
            {
                Problem = $"the second dockerd did not answer over TLS within 60 s ({e.Message}): {_dockerd.Tail()}";
                return;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _dockerd?.Dispose();
        if (_bridgeMade)
        {
            using var del = Process.Start("ip", ["link", "delete", _bridge]);
            del.WaitForExit(10000);
        }
        // The daemon's own containerd and mounts go with it; then the files.
        try { Directory.Delete(Path.Combine(_dir.Path, "data"), recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class TlsTransportTests(TlsDaemon daemon) : IClassFixture<TlsDaemon>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private void RequireDaemon()
    {
        if (daemon.Running) return;
        var message = "the second (TLS) dockerd could not start: " + daemon.Problem;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message);
        Assert.Skip(message);
    }

    [Fact]
    public async Task Ping_version_and_calls_over_verified_TLS()
    {
        RequireDaemon();
        using var engine = await DockerEngine.ConnectAsync(daemon.Options(daemon.ClientTls), Ct);
        Assert.True(engine.ApiVersion >= EngineApiVersion.Minimum);
        await engine.System.PingAsync(Ct);
        var version = await engine.System.GetVersionAsync(Ct);
        Assert.False(string.IsNullOrEmpty(version.Version));
        var info = await engine.System.GetInfoAsync(Ct);
        Assert.Equal(0, info.Containers);

        // A POST with a body and a DELETE, over TLS.
        var name = "sctest-tls-" + Guid.NewGuid().ToString("N")[..8];
        await engine.Volumes.CreateAsync(new VolumeCreateRequest { Name = name, Labels = EngineFixture.Labels }, Ct);
        Assert.Equal(name, (await engine.Volumes.InspectAsync(name, Ct)).Name);
        await engine.Volumes.RemoveAsync(name, cancellationToken: Ct);
    }

    [Fact]
    public void The_second_daemon_leaves_the_host_docker0_alone()
    {
        RequireDaemon();
        if (daemon.HadDocker0) Assert.True(Directory.Exists("/sys/class/net/docker0"), "the host's docker0 bridge disappeared");
    }

    [Fact]
    public async Task The_endpoint_resolved_from_DOCKER_TLS_VERIFY_and_DOCKER_CERT_PATH_connects()
    {
        RequireDaemon();
        var endpoint = EngineEndpoint.Resolve(new EndpointInputs
        {
            Environment = new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = $"tcp://127.0.0.1:{daemon.Port}",
                ["DOCKER_TLS_VERIFY"] = "1",
                ["DOCKER_CERT_PATH"] = daemon.CertDir,
            },
            HomeDirectory = "/nonexistent",
        });
        using var engine = await DockerEngine.ConnectAsync(new EngineOptions { Endpoint = endpoint }, Ct);
        await engine.System.PingAsync(Ct);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_daemon_refuses()
    {
        RequireDaemon();
        var e = await Assert.ThrowsAsync<EngineUnavailableException>(() =>
            DockerEngine.ConnectAsync(daemon.Options(daemon.ClientTls with { CertFile = null, KeyFile = null }), Ct));
        Assert.Contains($"tcp://127.0.0.1:{daemon.Port}", e.Message);
    }

    [Fact]
    public async Task A_server_certificate_not_from_the_trusted_CA_is_refused()
    {
        RequireDaemon();
        // No CA file: the system roots do not know the test CA.
        var e = await Assert.ThrowsAsync<EngineUnavailableException>(() =>
            DockerEngine.ConnectAsync(daemon.Options(daemon.ClientTls with { CaFile = null }), Ct));
        Assert.Contains("TLS", e.Message);
    }

    [Fact]
    public async Task Plain_http_to_a_TLS_port_is_a_clear_error()
    {
        RequireDaemon();
        var options = new EngineOptions
        {
            Endpoint = EngineEndpoint.Parse($"tcp://127.0.0.1:{daemon.Port}"),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PingTimeout = TimeSpan.FromSeconds(2),
        };
        var e = await Assert.ThrowsAnyAsync<EngineException>(() => DockerEngine.ConnectAsync(options, Ct));
        Assert.Contains($"tcp://127.0.0.1:{daemon.Port}", e.Message);
    }

    [Fact]
    public async Task Exec_over_TLS_with_stdin_closed_by_close_notify()
    {
        RequireDaemon();
        // Give the second daemon the busybox image of the main one.
        var load = Process.Start(new ProcessStartInfo("sh", ["-c", $"docker save busybox:latest | docker -H unix://{daemon.Socket} load"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await load.WaitForExitAsync(Ct);
        if (load.ExitCode != 0) Assert.Fail("docker load into the TLS daemon failed: " + await load.StandardError.ReadToEndAsync(Ct));

        using var engine = await DockerEngine.ConnectAsync(daemon.Options(daemon.ClientTls), Ct);
        var name = "sctest-tls-" + Guid.NewGuid().ToString("N")[..8];
        await engine.Containers.CreateAsync(name, new ContainerCreateRequest
        {
            Image = "busybox:latest",
            Cmd = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"],
            HostConfig = new HostConfig { NetworkMode = "none" },
            Labels = EngineFixture.Labels,
        }, Ct);
        try
        {
            await engine.Containers.StartAsync(name, Ct);
            var exec = await engine.Exec.CreateAsync(name, new ExecCreateRequest
            {
                Cmd = ["sh", "-c", "sed 's/^/tls:/'; echo err >&2"], AttachStdin = true, AttachStdout = true, AttachStderr = true,
            }, Ct);
            await using var session = await engine.Exec.StartAsync(exec, cancellationToken: Ct);
            // Closing stdin over TLS sends close_notify: the engine reads EOF, sed ends, the output still arrives.
            await session.CopyInputFromAsync(new MemoryStream("hello\nworld\n"u8.ToArray()), Ct);
            var (stdout, stderr) = await session.ReadToEndAsync(Ct);
            Assert.Equal("tls:hello\ntls:world\n", Encoding.UTF8.GetString(stdout));
            Assert.Equal("err\n", Encoding.UTF8.GetString(stderr));
        }
        finally
        {
            await engine.Containers.RemoveAsync(name, new ContainerRemoveOptions { Force = true }, CancellationToken.None);
        }
    }
}
