namespace SharpCompose.Model;

/// <summary>Services and their depends_on edges (dependent → dependency). Everything it returns is in ordinal order.</summary>
/// <remarks>Plain dictionaries and sorted lists: SortedSet/SortedDictionary cost every CLI start ~40 methods to JIT.</remarks>
public sealed class DependencyGraph
{
    private readonly Dictionary<string, List<string>> _dependencies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _dependents = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private bool _namesSorted = true;

    public IEnumerable<string> Services => Names;

    private List<string> Names
    {
        get
        {
            if (!_namesSorted)
            {
                _names.Sort(StringComparer.Ordinal);
                _namesSorted = true;
            }
            return _names;
        }
    }

    /// <summary>
    /// The names plus everything <paramref name="next"/> reaches from them, transitively (each name visited once):
    /// the one walk behind "with dependencies", "with dependents" and their label-based forms.
    /// </summary>
    public static IReadOnlySet<string> Closure(IEnumerable<string> names, Func<string, IEnumerable<string>> next)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(names);
        while (queue.TryDequeue(out var name))
        {
            if (!reached.Add(name))
            {
                continue;
            }

            foreach (var other in next(name))
            {
                queue.Enqueue(other);
            }
        }

        return reached;
    }

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
        if (_dependencies.TryAdd(name, []))
        {
            _dependents[name] = [];
            if (_namesSorted && _names.Count > 0 && StringComparer.Ordinal.Compare(_names[^1], name) > 0) _namesSorted = false;
            _names.Add(name);
        }
    }

    /// <summary>Declares that <paramref name="service"/> depends on <paramref name="dependency"/>.</summary>
    public void AddEdge(string service, string dependency)
    {
        AddService(service);
        AddService(dependency);
        InsertSorted(_dependencies[service], dependency);
        InsertSorted(_dependents[dependency], service);
    }

    private static void InsertSorted(List<string> list, string item)
    {
        var index = list.BinarySearch(item, StringComparer.Ordinal);
        if (index < 0) list.Insert(~index, item);
    }

    public IReadOnlyCollection<string> DependenciesOf(string service) =>
        _dependencies.TryGetValue(service, out var s) ? s : [];

    public IReadOnlyCollection<string> DependentsOf(string service) =>
        _dependents.TryGetValue(service, out var s) ? s : [];

    /// <summary>Dependencies first (start order). Throws <see cref="DependencyCycleException"/> on a cycle.</summary>
    public IReadOnlyList<string> TopologicalOrder() => Order(_dependencies);

    /// <summary>Dependents first (stop order for down).</summary>
    public IReadOnlyList<string> ReverseOrder() => Order(_dependents);

    private List<string> Order(Dictionary<string, List<string>> before)
    {
        var names = Names;
        var remaining = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        foreach (var name in names) remaining[name] = before[name].Count;
        var after = ReferenceEquals(before, _dependencies) ? _dependents : _dependencies;
        // Ready services in descending order: the smallest is taken from the end.
        var ready = new List<string>();
        for (var i = names.Count - 1; i >= 0; i--)
            if (remaining[names[i]] == 0) ready.Add(names[i]);
        var descending = Comparer<string>.Create((a, b) => StringComparer.Ordinal.Compare(b, a));
        var order = new List<string>(names.Count);
        while (ready.Count > 0)
        {
            var next = ready[^1];
            ready.RemoveAt(ready.Count - 1);
            order.Add(next);
            foreach (var n in after[next])
            {
                if (--remaining[n] != 0) continue;
                var index = ready.BinarySearch(n, descending);
                ready.Insert(index < 0 ? ~index : index, n);
            }
        }
        if (order.Count != names.Count)
            throw new DependencyCycleException(FindCycle() ?? []);
        return order;
    }

    /// <summary>Returns one cycle as a path (first == last), or null when the graph is acyclic.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        foreach (var root in Names)
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
