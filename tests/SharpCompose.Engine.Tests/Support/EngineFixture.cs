using System.Diagnostics;
using SharpCompose.Engine;
using SharpCompose.Engine.Tests.Support;

[assembly: AssemblyFixture(typeof(EngineFixture))]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace SharpCompose.Engine.Tests.Support;

/// <summary>
/// Connects once to the local engine. Tests call <see cref="Require"/>: when the engine is unreachable the test is
/// skipped, except in CI (CI=true) where it fails.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public const string TestLabel = "org.sharpcompose.test";
    public const string RunLabel = "org.sharpcompose.test.run";

    public static readonly string RunId = Guid.NewGuid().ToString("N")[..12];

    private DockerEngine? _engine;
    private string _problem = "not initialised";

    public static IReadOnlyDictionary<string, string> Labels { get; } =
        new Dictionary<string, string> { [TestLabel] = "1", [RunLabel] = RunId };

    public static EngineOptions DefaultOptions => new()
    {
        Endpoint = EngineEndpoint.Parse(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } h && h.StartsWith("unix://", StringComparison.Ordinal)
            ? h : EngineEndpoint.DefaultHost),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PingTimeout = TimeSpan.FromSeconds(10),
    };

    public async ValueTask InitializeAsync()
    {
        try
        {
            _engine = await DockerEngine.ConnectAsync(DefaultOptions, TestContext.Current.CancellationToken);
        }
        catch (EngineException e)
        {
            _problem = e.Message;
        }
    }

    /// <summary>The engine, or skip (fail in CI) when unreachable.</summary>
    public IDockerEngine Require()
    {
        if (_engine is not null) return _engine;
        var message = "the Docker Engine is unreachable: " + _problem;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(message + " (CI=true: engine tests must run)");
        Assert.Skip(message);
        throw new UnreachableException();
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is null) return;
        // Safety net: anything of this run a test failed to remove.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var filters = new EngineFilters().Label(RunLabel, RunId);
        async Task Each<T>(Func<Task<IReadOnlyList<T>>> list, Func<T, Task> remove)
        {
            IReadOnlyList<T> items;
            try { items = await list(); }
            catch (Exception e) when (e is EngineException or OperationCanceledException) { return; }
            foreach (var item in items)
            {
                try { await remove(item); }
                catch (Exception e) when (e is EngineException or OperationCanceledException) { }
            }
        }
        await Each(() => _engine.Containers.ListAsync(new ContainerListOptions { All = true, Filters = filters }, cts.Token),
            c => _engine.Containers.RemoveAsync(c.Id, new ContainerRemoveOptions { Force = true, RemoveVolumes = true }, cts.Token));
        await Each(() => _engine.Networks.ListAsync(new NetworkListOptions { Filters = filters }, cts.Token),
            n => _engine.Networks.RemoveAsync(n.Id, cts.Token));
        await Each(() => _engine.Volumes.ListAsync(new VolumeListOptions { Filters = filters }, cts.Token),
            v => _engine.Volumes.RemoveAsync(v.Name, true, cts.Token));
        await Each(() => _engine.Images.ListAsync(new ImageListOptions { Filters = filters }, cts.Token),
            i => _engine.Images.RemoveAsync(i.Id, new ImageRemoveOptions { Force = true }, cts.Token));
        _engine.Dispose();
    }
}

/// <summary>Base of tests against the real engine: unique names, labels, and cleanup even on failure.</summary>
public abstract class EngineTest(EngineFixture fixture) : IAsyncLifetime
{
    private readonly List<string> _containers = [];
    private readonly List<string> _networks = [];
    private readonly List<string> _volumes = [];
    private readonly List<string> _images = [];

    protected IDockerEngine Engine => fixture.Require();
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;
    protected static IReadOnlyDictionary<string, string> Labels => EngineFixture.Labels;

    public static string UniqueName(string prefix = "sctest") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    protected string TrackContainer(string name) { _containers.Add(name); return name; }
    protected string TrackNetwork(string name) { _networks.Add(name); return name; }
    protected string TrackVolume(string name) { _volumes.Add(name); return name; }
    protected string TrackImage(string name) { _images.Add(name); return name; }

    /// <summary>Creates a busybox container (tracked for removal).</summary>
    protected async Task<string> CreateContainerAsync(IReadOnlyList<string> cmd, bool tty = false, bool openStdin = false,
        HostConfig? hostConfig = null, string image = "busybox:latest", string? name = null)
    {
        name ??= UniqueName();
        TrackContainer(name);
        await Engine.Containers.CreateAsync(name, new ContainerCreateRequest
        {
            Image = image,
            Cmd = cmd,
            Tty = tty,
            OpenStdin = openStdin,
            StdinOnce = openStdin,
            AttachStdin = openStdin,
            AttachStdout = true,
            AttachStderr = true,
            Labels = Labels,
            HostConfig = hostConfig,
        }, Ct);
        return name;
    }

    /// <summary>A bounded wait on a condition (no sleeps for synchronisation).</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan bound, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!await condition())
        {
            if (sw.Elapsed > bound) Assert.Fail($"{what}: not true within {bound.TotalSeconds:0} s");
            await Task.Delay(50, Ct);
        }
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        var engine = TryEngine();
        if (engine is null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var c in _containers)
            await Ignore(() => engine.Containers.RemoveAsync(c, new ContainerRemoveOptions { Force = true, RemoveVolumes = true }, cts.Token));
        foreach (var n in _networks) await Ignore(() => engine.Networks.RemoveAsync(n, cts.Token));
        foreach (var v in _volumes) await Ignore(() => engine.Volumes.RemoveAsync(v, true, cts.Token));
        foreach (var i in _images) await Ignore(() => engine.Images.RemoveAsync(i, new ImageRemoveOptions { Force = true }, cts.Token));
        GC.SuppressFinalize(this);
    }

    private IDockerEngine? TryEngine()
    {
        try { return fixture.Require(); }
        catch (Exception) { return null; }
    }

    private static async Task Ignore(Func<Task> action)
    {
        try { await action(); }
        catch (EngineNotFoundException) { }
        catch (EngineException) { }
        catch (OperationCanceledException) { }
    }
}
