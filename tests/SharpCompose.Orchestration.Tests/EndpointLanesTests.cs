using SharpCompose.Engine;
using SharpCompose.Orchestration.Execution;
using Xunit;

namespace SharpCompose.Orchestration.Tests;

public sealed class EndpointLanesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stops_sharing_a_network_run_one_at_a_time()
    {
        var lanes = new EndpointLanes { Hold = TimeSpan.FromMinutes(5) };
        Assert.Equal(1, lanes.Width);
        var firstRunning = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var secondStarted = new TaskCompletionSource();

        var first = lanes.RunAsync(["net-a", "net-b"], async () =>
        {
            firstRunning.SetResult();
            await releaseFirst.Task;
        }, Ct);
        await firstRunning.Task.WaitAsync(Bound, Ct);

        var second = lanes.RunAsync(["net-b"], () =>
        {
            secondStarted.SetResult();
            return Task.CompletedTask;
        }, Ct);

        Assert.False(secondStarted.Task.IsCompleted);
        releaseFirst.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Bound, Ct);
        Assert.True(secondStarted.Task.IsCompleted);
    }

    [Fact]
    public async Task With_width_two_two_stops_of_a_network_run_together_and_a_third_waits()
    {
        var lanes = new EndpointLanes { Hold = TimeSpan.FromMinutes(5), Width = 2 };
        var stops = new HeldStops(2);

        var runs = new[] { lanes.RunAsync(["net-a"], stops.Stop, Ct), lanes.RunAsync(["net-a"], stops.Stop, Ct) };
        await stops.AllStarted.WaitAsync(Bound, Ct);
        var third = lanes.RunAsync(["net-a"], stops.Stop, Ct);
        Assert.Equal(2, stops.Started);
        stops.Release();
        await Task.WhenAll([.. runs, third]).WaitAsync(Bound, Ct);
        Assert.Equal(3, stops.Started);
    }

    [Fact]
    public async Task Engines_without_the_endpoint_count_are_not_paced()
    {
        Assert.True(EndpointLanes.For(new EngineApiVersion(1, 41)).Enabled);
        Assert.True(EndpointLanes.For(new EngineApiVersion(1, 48)).Enabled);
        var lanes = EndpointLanes.For(new EngineApiVersion(1, 49));
        Assert.False(lanes.Enabled);
        var stops = new HeldStops(3);

        var runs = Enumerable.Range(0, 3).Select(_ => lanes.RunAsync(["net-a"], stops.Stop, Ct)).ToList();
        await stops.AllStarted.WaitAsync(Bound, Ct);
        stops.Release();
        await Task.WhenAll(runs).WaitAsync(Bound, Ct);
    }

    [Fact]
    public async Task Stops_on_different_networks_run_together()
    {
        var lanes = new EndpointLanes { Hold = TimeSpan.FromMinutes(5) };
        var stops = new HeldStops(2);

        var a = lanes.RunAsync(["net-a"], stops.Stop, Ct);
        var b = lanes.RunAsync(["net-b"], stops.Stop, Ct);
        await stops.AllStarted.WaitAsync(Bound, Ct);
        stops.Release();
        await Task.WhenAll(a, b).WaitAsync(Bound, Ct);
    }

    [Fact]
    public async Task A_stop_still_running_after_the_hold_lets_the_next_one_start()
    {
        var lanes = new EndpointLanes { Hold = TimeSpan.FromMilliseconds(20), Width = 1 };
        var releaseSlow = new TaskCompletionSource();
        var slow = lanes.RunAsync(["net-a"], () => releaseSlow.Task, Ct);
        var nextStarted = new TaskCompletionSource();
        var next = lanes.RunAsync(["net-a"], () =>
        {
            nextStarted.SetResult();
            return Task.CompletedTask;
        }, Ct);

        await nextStarted.Task.WaitAsync(Bound, Ct);
        await next.WaitAsync(Bound, Ct);
        Assert.False(slow.IsCompleted); // the slow stop is still awaited by its caller
        releaseSlow.SetResult();
        await slow.WaitAsync(Bound, Ct);
    }

    [Fact]
    public async Task A_failed_stop_frees_its_lanes_and_reaches_the_caller()
    {
        var lanes = new EndpointLanes { Hold = TimeSpan.FromMinutes(5), Width = 1 };
        var failed = lanes.RunAsync(["net-a"], () => Task.FromException(new EngineException("boom")), Ct);
        await Assert.ThrowsAsync<EngineException>(() => failed.WaitAsync(Bound, Ct));
        await lanes.RunAsync(["net-a"], () => Task.CompletedTask, Ct).WaitAsync(Bound, Ct);
    }

    [Fact]
    public void The_engine_predefined_networks_are_not_lanes_and_ids_are_preferred()
    {
        var summary = new ContainerSummary
        {
            Id = "c1",
            NetworkSettings = new ContainerSummaryNetworks
            {
                Networks = new Dictionary<string, EndpointSettings>
                {
                    ["p_default"] = new() { NetworkID = "id-default" },
                    ["p_back"] = new(),
                    ["bridge"] = new() { NetworkID = "id-bridge" },
                    ["host"] = new() { NetworkID = "id-host" },
                },
            },
        };

        Assert.Equal(["id-default", "p_back"], EndpointLanes.NetworksOf(summary).Order(StringComparer.Ordinal));
    }

    /// <summary>Stops that count themselves in and stay in flight until released; <see cref="AllStarted"/> completes
    /// when the expected number has started.</summary>
    private sealed class HeldStops(int expected)
    {
        private readonly TaskCompletionSource _release = new();
        private readonly TaskCompletionSource _allStarted = new();
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public Task AllStarted => _allStarted.Task;

        public async Task Stop()
        {
            if (Interlocked.Increment(ref _started) == expected)
            {
                _allStarted.SetResult();
            }

            await _release.Task;
        }

        public void Release() => _release.SetResult();
    }
}
