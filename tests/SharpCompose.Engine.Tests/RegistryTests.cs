using System.Text;
using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

/// <summary>A docker-registry (Debian's distribution 2.x) on 127.0.0.1, with a config of the test's own.</summary>
public sealed class RegistryServer : IDisposable
{
    private readonly TempDirectory _dir;
    private readonly OwnedProcess _process;

    private RegistryServer(OwnedProcess process, TempDirectory dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }
    public string Address => $"127.0.0.1:{Port}";
    public const string User = "sctest";
    public const string Password = "sctest-pw";

    public static async Task<RegistryServer> StartAsync(bool withAuth)
    {
        var dir = new TempDirectory();
        var port = Net.FreePort();
        var auth = "";
        if (withAuth)
        {
            var line = await Run.CommandAsync("htpasswd", "-Bbn", User, Password);
            dir.Write("htpasswd", line.Trim() + "\n");
            auth = $"auth:\n  htpasswd:\n    realm: sctest\n    path: {Path.Combine(dir.Path, "htpasswd")}\n";
        }
        var config = dir.Write("config.yml", $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(dir.Path, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            {auth}
            """);
        var process = new OwnedProcess("/usr/bin/docker-registry", ["serve", config]);
        var server = new RegistryServer(process, dir, port);
        try
        {
            await Net.WaitForPortAsync(port, TimeSpan.FromSeconds(30), () => process.Tail());
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    public string Log => _process.Tail();

    public void Dispose()
    {
        _process.Dispose();
        _dir.Dispose();
    }
}

public sealed class RegistryServers : IAsyncLifetime
{
    private RegistryServer? _open;
    private RegistryServer? _withAuth;
    private string _problem = "";

    public RegistryServer Open => _open ?? throw Unavailable();
    public RegistryServer WithAuth => _withAuth ?? throw Unavailable();

    private Exception Unavailable()
    {
        var message = "the test registries could not start: " + _problem;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message);
        Assert.Skip(message);
        return new InvalidOperationException(message);
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists("/usr/bin/docker-registry")) { _problem = "/usr/bin/docker-registry is not installed (Debian package docker-registry)"; return; }
        try
        {
            _open = await RegistryServer.StartAsync(withAuth: false);
            _withAuth = await RegistryServer.StartAsync(withAuth: true);
        }
        catch (Exception e)
        {
            _problem = $"{e.GetType().Name}: {e.Message}";
        }
    }

    public ValueTask DisposeAsync()
    {
        _open?.Dispose();
        _withAuth?.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class RegistryTests(EngineFixture fixture, RegistryServers registries) : EngineTest(fixture), IClassFixture<RegistryServers>
{
    private readonly TempDirectory _config = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _config.Dispose();
    }

    private static async Task<List<ProgressMessage>> DrainAsync(IAsyncEnumerable<ProgressMessage> stream)
    {
        var messages = new List<ProgressMessage>();
        await foreach (var m in stream) messages.Add(m);
        return messages;
    }

    private async Task<DockerEngine> EngineWithConfigAsync(IReadOnlyList<string>? helperDirectories = null) =>
        await DockerEngine.ConnectAsync(EngineFixture.DefaultOptions with
        {
            DockerConfigDirectory = _config.Path,
            CredentialHelperDirectories = helperDirectories,
        }, Ct);

    private string Tagged(RegistryServer registry) => TrackImage($"{registry.Address}/sctest/busybox:{Guid.NewGuid().ToString("N")[..8]}");

    [Fact]
    public async Task Push_remove_and_pull_back()
    {
        _ = Engine;
        using var engine = await EngineWithConfigAsync();
        var image = Tagged(registries.Open);
        var busyboxId = (await engine.Images.InspectAsync("busybox:latest", Ct)).Id;
        await engine.Images.TagAsync("busybox:latest", image, Ct);

        var pushed = await DrainAsync(engine.Images.PushAsync(image, cancellationToken: Ct));
        Assert.Contains(pushed, m => m.Status?.Contains("digest: sha256:", StringComparison.Ordinal) == true);
        Assert.StartsWith("sha256:", pushed.Select(m => m.AuxDigest).Single(d => d is not null));

        await engine.Images.RemoveAsync(image, cancellationToken: Ct);
        Assert.Null(await engine.Images.TryInspectAsync(image, Ct));

        var pulled = await DrainAsync(engine.Images.PullAsync(image, cancellationToken: Ct));
        Assert.Contains(pulled, m => m.Status?.Contains("Downloaded newer image", StringComparison.Ordinal) == true
                                     || m.Status?.Contains("Image is up to date", StringComparison.Ordinal) == true);
        Assert.Equal(busyboxId, (await engine.Images.InspectAsync(image, Ct)).Id);
    }

    [Fact]
    public async Task Pulling_a_missing_tag_throws_with_the_registry_message()
    {
        _ = Engine;
        using var engine = await EngineWithConfigAsync();
        var e = await Assert.ThrowsAnyAsync<EngineException>(() => DrainAsync(engine.Images.PullAsync($"{registries.Open.Address}/sctest/none:missing", cancellationToken: Ct)));
        Assert.Contains("not found", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Credentials_from_config_auths_reach_the_registry()
    {
        _ = Engine;
        var registry = registries.WithAuth;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        _config.Write("config.json", "{\"auths\":{\"" + registry.Address + "\":{\"auth\":\"" + auth + "\"}}}");
        using var engine = await EngineWithConfigAsync();
        var image = Tagged(registry);
        await engine.Images.TagAsync("busybox:latest", image, Ct);
        await DrainAsync(engine.Images.PushAsync(image, cancellationToken: Ct));
        await engine.Images.RemoveAsync(image, cancellationToken: Ct);
        await DrainAsync(engine.Images.PullAsync(image, cancellationToken: Ct));
        Assert.NotNull(await engine.Images.TryInspectAsync(image, Ct));
    }

    [Fact]
    public async Task Without_credentials_the_authenticated_registry_refuses()
    {
        _ = Engine;
        _config.Write("config.json", "{}");
        using var engine = await EngineWithConfigAsync();
        var image = Tagged(registries.WithAuth);
        await engine.Images.TagAsync("busybox:latest", image, Ct);
        var e = await Assert.ThrowsAnyAsync<EngineException>(() => DrainAsync(engine.Images.PushAsync(image, cancellationToken: Ct)));
        Assert.Contains("auth", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Credentials_from_a_credential_helper_reach_the_registry()
    {
        _ = Engine;
        var registry = registries.WithAuth;
        var helper = _config.Write("bin/docker-credential-sctest",
            $"#!/bin/sh\nread server\nprintf '{{\"ServerURL\":\"%s\",\"Username\":\"{RegistryServer.User}\",\"Secret\":\"{RegistryServer.Password}\"}}' \"$server\"\n");
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _config.Write("config.json", "{\"credHelpers\":{\"" + registry.Address + "\":\"sctest\"}}");
        using var engine = await EngineWithConfigAsync([Path.GetDirectoryName(helper)!]);
        var image = Tagged(registry);
        await engine.Images.TagAsync("busybox:latest", image, Ct);
        await DrainAsync(engine.Images.PushAsync(image, cancellationToken: Ct));
        await engine.Images.RemoveAsync(image, cancellationToken: Ct);
        await DrainAsync(engine.Images.PullAsync(image, cancellationToken: Ct));
        Assert.NotNull(await engine.Images.TryInspectAsync(image, Ct));
    }

    [Fact]
    public async Task A_build_pulls_its_base_from_an_authenticated_registry_with_the_config_credentials()
    {
        _ = Engine;
        var registry = registries.WithAuth;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        _config.Write("config.json", "{\"auths\":{\"" + registry.Address + "\":{\"auth\":\"" + auth + "\"}}}");
        using var engine = await EngineWithConfigAsync();
        var baseImage = Tagged(registry);
        await engine.Images.TagAsync("busybox:latest", baseImage, Ct);
        await DrainAsync(engine.Images.PushAsync(baseImage, cancellationToken: Ct));
        await engine.Images.RemoveAsync(baseImage, cancellationToken: Ct);

        var built = TrackImage($"sctest/from-private:{Guid.NewGuid().ToString("N")[..8]}");
        var messages = await DrainAsync(engine.Images.BuildAsync(Tar.Of(("Dockerfile", $"FROM {baseImage}\nLABEL from=private\n")),
            new ImageBuildOptions { Tags = [built], Pull = true, Labels = Labels }, Ct));
        Assert.Contains(messages, m => m.Status?.Contains("Pulling from", StringComparison.Ordinal) == true
                                       || m.Status?.Contains("Downloaded newer image", StringComparison.Ordinal) == true);
        Assert.Equal("private", (await engine.Images.InspectAsync(built, Ct)).Config!.Labels!["from"]);
    }

    [Fact]
    public async Task Explicit_credentials_override_the_config()
    {
        _ = Engine;
        _config.Write("config.json", "{}");
        using var engine = await EngineWithConfigAsync();
        var image = Tagged(registries.WithAuth);
        await engine.Images.TagAsync("busybox:latest", image, Ct);
        var auth = new RegistryAuth { Username = RegistryServer.User, Password = RegistryServer.Password, ServerAddress = registries.WithAuth.Address };
        await DrainAsync(engine.Images.PushAsync(image, new ImagePushOptions { Auth = auth }, Ct));
    }
}
