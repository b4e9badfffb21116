using SharpCompose.Engine;
using SharpCompose.Model;

namespace SharpCompose.Orchestration.Tests;

public class ReconcilerTests
{
    private static Project Project(params ServiceSpec[] services) => new()
    {
        Name = "demo",
        WorkingDirectory = "/w",
        Services = services.ToDictionary(s => s.Name),
    };

    private static ServiceSpec Service(string name, int? scale = null) => new() { Name = name, Image = "busybox", Scale = scale };

    private static ObservedContainer Container(string service, int number, string hash = "h", string state = "running", bool oneOff = false) =>
        new(new ContainerSummary
        {
            Id = $"{service}{number}".PadRight(64, '0'),
            Names = [$"/demo-{service}-{number}"],
            State = state,
            Labels = new Dictionary<string, string>
            {
                [ComposeLabels.Service] = service,
                [ComposeLabels.ContainerNumber] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [ComposeLabels.ConfigHash] = hash,
                [ComposeLabels.OneOff] = oneOff ? "True" : "False",
                [ComposeLabels.Image] = "sha256:img",
            },
        });

    private static string Plan(Project project, ObservedState observed, ReconcileOptions? options = null) =>
        Reconciler.Reconcile(project, observed, options ?? new ReconcileOptions(), _ => "h").ToString();

    [Fact]
    public void Nothing_observed_creates_every_replica()
    {
        Assert.Equal("create demo-db-1\ncreate demo-web-1\ncreate demo-web-2\n", Plan(Project(Service("web", 2), Service("db")), ObservedState.Empty));
    }

    [Fact]
    public void Up_to_date_running_containers_are_kept_and_stopped_ones_started()
    {
        var observed = new ObservedState([Container("web", 1), Container("db", 1, state: "exited")], [], []);
        Assert.Equal("start demo-db-1\nkeep demo-web-1\n", Plan(Project(Service("web"), Service("db")), observed));
    }

    [Fact]
    public void A_changed_hash_recreates_unless_no_recreate()
    {
        var observed = new ObservedState([Container("web", 1, hash: "old")], [], []);
        Assert.Equal("recreate demo-web-1 (configuration changed)\n", Plan(Project(Service("web")), observed));
        Assert.Equal("keep demo-web-1\n", Plan(Project(Service("web")), observed, new ReconcileOptions { Recreate = RecreatePolicy.Never }));
    }

    [Fact]
    public void Force_recreates_even_up_to_date_containers()
    {
        var observed = new ObservedState([Container("web", 1)], [], []);
        Assert.Equal("recreate demo-web-1 (forced)\n", Plan(Project(Service("web")), observed, new ReconcileOptions { Recreate = RecreatePolicy.Force }));
    }

    [Fact]
    public void A_new_image_recreates()
    {
        var observed = new ObservedState([Container("web", 1)], [], []);
        var options = new ReconcileOptions { CurrentImageIds = new Dictionary<string, string> { ["web"] = "sha256:new" } };
        Assert.Equal("recreate demo-web-1 (image changed)\n", Plan(Project(Service("web")), observed, options));
    }

    [Fact]
    public void Scale_down_removes_the_highest_numbers_first_and_scale_up_fills_gaps()
    {
        var observed = new ObservedState([Container("web", 1), Container("web", 3), Container("web", 4)], [], []);
        Assert.Equal("remove demo-web-4 (scale)\nremove demo-web-3 (scale)\nkeep demo-web-1\n", Plan(Project(Service("web", 1)), observed));
        Assert.Equal("keep demo-web-1\nkeep demo-web-3\nkeep demo-web-4\ncreate demo-web-2\n", Plan(Project(Service("web", 4)), observed));
    }

    [Fact]
    public void Scale_option_overrides_the_file()
    {
        var options = new ReconcileOptions { Scale = new Dictionary<string, int> { ["web"] = 2 } };
        Assert.Equal("create demo-web-1\ncreate demo-web-2\n", Plan(Project(Service("web", 5)), ObservedState.Empty, options));
    }

    [Fact]
    public void Orphans_are_found_and_one_offs_are_not_orphans()
    {
        var observed = new ObservedState([Container("old", 1), Container("web", 7, oneOff: true)], [], []);
        Assert.Equal("create demo-web-1\norphan demo-old-1\n", Plan(Project(Service("web")), observed));
        Assert.Equal("create demo-web-1\nremove-orphan demo-old-1\n", Plan(Project(Service("web")), observed, new ReconcileOptions { RemoveOrphans = true }));
    }

