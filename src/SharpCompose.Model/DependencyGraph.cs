namespace SharpCompose.Model;

/// <summary>Services and their depends_on edges (dependent → dependency).</summary>
public sealed class DependencyGraph
{
    private readonly SortedDictionary<string, SortedSet<string>> _dependencies = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedSet<string>> _dependents = new(StringComparer.Ordinal);

    public IEnumerable<string> Services => _dependencies.Keys;

    public static DependencyGraph Build(IEnumerable<ServiceSpec> services)
    {
        var g = new DependencyGraph();
        var list = services.ToList();
        foreach (var s in list) g.AddService(s.Name);
        foreach (var s in list)
            foreach (var d in s.DependsOn.Keys)
                if (g._dependencies.ContainsKey(d)) g.AddEdge(s.Name, d);
        return g;
    }

    public void AddService(string name)
    {
        if (!_dependencies.ContainsKey(name))
        {
            _dependencies[name] = new SortedSet<string>(StringComparer.Ordinal);
            _dependents[name] = new SortedSet<string>(StringComparer.Ordinal);
        }
    }

    /// <summary>Declares that <paramref name="service"/> depends on <paramref name="dependency"/>.</summary>
    public void AddEdge(string service, string dependency)
    {
        AddService(service);
        AddService(dependency);
        _dependencies[service].Add(dependency);
        _dependents[dependency].Add(service);
    }

    public IReadOnlyCollection<string> DependenciesOf(string service) =>
        _dependencies.TryGetValue(service, out var s) ? s : [];

    public IReadOnlyCollection<string> DependentsOf(string service) =>
        _dependents.TryGetValue(service, out var s) ? s : [];

    /// <summary>Dependencies first (start order). Throws <see cref="DependencyCycleException"/> on a cycle.</summary>
    public IReadOnlyList<string> TopologicalOrder() => Order(_dependencies);

    /// <summary>Dependents first (stop order for down).</summary>
    public IReadOnlyList<string> ReverseOrder() => Order(_dependents);

    private List<string> Order(SortedDictionary<string, SortedSet<string>> before)
    {
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in before) remaining[k] = v.Count;
        var after = ReferenceEquals(before, _dependencies) ? _dependents : _dependencies;
        var ready = new SortedSet<string>(remaining.Where(p => p.Value == 0).Select(p => p.Key), StringComparer.Ordinal);
        var order = new List<string>(remaining.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var n in after[next])
                if (--remaining[n] == 0) ready.Add(n);
        }
        if (order.Count != remaining.Count)
            throw new DependencyCycleException(FindCycle() ?? []);
        return order;
    }

    /// <summary>Returns one cycle as a path (first == last), or null when the graph is acyclic.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        foreach (var root in _dependencies.Keys)
        {
            if (state.ContainsKey(root)) continue;
            // iterative DFS
            var stack = new List<(string Node, IEnumerator<string> Next)>();
            state[root] = 1;
            stack.Add((root, _dependencies[root].GetEnumerator()));
            while (stack.Count > 0)
            {
                var (node, it) = stack[^1];
                if (it.MoveNext())
                {
                    var child = it.Current;
                    if (!state.TryGetValue(child, out var st))
                    {
                        state[child] = 1;
                        stack.Add((child, _dependencies[child].GetEnumerator()));
                    }
                    else if (st == 1)
                    {
                        var start = stack.FindIndex(f => f.Node == child);
                        var cycle = stack.Skip(start).Select(f => f.Node).ToList();
                        cycle.Add(child);
                        return cycle;
                    }
                }
                else
                {
                    state[node] = 2;
                    stack.RemoveAt(stack.Count - 1);
                }
            }
        }
        return null;
    }
}

public sealed class DependencyCycleException(IReadOnlyList<string> cycle)
    : Exception("dependency cycle detected: " + string.Join(" -> ", cycle))
{
    public IReadOnlyList<string> Cycle { get; } = cycle;
}
