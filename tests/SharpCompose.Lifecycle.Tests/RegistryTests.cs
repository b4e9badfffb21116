using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SharpCompose.Lifecycle.Tests;

/// <summary>push and pull through Debian's docker-registry on 127.0.0.1, with and without basic auth.</summary>
public sealed class RegistryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Push_then_pull_round_trips_a_built_image(bool withAuth)
    {
        EngineGate.Require();
        if (!File.Exists("/usr/bin/docker-registry"))
        {
            Assert.Fail("docker-registry is not installed (scripts/test-deps installs it)");
        }

        using var registry = await LocalRegistry.StartAsync(withAuth);
        var image = $"127.0.0.1:{registry.Port}/sctest/app:{Guid.NewGuid().ToString("N")[..8]}";
        await using var project = new ComposeProject($$"""
            services:
              app:
                image: {{image}}
                build: .
                command: cat /built
            """);
        File.WriteAllText(Path.Combine(project.Directory, "Dockerfile"), "FROM busybox\nRUN echo pushed-and-pulled > /built\n");
        if (withAuth)
        {
            var config = Path.Combine(project.Directory, "docker-config");
            Directory.CreateDirectory(config);
            var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{LocalRegistry.User}:{LocalRegistry.Password}"));
            File.WriteAllText(Path.Combine(config, "config.json"), "{\"auths\":{\"127.0.0.1:" + registry.Port + "\":{\"auth\":\"" + token + "\"}}}");
            project.Environment["DOCKER_CONFIG"] = config;
        }

        try
        {
            Assert.Equal(0, (await project.RunAsync("build")).ExitCode);
            var push = await project.RunAsync("push");
            Assert.True(push.ExitCode == 0, push + "\n--- registry\n" + registry.Log);
            Assert.Equal(0, (await project.ToolAsync("docker", "image", "rm", image)).ExitCode);

            var pull = await project.RunAsync("pull");
            Assert.True(pull.ExitCode == 0, pull + "\n--- registry\n" + registry.Log);
            var run = await project.RunAsync("run", "--rm", "-T", "app");
            Assert.Equal("pushed-and-pulled", run.Stdout.Trim());
        }
        finally
        {
            await project.ToolAsync("docker", "image", "rm", "-f", image);
        }
    }

    [Fact]
    public async Task Services_sharing_an_image_pull_it_once()
    {
        EngineGate.Require();
        using var registry = await LocalRegistry.StartAsync(withAuth: false);
        var image = $"127.0.0.1:{registry.Port}/sctest/shared:{Guid.NewGuid().ToString("N")[..8]}";
        await using var project = new ComposeProject($$"""
            services:
              a: {image: "{{image}}", pull_policy: always, command: sleep 300, init: true}
              b: {image: "{{image}}", pull_policy: always, command: sleep 300, init: true}
            """);
        try
        {
            foreach (var args in new[] { new[] { "tag", "busybox:latest", image }, ["push", image], ["image", "rm", image] })
            {
                var r = await project.ToolAsync("docker", args);
                Assert.True(r.ExitCode == 0, $"docker {string.Join(' ', args)}: {r}\n--- registry\n{registry.Log}");
            }

            var up = await project.RunAsync("up", "-d");
            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.Single(up.Stderr.Split('\n'), l => l.Contains($"Image {image}  Pulled", StringComparison.Ordinal));
            Assert.Equal(2, (await project.RunAsync("ps", "-q")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            await project.RunAsync("down");
            await project.ToolAsync("docker", "image", "rm", "-f", image);
        }
    }

    [Fact]
    public async Task Pull_policy_every_interval_pulls_a_missing_or_stale_image_and_keeps_a_fresh_one()
    {
        EngineGate.Require();
        using var registry = await LocalRegistry.StartAsync(withAuth: false);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var image = $"127.0.0.1:{registry.Port}/sctest/refresh:{suffix}";
        var v2 = $"sctest-refresh-v2:{suffix}";
        const string Compose = """
            services:
              app:
                image: {0}
                pull_policy: {1}
                command: sleep 300
                init: true
            """;
        await using var project = new ComposeProject(string.Format(System.Globalization.CultureInfo.InvariantCulture, Compose, image, "every_1h"));
        using var engine = await SharpCompose.Engine.DockerEngine.ConnectAsync(new SharpCompose.Engine.EngineOptions { Endpoint = SharpCompose.Engine.EngineEndpoint.FromEnvironment() }, TestContext.Current.CancellationToken);
        foreach (var version in new[] { "v1", "v2" })
        {
            Directory.CreateDirectory(Path.Combine(project.Directory, version));
            File.WriteAllText(Path.Combine(project.Directory, version, "Dockerfile"), $"FROM busybox\nRUN echo {version}-{suffix} > /version\n");
        }

        async Task Docker(params string[] args)
        {
            var r = await project.ToolAsync("docker", args);
            Assert.True(r.ExitCode == 0, $"docker {string.Join(' ', args)}: {r}\n--- registry\n{registry.Log}");
        }

        string? v1 = null;
        try
        {
            // The registry has v1; nothing of it is here.
            await Docker("build", "-q", "-t", image, "v1");
            await Docker("push", image);
            await Docker("image", "rm", image);

            // Missing: pulled. The pull is recorded (LastTagTime), though a pull of new content does not set it on 20.10.
            var before = DateTimeOffset.UtcNow.AddSeconds(-2);
            var up = await project.RunAsync("up", "-d");
            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.Contains($"Image {image}  Pulled", up.Stderr);
            Assert.Equal($"v1-{suffix}", (await project.RunAsync("exec", "-T", "app", "cat", "/version")).Stdout.Trim());
            var pulled = await engine.Images.InspectAsync(image, TestContext.Current.CancellationToken);
            v1 = pulled.Id;
            Assert.True(DateTimeOffset.TryParse(pulled.Metadata?.LastTagTime, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var lastTag)
                && lastTag >= before, pulled.Metadata?.LastTagTime);

            // The registry gets v2 under the same tag; here the tag stays on v1.
            await Docker("build", "-q", "-t", v2, "v2");
            await Docker("tag", v2, image);
            await Docker("push", image);
            await Docker("tag", pulled.Id, image);
            await Docker("image", "rm", v2);

            // Pulled less than an hour ago: kept.
            up = await project.RunAsync("up", "-d");
            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.DoesNotContain("Pulling", up.Stderr);
            Assert.Equal($"v1-{suffix}", (await project.RunAsync("exec", "-T", "app", "cat", "/version")).Stdout.Trim());

            // every_1s, once that second has passed since the last tag: pulled again, and the container follows the new image.
            File.WriteAllText(Path.Combine(project.Directory, "compose.yaml"), string.Format(System.Globalization.CultureInfo.InvariantCulture, Compose, image, "every_1s"));
            var retagged = await engine.Images.InspectAsync(image, TestContext.Current.CancellationToken);
            var due = DateTimeOffset.Parse(retagged.Metadata!.LastTagTime!, System.Globalization.CultureInfo.InvariantCulture).AddSeconds(1.2) - DateTimeOffset.UtcNow;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, TestContext.Current.CancellationToken);
            }

            up = await project.RunAsync("up", "-d");
            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.Contains($"Image {image}  Pulled", up.Stderr);
            Assert.Equal($"v2-{suffix}", (await project.RunAsync("exec", "-T", "app", "cat", "/version")).Stdout.Trim());
        }
        finally
        {
            await project.RunAsync("down");
            await project.ToolAsync("docker", "image", "rm", "-f", image, v2);
            if (v1 is not null)
            {
                await project.ToolAsync("docker", "image", "rm", "-f", v1);
            }
        }
    }

    [Fact]
    public async Task A_push_without_credentials_to_a_registry_that_needs_them_fails_clearly()
    {
        EngineGate.Require();
        using var registry = await LocalRegistry.StartAsync(withAuth: true);
        var image = $"127.0.0.1:{registry.Port}/sctest/denied:1";
        await using var project = new ComposeProject($$"""
            services:
              app: {image: "{{image}}", build: .}
            """);
        File.WriteAllText(Path.Combine(project.Directory, "Dockerfile"), "FROM busybox\n");
        project.Environment["DOCKER_CONFIG"] = project.Directory;
        try
        {
            Assert.Equal(0, (await project.RunAsync("build")).ExitCode);
            var push = await project.RunAsync("push");
            Assert.Equal(1, push.ExitCode);
            Assert.Contains("push failed", push.Stderr);
            Assert.DoesNotContain("   at ", push.Stderr);
        }
        finally
        {
            await project.ToolAsync("docker", "image", "rm", "-f", image);
        }
    }
}

