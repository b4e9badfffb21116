using System.Collections.Concurrent;
using SharpCompose.Orchestration.Execution;

namespace SharpCompose.Orchestration.Tests;

public class DagSchedulerTests
{
    private static Dictionary<string, IReadOnlyCollection<string>> Graph(params (string Node, string[] Deps)[] nodes) =>
        nodes.ToDictionary(n => n.Node, n => (IReadOnlyCollection<string>)n.Deps);

    [Fact]
    public async Task A_node_starts_only_after_its_dependencies_finished()
    {
        var graph = Graph(("web", ["db", "cache"]), ("db", []), ("cache", []), ("proxy", ["web"]));
        var finished = new ConcurrentDictionary<string, bool>();
        var violations = new ConcurrentBag<string>();
        await DagScheduler.RunAsync(graph, async (node, ct) =>
        {
            foreach (var dep in graph[node])
            {
                if (!finished.ContainsKey(dep))
                {
                    violations.Add($"{node} before {dep}");
                }
            }

            await Task.Yield();
            finished[node] = true;
        }, maxParallel: 0, FailureMode.CancelAll, TestContext.Current.CancellationToken);
        Assert.Empty(violations);
        Assert.Equal(4, finished.Count);
    }

    [Fact]
    public async Task Independent_nodes_run_concurrently_up_to_the_bound()
    {
        var graph = Graph(("a", []), ("b", []), ("c", []), ("d", []));
        var running = 0;
        var peak = 0;
        var allIn = new TaskCompletionSource();
        await DagScheduler.RunAsync(graph, async (node, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            if (now == 2)
            {
                allIn.TrySetResult();
            }

            await allIn.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            Interlocked.Decrement(ref running);
        }, maxParallel: 2, FailureMode.CancelAll, TestContext.Current.CancellationToken);
        Assert.Equal(2, peak);
    }

    [Fact]
    public async Task A_failure_fails_its_dependents_and_names_the_cause()
    {
        var graph = Graph(("db", []), ("web", ["db"]));
        var ran = new ConcurrentBag<string>();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => DagScheduler.RunAsync(graph, (node, ct) =>
        {
            ran.Add(node);
            return node == "db" ? Task.FromException(new InvalidOperationException("db is unhealthy")) : Task.CompletedTask;
        }, 0, FailureMode.SkipDependents, TestContext.Current.CancellationToken));
        Assert.Equal("db is unhealthy", ex.Message);
        Assert.DoesNotContain("web", ran);
    }

    [Fact]
    public async Task SkipDependents_lets_independent_nodes_finish()
    {
        var graph = Graph(("a", []), ("b", []), ("c", ["a"]));
        var ran = new ConcurrentBag<string>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => DagScheduler.RunAsync(graph, async (node, ct) =>
        {
            await Task.Yield();
            ran.Add(node);
            if (node == "a")
            {
                throw new InvalidOperationException("boom");
            }
        }, 1, FailureMode.SkipDependents, TestContext.Current.CancellationToken));
        Assert.Contains("b", ran);
        Assert.DoesNotContain("c", ran);
    }

    [Fact]
    public void A_cycle_is_reported_with_its_members()
    {
        var graph = Graph(("a", ["b"]), ("b", ["a"]), ("c", []));
        var ex = Assert.Throws<InvalidOperationException>(() => DagScheduler.TopologicalOrder(graph));
        Assert.Contains("a, b", ex.Message);
    }

    [Fact]
    public void Reverse_puts_dependents_first()
    {
        var graph = Graph(("db", []), ("web", ["db"]));
        var order = DagScheduler.TopologicalOrder(DagScheduler.Reverse(graph));
        Assert.Equal(["web", "db"], order);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
