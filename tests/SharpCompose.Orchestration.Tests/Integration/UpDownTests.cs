using System.Collections.Concurrent;
using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Progress;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Orchestration.Tests.Integration;

public sealed class RecordingSink : IProgressSink
{
    public ConcurrentQueue<ProgressEvent> Events { get; } = new();

    public void Report(ProgressEvent progressEvent) => Events.Enqueue(progressEvent);

    public IReadOnlyList<string> Lines => Events.Select(e => $"{e.Kind} {e.Name} {e.Text}").ToList();
}

/// <summary>up/down through the verbs, against the real engine, with projects built in code (no loader).</summary>
public sealed class UpDownTests(EngineFixture fixture) : IClassFixture<EngineFixture>, IAsyncLifetime
{
    private readonly string _project = "scorch" + Guid.NewGuid().ToString("N")[..8];
    private readonly RecordingSink _sink = new();

    private static string Hash(ServiceSpec s) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join("|", s.Name, s.Image, string.Join(" ", s.Command ?? []), string.Join(",", s.Environment.Select(e => e.Key + "=" + e.Value))))));

    private Project Project(params ServiceSpec[] services) => new()
    {
        Name = _project,
        WorkingDirectory = Path.GetTempPath(),
        Services = services.ToDictionary(s => s.Name),
        Networks = new Dictionary<string, NetworkSpec> { ["default"] = new() { Name = _project + "_default" } },
        Volumes = new Dictionary<string, VolumeSpec> { ["data"] = new() { Name = _project + "_data" } },
    };

    private static ServiceSpec Service(string name, string command = "sleep 300") => new()
    {
        Name = name,
        Image = "busybox:latest",
        Command = ["sh", "-c", command],
        Init = true,
        Networks = new Dictionary<string, ServiceNetworkSpec?> { ["default"] = null },
    };

    private ProjectSession Session(Project project) => new(fixture.Engine, project, _sink, Hash);

    private async Task<IReadOnlyList<ContainerSummary>> ContainersAsync() =>
        await fixture.Engine.Containers.ListAsync(new ContainerListOptions { All = true, Filters = new EngineFilters().Label(ComposeLabels.Project, _project) }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Up_creates_labelled_containers_and_network_then_down_removes_them_but_keeps_volumes()
    {
        var web = Service("web") with { Volumes = [new MountSpec { Type = MountType.Volume, Source = "data", Target = "/data" }] };
        var project = Project(web, Service("worker") with { Scale = 2 });
        var ct = TestContext.Current.CancellationToken;

        var result = await new UpVerb(Session(project)).RunAsync(new UpOptions(), ct);

        Assert.Equal(3, result.Containers.Count);
        var containers = await ContainersAsync();
        Assert.Equal([_project + "-web-1", _project + "-worker-1", _project + "-worker-2"], containers.Select(c => c.Names![0].TrimStart('/')).Order().ToArray());
        var webSummary = containers.Single(c => c.Labels![ComposeLabels.Service] == "web");
        Assert.Equal("running", webSummary.State);
        Assert.Equal("False", webSummary.Labels![ComposeLabels.OneOff]);
        Assert.Equal("1", webSummary.Labels[ComposeLabels.ContainerNumber]);
        Assert.Equal(Hash(web), webSummary.Labels[ComposeLabels.ConfigHash]);
        Assert.StartsWith("sha256:", webSummary.Labels[ComposeLabels.Image]);
        var network = await fixture.Engine.Networks.InspectAsync(_project + "_default", ct);
        Assert.Equal("default", network.Labels![ComposeLabels.Network]);

        await new DownVerb(Session(project)).RunAsync(new DownOptions(), ct);

        Assert.Empty(await ContainersAsync());
        Assert.Null(await fixture.Engine.Networks.TryInspectAsync(_project + "_default", ct));
        Assert.NotNull(await fixture.Engine.Volumes.TryInspectAsync(_project + "_data", ct));
    }

    [Fact]
    public async Task A_second_up_keeps_up_to_date_containers_and_recreates_changed_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = Project(Service("a"), Service("b"));
        await new UpVerb(Session(project)).RunAsync(new UpOptions(), ct);
        var before = (await ContainersAsync()).ToDictionary(c => c.Labels![ComposeLabels.Service], c => c.Id);

        var changed = Project(Service("a"), Service("b", "sleep 301"));
        await new UpVerb(Session(changed)).RunAsync(new UpOptions(), ct);
        var after = (await ContainersAsync()).ToDictionary(c => c.Labels![ComposeLabels.Service], c => c.Id);

        Assert.Equal(before["a"], after["a"]);
        Assert.NotEqual(before["b"], after["b"]);
        Assert.Contains($"Container {_project}-b-1 Recreated", _sink.Lines);
        Assert.Contains($"Container {_project}-a-1 Running", _sink.Lines);
    }

    [Fact]
    public async Task A_recreated_dependency_restarts_the_dependents_with_restart_true_and_leaves_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        ServiceSpec Dependent(string name, bool restart) =>
            Service(name) with { DependsOn = new Dictionary<string, ServiceDependency> { ["db"] = new() { Restart = restart } } };
        await new UpVerb(Session(Project(Service("db"), Dependent("app", restart: true), Dependent("other", restart: false)))).RunAsync(new UpOptions(), ct);
        var app = await fixture.Engine.Containers.InspectAsync(_project + "-app-1", ct);
        var other = await fixture.Engine.Containers.InspectAsync(_project + "-other-1", ct);

        await new UpVerb(Session(Project(Service("db", "sleep 301"), Dependent("app", restart: true), Dependent("other", restart: false)))).RunAsync(new UpOptions(), ct);

        var db = await fixture.Engine.Containers.InspectAsync(_project + "-db-1", ct);
        var appAfter = await fixture.Engine.Containers.InspectAsync(_project + "-app-1", ct);
        var otherAfter = await fixture.Engine.Containers.InspectAsync(_project + "-other-1", ct);
        Assert.Equal(app.Id, appAfter.Id);
        Assert.NotEqual(app.State!.StartedAt, appAfter.State!.StartedAt);
        Assert.True(appAfter.State.Running);
        Assert.Equal(other.Id, otherAfter.Id);
        Assert.Equal(other.State!.StartedAt, otherAfter.State!.StartedAt);

        // Stopped before the dependency was replaced, started after the new one.
        static DateTimeOffset At(string? time) => DateTimeOffset.Parse(time!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(At(appAfter.State.FinishedAt) <= At(db.Created), $"app stopped at {appAfter.State.FinishedAt}, after db was created at {db.Created}");
        Assert.True(At(appAfter.State.StartedAt) >= At(db.State!.StartedAt), $"app started at {appAfter.State.StartedAt}, before db at {db.State.StartedAt}");
        Assert.Contains($"Container {_project}-app-1 Stopped", _sink.Lines);
        Assert.DoesNotContain($"Container {_project}-other-1 Stopped", _sink.Lines);
    }

    [Fact]
    public async Task Restart_of_a_service_restarts_its_restart_true_dependents_unless_no_deps()
    {
        var ct = TestContext.Current.CancellationToken;
        ServiceSpec Dependent(string name, string dependency, bool restart) =>
            Service(name) with { DependsOn = new Dictionary<string, ServiceDependency> { [dependency] = new() { Restart = restart } } };
        var project = Project(Service("db"), Dependent("app", "db", restart: true), Dependent("web", "app", restart: true), Dependent("other", "db", restart: false));
        await new UpVerb(Session(project)).RunAsync(new UpOptions(), ct);
        async Task<Dictionary<string, string?>> StartedAtAsync()
        {
            var result = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var c in await ContainersAsync())
            {
                result[c.Labels![ComposeLabels.Service]] = (await fixture.Engine.Containers.InspectAsync(c.Id, ct)).State!.StartedAt;
            }

            return result;
        }

        var before = await StartedAtAsync();

        await new LifecycleVerbs(Session(project)).RestartAsync(["db"], 1, noDeps: false, ct);
        var after = await StartedAtAsync();
        Assert.Equal(["app", "db", "web"], before.Keys.Where(s => before[s] != after[s]).Order(StringComparer.Ordinal));

        await new LifecycleVerbs(Session(project)).RestartAsync(["db"], 1, noDeps: true, ct);
        var noDeps = await StartedAtAsync();
        Assert.Equal(["db"], after.Keys.Where(s => after[s] != noDeps[s]));
    }

    [Fact]
    public async Task Scale_down_removes_the_highest_numbers()
    {
        var ct = TestContext.Current.CancellationToken;
        await new UpVerb(Session(Project(Service("w") with { Scale = 3 }))).RunAsync(new UpOptions(), ct);
        await new UpVerb(Session(Project(Service("w") with { Scale = 1 }))).RunAsync(new UpOptions(), ct);
        var names = (await ContainersAsync()).Select(c => c.Names![0].TrimStart('/')).ToList();
        Assert.Equal([_project + "-w-1"], names);
    }

    [Fact]
    public async Task A_dependent_starts_only_after_its_dependency_is_healthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = Service("db", "sleep 1; touch /tmp/ready; sleep 300") with
        {
            Healthcheck = new HealthcheckSpec { Test = ["CMD", "test", "-f", "/tmp/ready"], Interval = TimeSpan.FromMilliseconds(300), Retries = 20 },
        };
        var web = Service("web") with { DependsOn = new Dictionary<string, ServiceDependency> { ["db"] = new() { Condition = DependencyCondition.ServiceHealthy } } };
        await new UpVerb(Session(Project(db, web))).RunAsync(new UpOptions(), ct);

        var dbInspect = await fixture.Engine.Containers.InspectAsync(_project + "-db-1", ct);
        var webInspect = await fixture.Engine.Containers.InspectAsync(_project + "-web-1", ct);
        Assert.Equal("healthy", dbInspect.State!.Health!.Status);
        var healthyAt = DateTimeOffset.Parse(dbInspect.State.Health.Log!.First(l => l.ExitCode == 0).End!, System.Globalization.CultureInfo.InvariantCulture);
        var webStarted = DateTimeOffset.Parse(webInspect.State!.StartedAt!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(webStarted >= healthyAt, $"web started at {webStarted:O}, before db was healthy at {healthyAt:O}");
        var lines = _sink.Lines.ToList();
        Assert.True(lines.IndexOf($"Container {_project}-db-1 Healthy") < lines.IndexOf($"Container {_project}-web-1 Started"));
    }

    [Fact]
    public async Task An_unhealthy_dependency_fails_the_up_naming_both_services()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = Service("db") with
        {
            Healthcheck = new HealthcheckSpec { Test = ["CMD", "false"], Interval = TimeSpan.FromMilliseconds(200), Retries = 2 },
        };
        var web = Service("web") with { DependsOn = new Dictionary<string, ServiceDependency> { ["db"] = new() { Condition = DependencyCondition.ServiceHealthy } } };
        var error = await Assert.ThrowsAsync<OrchestrationException>(() => new UpVerb(Session(Project(db, web))).RunAsync(new UpOptions(), ct));
        Assert.Contains("unhealthy", error.Message);
        Assert.Contains("\"web\"", error.Message);
        Assert.Contains("db", error.Message);
        var webInspect = await fixture.Engine.Containers.InspectAsync(_project + "-web-1", ct);
        Assert.False(webInspect.State!.Running);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        try
        {
            var engine = fixture.Engine;
            foreach (var c in await ContainersAsync())
            {
                await engine.Containers.RemoveAsync(c.Id, new ContainerRemoveOptions { Force = true, RemoveVolumes = true });
            }

            foreach (var n in await engine.Networks.ListAsync(new NetworkListOptions { Filters = new EngineFilters().Label(ComposeLabels.Project, _project) }))
            {
                await engine.Networks.RemoveAsync(n.Id);
            }

            foreach (var v in await engine.Volumes.ListAsync(new VolumeListOptions { Filters = new EngineFilters().Label(ComposeLabels.Project, _project) }))
            {
                await engine.Volumes.RemoveAsync(v.Name, force: true);
            }
        }
        catch (Exception) when (Environment.GetEnvironmentVariable("CI") != "true")
        {
        }
    }
}
