using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

public sealed class SystemTests(EngineFixture fixture) : EngineTest(fixture)
{
    [Fact]
    public async Task Ping_negotiates_the_version_of_this_engine()
    {
        var engine = Engine;
        await engine.System.PingAsync(Ct);
        var version = await engine.System.GetVersionAsync(Ct);
        var server = EngineApiVersion.Parse(version.ApiVersion!);
        Assert.Equal(EngineApiVersion.Min(server, EngineApiVersion.ClientMax), engine.ApiVersion);
        Assert.True(engine.ApiVersion >= EngineApiVersion.Minimum);
    }

    [Fact]
    public async Task Version_and_info_describe_the_engine()
    {
        var version = await Engine.System.GetVersionAsync(Ct);
        Assert.False(string.IsNullOrEmpty(version.Version));
        Assert.Equal("linux", version.Os);
        var info = await Engine.System.GetInfoAsync(Ct);
        Assert.False(string.IsNullOrEmpty(info.ID));
        Assert.True(info.NCPU > 0);
        Assert.Equal(version.Version, info.ServerVersion);
    }

    [Fact]
    public async Task A_pinned_version_is_used_for_requests()
    {
        _ = Engine;
        using var pinned = await DockerEngine.ConnectAsync(EngineFixture.DefaultOptions with { PinnedApiVersion = new EngineApiVersion(1, 41) }, Ct);
        Assert.Equal(new EngineApiVersion(1, 41), pinned.ApiVersion);
        Assert.NotNull(await pinned.System.GetVersionAsync(Ct));
    }

    [Fact]
    public async Task DOCKER_API_VERSION_of_the_endpoint_pins_it()
    {
        _ = Engine;
        var endpoint = EngineEndpoint.Resolve(new EndpointInputs
        {
            Environment = new Dictionary<string, string> { ["DOCKER_HOST"] = EngineFixture.DefaultOptions.Endpoint.Host, ["DOCKER_API_VERSION"] = "1.41" },
            HomeDirectory = "/nonexistent",
        });
        using var engine = await DockerEngine.ConnectAsync(new EngineOptions { Endpoint = endpoint }, Ct);
        Assert.Equal(new EngineApiVersion(1, 41), engine.ApiVersion);
    }

    [Fact]
    public async Task Events_see_a_container_start_and_die()
    {
        var engine = Engine;
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var name = await CreateContainerAsync(["sh", "-c", "exit 3"]);
        await engine.Containers.StartAsync(name, Ct);

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        var filters = new EngineFilters().Add("type", "container").Add("container", name).Label(EngineFixture.TestLabel, "1")
            .Add("event", "start").Add("event", "die");
        var seen = new List<EngineEvent>();
        await foreach (var e in engine.System.GetEventsAsync(new EventsOptions { Since = since, Filters = filters }, bound.Token))
        {
            seen.Add(e);
            if (e.Action == "die") break;
        }
        Assert.Equal(["start", "die"], seen.Select(e => e.Action!).ToArray());
        Assert.Equal("container", seen[0].Type);
        Assert.Equal(name, seen[0].Actor!.Attributes!["name"]);
        Assert.Equal("3", seen[1].Actor!.Attributes!["exitCode"]);
    }

    [Fact]
    public async Task An_events_subscription_is_cancellable()
    {
        var engine = Engine;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // Nothing will match: the subscription idles until cancelled.
        var filters = new EngineFilters().Add("container", UniqueName("never"));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        cts.CancelAfter(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.System.GetEventsAsync(new EventsOptions { Filters = filters }, cts.Token)) { }
        });
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"cancellation took {sw.Elapsed}");
    }
}
