namespace SharpCompose.Orchestration.Execution;

/// <summary>A node could not run because one it depends on failed.</summary>
public sealed class DependencyFailedException(string node, string dependency, Exception cause)
    : Exception($"{node}: dependency {dependency} failed: {cause.Message}", cause)
{
    public string Node { get; } = node;
    public string Dependency { get; } = dependency;
}

/// <summary>What to do with the rest of the graph when a node fails.</summary>
public enum FailureMode
{
    /// <summary>Cancel every node still running or waiting (up, create, start).</summary>
    CancelAll,

    /// <summary>Skip only the failed node's dependents; independent nodes go on (down, stop, rm).</summary>
    SkipDependents,
}

/// <summary>
/// Runs a dependency graph: each node starts as soon as every node it depends on has finished, never before,
/// with at most <c>maxParallel</c> nodes running at once (≤ 0: unbounded).
/// </summary>
public static class DagScheduler
{
    public static async Task RunAsync<TKey>(
        IReadOnlyDictionary<TKey, IReadOnlyCollection<TKey>> dependencies,
        Func<TKey, CancellationToken, Task> action,
        int maxParallel,
        FailureMode failureMode,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        var order = TopologicalOrder(dependencies);
        using var gate = maxParallel > 0 ? new SemaphoreSlim(maxParallel) : null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Dictionary<TKey, Task>(order.Count);
        foreach (var key in order)
        {
            var deps = dependencies.TryGetValue(key, out var d) ? d : [];
            var depTasks = deps.Where(tasks.ContainsKey).Select(x => (Key: x, Task: tasks[x])).ToArray();
            tasks[key] = RunNodeAsync(key, depTasks, action, gate, cts, failureMode);
        }

        try
        {
            await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        }
        catch
        {
            // Inspected below: the most meaningful failure wins over cancellations and dependency skips.
        }

        cancellationToken.ThrowIfCancellationRequested();
        var failures = tasks.Values.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToList();
        var root = failures.Where(e => e is not DependencyFailedException and not OperationCanceledException).ToList();
        if (root.Count == 1)
        {
            throw root[0];
        }

        if (root.Count > 1)
        {
            throw new AggregateException(root);
        }

        if (failures.Count > 0)
        {
            throw failures[0];
        }

        if (tasks.Values.Any(t => t.IsCanceled))
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static async Task RunNodeAsync<TKey>(
        TKey key,
        (TKey Key, Task Task)[] dependencies,
        Func<TKey, CancellationToken, Task> action,
        SemaphoreSlim? gate,
        CancellationTokenSource cts,
        FailureMode failureMode)
        where TKey : notnull
    {
        foreach (var (depKey, depTask) in dependencies)
        {
            try
            {
                await depTask.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var cause = e is DependencyFailedException dfe ? dfe.InnerException ?? e : e;
                throw new DependencyFailedException(key.ToString() ?? "?", depKey.ToString() ?? "?", cause);
            }
        }

        cts.Token.ThrowIfCancellationRequested();
        if (gate is not null)
        {
            await gate.WaitAsync(cts.Token).ConfigureAwait(false);
        }

        try
        {
            await action(key, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && failureMode == FailureMode.CancelAll)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>Kahn's order over the nodes; throws on a cycle, naming it.</summary>
    public static IReadOnlyList<TKey> TopologicalOrder<TKey>(IReadOnlyDictionary<TKey, IReadOnlyCollection<TKey>> dependencies)
        where TKey : notnull
    {
        var indegree = new Dictionary<TKey, int>();
        var dependents = new Dictionary<TKey, List<TKey>>();
        foreach (var (node, deps) in dependencies)
        {
            indegree.TryAdd(node, 0);
            foreach (var dep in deps)
            {
                if (!dependencies.ContainsKey(dep))
                {
                    continue; // a dependency outside the graph is already satisfied
                }

                indegree[node] = indegree.GetValueOrDefault(node) + 1;
                if (!dependents.TryGetValue(dep, out var list))
                {
                    dependents[dep] = list = [];
                }

                list.Add(node);
            }
        }

        var ready = new Queue<TKey>(indegree.Where(kv => kv.Value == 0).Select(kv => kv.Key));
        var order = new List<TKey>(indegree.Count);
        while (ready.Count > 0)
        {
            var node = ready.Dequeue();
            order.Add(node);
            if (!dependents.TryGetValue(node, out var list))
            {
                continue;
            }

            foreach (var next in list)
            {
                if (--indegree[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        if (order.Count != indegree.Count)
        {
            var stuck = indegree.Where(kv => kv.Value > 0).Select(kv => kv.Key.ToString()).Order(StringComparer.Ordinal);
            throw new InvalidOperationException($"dependency cycle between: {string.Join(", ", stuck)}");
        }

        return order;
    }

    /// <summary>The graph with every edge reversed: what <c>down</c> walks (dependents go first).</summary>
    public static Dictionary<TKey, IReadOnlyCollection<TKey>> Reverse<TKey>(IReadOnlyDictionary<TKey, IReadOnlyCollection<TKey>> dependencies)
        where TKey : notnull
    {
        var reversed = dependencies.Keys.ToDictionary(k => k, _ => (IReadOnlyCollection<TKey>)new List<TKey>());
        foreach (var (node, deps) in dependencies)
        {
            foreach (var dep in deps)
            {
                if (reversed.TryGetValue(dep, out var list))
                {
                    ((List<TKey>)list).Add(node);
                }
            }
        }

        return reversed;
    }
}