/// <summary>Debian's docker-registry on 127.0.0.1 with a config of the test's own (storage in a temp dir).</summary>
internal sealed class LocalRegistry : IDisposable
{
    public const string User = "sctest";
    public const string Password = "sctest-pw";
    private readonly Process _process;
    private readonly string _dir;
    private readonly System.Text.StringBuilder _log = new();

    private LocalRegistry(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<LocalRegistry> StartAsync(bool withAuth)
    {
        var dir = Path.Combine(Path.GetTempPath(), "screg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var auth = string.Empty;
        if (withAuth)
        {
            var htpasswd = Process.Start(new ProcessStartInfo("htpasswd", ["-Bbn", User, Password]) { RedirectStandardOutput = true })!;
            var line = await htpasswd.StandardOutput.ReadToEndAsync();
            await htpasswd.WaitForExitAsync();
            File.WriteAllText(Path.Combine(dir, "htpasswd"), line.Trim() + "\n");
            auth = $"auth:\n  htpasswd:\n    realm: sctest\n    path: {Path.Combine(dir, "htpasswd")}\n";
        }

        var config = Path.Combine(dir, "config.yml");
        File.WriteAllText(config, $"version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(dir, "data")}\nhttp:\n  addr: 127.0.0.1:{port}\n{auth}");
        var process = Process.Start(new ProcessStartInfo("/usr/bin/docker-registry", ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var registry = new LocalRegistry(process, dir, port);
        process.ErrorDataReceived += (_, e) => { lock (registry._log) { registry._log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (registry._log) { registry._log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        // Ready when it accepts connections (bounded).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return registry;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
