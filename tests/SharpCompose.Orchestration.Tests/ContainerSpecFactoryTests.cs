using SharpCompose.Engine;
using SharpCompose.Model;

namespace SharpCompose.Orchestration.Tests;

public class ContainerSpecFactoryTests
{
    private static readonly Project Demo = new()
    {
        Name = "demo",
        WorkingDirectory = "/w",
        ComposeFiles = ["/w/compose.yaml"],
        Networks = new Dictionary<string, NetworkSpec>
        {
            ["front"] = new() { Name = "demo_front" },
            ["back"] = new() { Name = "demo_back" },
        },
        Volumes = new Dictionary<string, VolumeSpec> { ["data"] = new() { Name = "demo_data" } },
        Secrets = new Dictionary<string, FileObjectSpec> { ["token"] = new() { Name = "token", File = "/w/token.txt" } },
    };

    private static ContainerCreatePlan Create(ServiceSpec service, EngineApiVersion? version = null) =>
        new ContainerSpecFactory(Demo, version ?? new EngineApiVersion(1, 41)).Create(service, new ContainerIdentity("demo-web-1", 1, false, "hash", "sha256:img"));

    private static ServiceSpec Web => new()
    {
        Name = "web",
        Image = "busybox",
        Networks = new Dictionary<string, ServiceNetworkSpec?> { ["front"] = new() { Aliases = ["www"] }, ["back"] = null },
    };

    [Fact]
    public void Labels_are_those_of_compose_v2()
    {
        var labels = Create(Web with { DependsOn = new Dictionary<string, ServiceDependency> { ["db"] = new() { Condition = DependencyCondition.ServiceHealthy } } }).Request.Labels!;
        Assert.Equal("demo", labels[ComposeLabels.Project]);
        Assert.Equal("web", labels[ComposeLabels.Service]);
        Assert.Equal("1", labels[ComposeLabels.ContainerNumber]);
        Assert.Equal("False", labels[ComposeLabels.OneOff]);
        Assert.Equal("hash", labels[ComposeLabels.ConfigHash]);
        Assert.Equal("/w/compose.yaml", labels[ComposeLabels.ConfigFiles]);
        Assert.Equal("/w", labels[ComposeLabels.WorkingDir]);
        Assert.Equal("db:service_healthy:false", labels[ComposeLabels.DependsOn]);
        Assert.Equal("sha256:img", labels[ComposeLabels.Image]);
    }

    [Fact]
    public void Below_api_1_44_the_first_network_is_joined_at_create_and_the_others_before_start()
    {
        var plan = Create(Web);
        Assert.Equal("demo_back", plan.Request.HostConfig!.NetworkMode);
        Assert.Equal(["demo_back"], plan.Request.NetworkingConfig!.EndpointsConfig!.Keys);
        var (network, options) = Assert.Single(plan.NetworksToConnect);
        Assert.Equal("demo_front", network);
        Assert.Equal(["demo-web-1", "web", "www"], options.Aliases);
    }

    [Fact]
    public void From_api_1_44_every_network_is_joined_at_create()
    {
        var plan = Create(Web, new EngineApiVersion(1, 44));
        Assert.Equal(["demo_back", "demo_front"], plan.Request.NetworkingConfig!.EndpointsConfig!.Keys.Order());
        Assert.Empty(plan.NetworksToConnect);
    }

    [Fact]
    public void Ports_volumes_and_secrets_map_to_the_engine_fields()
    {
        var service = Web with
        {
            Ports = [new PortSpec { Target = 80, Published = "8080", HostIp = "127.0.0.1" }, new PortSpec { Target = 53, Protocol = "udp" }],
            Expose = ["9000-9001"],
            Volumes =
            [
                new MountSpec { Type = MountType.Volume, Source = "data", Target = "/data" },
                new MountSpec { Type = MountType.Volume, Target = "/anon" },
                new MountSpec { Type = MountType.Bind, Source = "/w/src", Target = "/src", ReadOnly = true, Bind = new BindOptions { CreateHostPath = true } },
                new MountSpec { Type = MountType.Tmpfs, Target = "/tmp", Tmpfs = new TmpfsOptions { Size = 1024 } },
            ],
            Secrets = [new FileReference { Source = "token" }],
        };
        var request = Create(service).Request;
        Assert.Equal("8080", request.HostConfig!.PortBindings!["80/tcp"]![0].HostPort);
        Assert.Equal("127.0.0.1", request.HostConfig.PortBindings["80/tcp"]![0].HostIp);
        Assert.True(request.ExposedPorts!.ContainsKey("53/udp"));
        Assert.True(request.ExposedPorts.ContainsKey("9001/tcp"));
        Assert.Contains("/w/src:/src:ro", request.HostConfig.Binds!);
        Assert.Contains("/w/token.txt:/run/secrets/token:ro", request.HostConfig.Binds!);
        Assert.Contains(request.HostConfig.Mounts!, m => m is { Type: "volume", Source: "demo_data", Target: "/data" });
        Assert.Contains(request.HostConfig.Mounts!, m => m is { Type: "volume", Source: null, Target: "/anon" });
        Assert.Contains(request.HostConfig.Mounts!, m => m is { Type: "tmpfs", Target: "/tmp", TmpfsOptions.SizeBytes: 1024 });
    }

    [Fact]
    public void Healthcheck_restart_resources_and_limits_map()
    {
        var service = Web with
        {
            Healthcheck = new HealthcheckSpec { Test = ["CMD-SHELL", "true"], Interval = TimeSpan.FromSeconds(2), Retries = 3, StartInterval = TimeSpan.FromSeconds(1) },
            Restart = "on-failure:3",
            Cpus = 1.5f,
            MemLimit = 64 * 1024 * 1024,
            StopGracePeriod = TimeSpan.FromSeconds(3),
            Ulimits = new Dictionary<string, UlimitSpec> { ["nofile"] = new() { Soft = 100, Hard = 200 } },
        };
        var request = Create(service).Request;
        Assert.Equal(2_000_000_000, request.Healthcheck!.Interval);
        Assert.Null(request.Healthcheck.StartInterval); // not on API 1.41
        Assert.Equal("on-failure", request.HostConfig!.RestartPolicy!.Name);
        Assert.Equal(3, request.HostConfig.RestartPolicy.MaximumRetryCount);
        Assert.Equal(1_500_000_000, request.HostConfig.NanoCpus);
        Assert.Equal(64 * 1024 * 1024, request.HostConfig.Memory);
        Assert.Equal(3, request.StopTimeout);
        Assert.Equal(200, Assert.Single(request.HostConfig.Ulimits!).Hard);
    }

    [Fact]
    public void Disabled_healthcheck_is_none_and_network_mode_service_resolves_to_the_container()
    {
        var factory = new ContainerSpecFactory(Demo, new EngineApiVersion(1, 41)) { ServiceContainerResolver = s => s == "vpn" ? "abc123" : null };
        var plan = factory.Create(Web with { NetworkMode = "service:vpn", Healthcheck = new HealthcheckSpec { Disable = true } }, new ContainerIdentity("demo-web-1", 1, false, "h", null));
        Assert.Equal(["NONE"], plan.Request.Healthcheck!.Test);
        Assert.Equal("container:abc123", plan.Request.HostConfig!.NetworkMode);
        Assert.Null(plan.Request.NetworkingConfig);
    }
}
