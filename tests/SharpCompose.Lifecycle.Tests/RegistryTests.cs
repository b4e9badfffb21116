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
