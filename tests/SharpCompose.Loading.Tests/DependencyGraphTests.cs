using SharpCompose.Model;

namespace SharpCompose.Loading.Tests;

public class DependencyGraphTests
{
    private static ServiceSpec S(string name, params string[] deps) =>
        new() { Name = name, DependsOn = deps.ToDictionary(d => d, _ => new ServiceDependency()) };

    [Fact]
    public void OrdersDependenciesFirstAndReverseForDown()
    {
        var g = DependencyGraph.Build([S("web", "api"), S("api", "db", "cache"), S("db"), S("cache")]);
        Assert.Equal(["cache", "db", "api", "web"], g.TopologicalOrder());
        Assert.Equal(["web", "api", "cache", "db"], g.ReverseOrder());
        Assert.Null(g.FindCycle());
        Assert.Equal(["web"], g.DependentsOf("api"));
    }

    [Fact]
    public void DetectsCycles()
    {
        var g = DependencyGraph.Build([S("a", "b"), S("b", "c"), S("c", "a"), S("d")]);
        Assert.Equal(["a", "b", "c", "a"], g.FindCycle());
        var e = Assert.Throws<DependencyCycleException>(() => g.TopologicalOrder());
        Assert.Equal("dependency cycle detected: a -> b -> c -> a", e.Message);
    }

    [Fact]
    public void LongChainsDoNotRecurse()
    {
        var services = Enumerable.Range(0, 50_000).Select(i => i == 0 ? S("s0") : S("s" + i, "s" + (i - 1))).ToList();
        var g = DependencyGraph.Build(services);
        Assert.Null(g.FindCycle());
        Assert.Equal("s0", g.TopologicalOrder()[0]);
    }
}