    [Fact]
    public void Container_name_is_honoured()
    {
        var project = Project(Service("db") with { ContainerName = "lms_postgres" });
        Assert.Equal("create lms_postgres\n", Plan(project, ObservedState.Empty));
    }
    private static ServiceSpec DependsOn(ServiceSpec service, string dependency, bool restart) =>
        service with { DependsOn = new Dictionary<string, ServiceDependency>(service.DependsOn) { [dependency] = new() { Restart = restart } } };

    [Fact]
    public void A_recreated_dependency_restarts_the_dependents_that_declare_restart_true_and_only_them()
    {
        var project = Project(Service("db"), DependsOn(Service("app"), "db", restart: true), DependsOn(Service("other"), "db", restart: false));
        var observed = new ObservedState([Container("db", 1, hash: "old"), Container("app", 1), Container("other", 1)], [], []);
        Assert.Equal("restart demo-app-1 (db recreated)\nrecreate demo-db-1 (configuration changed)\nkeep demo-other-1\n", Plan(project, observed));
    }

    [Fact]
    public void Restart_true_does_nothing_when_the_dependency_is_not_recreated()
    {
        var project = Project(Service("db"), DependsOn(Service("app"), "db", restart: true));

        // Only started (it was stopped): the dependent stays as it is.
        var stopped = new ObservedState([Container("db", 1, state: "exited"), Container("app", 1)], [], []);
        Assert.Equal("keep demo-app-1\nstart demo-db-1\n", Plan(project, stopped));

        // --no-recreate, or create (--no-start): nothing is recreated / nothing would start it again.
        var changed = new ObservedState([Container("db", 1, hash: "old"), Container("app", 1)], [], []);
        Assert.Equal("keep demo-app-1\nkeep demo-db-1\n", Plan(project, changed, new ReconcileOptions { Recreate = RecreatePolicy.Never }));
        Assert.Equal("keep demo-app-1\nrecreate demo-db-1 (configuration changed)\n", Plan(project, changed, new ReconcileOptions { NoStart = true }));
    }

    [Fact]
    public void A_dependent_that_changed_itself_is_recreated_and_a_stopped_one_just_started()
    {
        var project = Project(Service("db"), DependsOn(Service("app"), "db", restart: true), DependsOn(Service("web"), "db", restart: true));
        var observed = new ObservedState([Container("db", 1, hash: "old"), Container("app", 1, hash: "old"), Container("web", 1, state: "exited")], [], []);
        Assert.Equal("recreate demo-app-1 (configuration changed)\nrecreate demo-db-1 (configuration changed)\nstart demo-web-1\n", Plan(project, observed));
    }

    [Fact]
    public void A_restart_does_not_cascade_but_names_every_recreated_dependency()
    {
        var project = Project(
            Service("db"), Service("cache"),
            DependsOn(DependsOn(Service("app"), "db", restart: true), "cache", restart: true),
            DependsOn(Service("web"), "app", restart: true));
        var observed = new ObservedState([Container("db", 1, hash: "old"), Container("cache", 1, hash: "old"), Container("app", 1), Container("web", 1)], [], []);
        Assert.Equal(
            "restart demo-app-1 (cache, db recreated)\nrecreate demo-cache-1 (configuration changed)\nrecreate demo-db-1 (configuration changed)\nkeep demo-web-1\n",
            Plan(project, observed));
    }
    [Fact]
    public void Sharing_a_recreated_services_namespace_or_volumes_recreates_along_the_chain()
    {
        // As the loader normalises them: network_mode/volumes_from imply a depends_on entry (restart: true for namespaces).
        var project = Project(
            Service("db"),
            DependsOn(Service("side") with { NetworkMode = "service:db" }, "db", restart: true),
            DependsOn(Service("backup") with { VolumesFrom = ["side:ro"] }, "side", restart: false),
            DependsOn(Service("idle") with { Ipc = "service:db" }, "db", restart: true));
        var observed = new ObservedState([Container("db", 1, hash: "old"), Container("side", 1), Container("backup", 1), Container("idle", 1, state: "exited")], [], []);
        Assert.Equal(
            "recreate demo-backup-1 (side recreated)\nrecreate demo-db-1 (configuration changed)\nrecreate demo-idle-1 (db recreated)\nrecreate demo-side-1 (db recreated)\n",
            Plan(project, observed));
        Assert.Equal("keep demo-backup-1\nkeep demo-db-1\nstart demo-idle-1\nkeep demo-side-1\n", Plan(project, observed, new ReconcileOptions { Recreate = RecreatePolicy.Never }));
    }
}
