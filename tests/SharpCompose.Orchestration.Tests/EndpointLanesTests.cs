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
        var release = new TaskCompletionSource();
        var started = 0;
        var twoStarted = new TaskCompletionSource();
        Func<Task> stop = async () =>
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                twoStarted.SetResult();
            }

            await release.Task;
        };

        var runs = new[] { lanes.RunAsync(["net-a"], stop, Ct), lanes.RunAsync(["net-a"], stop, Ct) };
        await twoStarted.Task.WaitAsync(Bound, Ct);
        var third = lanes.RunAsync(["net-a"], stop, Ct);
        Assert.Equal(2, Volatile.Read(ref started));
        release.SetResult();
        await Task.WhenAll([.. runs, third]).WaitAsync(Bound, Ct);
        Assert.Equal(3, started);
    }

    [Fact]
    public async Task Engines_without_the_endpoint_count_are_not_paced()
    {
        Assert.True(EndpointLanes.For(new EngineApiVersion(1, 41)).Enabled);
        Assert.True(EndpointLanes.For(new EngineApiVersion(1, 48)).Enabled);
        var lanes = EndpointLanes.For(new EngineApiVersion(1, 49));
        Assert.False(lanes.Enabled);
        var release = new TaskCompletionSource();
        var started = 0;
        var allStarted = new TaskCompletionSource();
        Func<Task> stop = async () =>
        {
            if (Interlocked.Increment(ref started) == 3)
            {
                allStarted.SetResult();
            }

            await release.Task;
        };

        var runs = Enumerable.Range(0, 3).Select(_ => lanes.RunAsync(["net-a"], stop, Ct)).ToList();
        await allStarted.Task.WaitAsync(Bound, Ct);
        release.SetResult();
        await Task.WhenAll(runs).WaitAsync(Bound, Ct);
    }

    [Fact]
    public async Task Stops_on_different_networks_run_together()
    {
        var lanes = new EndpointLanes { Hold = TimeSpan.FromMinutes(5) };
        var release = new TaskCompletionSource();
        var started = 0;
        var bothStarted = new TaskCompletionSource();
        Func<Task> stop = async () =>
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.SetResult();
            }

            await release.Task;
        };

        var a = lanes.RunAsync(["net-a"], stop, Ct);
        var b = lanes.RunAsync(["net-b"], stop, Ct);
        await bothStarted.Task.WaitAsync(Bound, Ct);
        release.SetResult();
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
}
