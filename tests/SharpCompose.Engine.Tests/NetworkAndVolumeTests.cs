using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

public sealed class NetworkAndVolumeTests(EngineFixture fixture) : EngineTest(fixture)
{
    private static int _subnet = Random.Shared.Next(0, 200);

    private static string Subnet(out string gateway, out string free)
    {
        var n = Interlocked.Increment(ref _subnet) % 250;
        gateway = $"10.201.{n}.1";
        free = $"10.201.{n}.50";
        return $"10.201.{n}.0/24";
    }

    [Fact]
    public async Task Network_create_inspect_list_connect_disconnect_remove()
    {
        var engine = Engine;
        var name = TrackNetwork(UniqueName("sctest-net"));
        var subnet = Subnet(out var gateway, out var fixedIp);
        var created = await engine.Networks.CreateAsync(new NetworkCreateRequest
        {
            Name = name,
            Driver = "bridge",
            Labels = new Dictionary<string, string>(Labels) { ["com.docker.compose.network"] = "default" },
            Attachable = true,
            Internal = true,
            IPAM = new Ipam { Driver = "default", Config = [new IpamPoolConfig { Subnet = subnet, Gateway = gateway }] },
            Options = new Dictionary<string, string> { ["com.docker.network.bridge.enable_icc"] = "true" },
        }, Ct);
        Assert.Matches("^[0-9a-f]{64}$", created.Id);

        var inspect = await engine.Networks.InspectAsync(name, Ct);
        Assert.Equal(created.Id, inspect.Id);
        Assert.Equal("bridge", inspect.Driver);
        Assert.True(inspect.Internal);
        Assert.True(inspect.Attachable);
        Assert.Equal(subnet, Assert.Single(inspect.IPAM!.Config!).Subnet);
        Assert.Equal("default", inspect.Labels!["com.docker.compose.network"]);

        var listed = await engine.Networks.ListAsync(new NetworkListOptions { Filters = new EngineFilters().Add("name", name).Label(EngineFixture.TestLabel) }, Ct);
        Assert.Equal(name, Assert.Single(listed).Name);

        var container = await CreateContainerAsync(["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]);
        await engine.Containers.StartAsync(container, Ct);
        await engine.Networks.ConnectAsync(name, container, new NetworkConnectOptions { Aliases = ["db", "database"], IPv4Address = fixedIp }, Ct);
        var settings = (await engine.Containers.InspectAsync(container, Ct)).NetworkSettings!.Networks![name];
        Assert.Equal(fixedIp, settings.IPAddress);
        Assert.Contains("db", settings.Aliases!);
        Assert.Contains("database", settings.Aliases!);
        Assert.Contains(container, (await engine.Networks.InspectAsync(name, Ct)).Containers!.Values.Select(c => c.Name));

        await engine.Networks.DisconnectAsync(name, container, force: true, Ct);
        Assert.DoesNotContain(name, (await engine.Containers.InspectAsync(container, Ct)).NetworkSettings!.Networks!.Keys);

        await engine.Networks.RemoveAsync(name, Ct);
        Assert.Null(await engine.Networks.TryInspectAsync(name, Ct));
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Networks.RemoveAsync(name, Ct));
    }

    [Fact]
    public async Task A_second_network_of_the_same_name_is_refused()
    {
        // Before API 1.44 this relies on CheckDuplicate, which the client sets itself.
        var engine = Engine;
        var name = TrackNetwork(UniqueName("sctest-net"));
        var first = await engine.Networks.CreateAsync(new NetworkCreateRequest { Name = name, Labels = Labels }, Ct);
        try
        {
            var e = await Assert.ThrowsAsync<EngineConflictException>(() => engine.Networks.CreateAsync(new NetworkCreateRequest { Name = name, Labels = Labels }, Ct));
            Assert.Contains(name, e.Message);
        }
        finally
        {
            // If a duplicate was created anyway, remove every network of that name.
            foreach (var n in await engine.Networks.ListAsync(new NetworkListOptions { Filters = new EngineFilters().Add("name", name) }, Ct))
                if (n.Id != first.Id) await engine.Networks.RemoveAsync(n.Id, Ct);
        }
    }

    [Fact]
    public async Task Container_created_on_a_network_with_aliases()
    {
        var engine = Engine;
        var net = TrackNetwork(UniqueName("sctest-net"));
        await engine.Networks.CreateAsync(new NetworkCreateRequest { Name = net, Labels = Labels }, Ct);
        var name = TrackContainer(UniqueName());
        await engine.Containers.CreateAsync(name, new ContainerCreateRequest
        {
            Image = "busybox:latest",
            Cmd = ["true"],
            Labels = Labels,
            HostConfig = new HostConfig { NetworkMode = net },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [net] = new EndpointSettings { Aliases = ["web"] } },
            },
        }, Ct);
        var settings = (await engine.Containers.InspectAsync(name, Ct)).NetworkSettings!.Networks![net];
        Assert.Contains("web", settings.Aliases!);
    }

    [Fact]
    public async Task Volume_create_inspect_list_remove()
    {
        var engine = Engine;
        var name = TrackVolume(UniqueName("sctest-vol"));
        var created = await engine.Volumes.CreateAsync(new VolumeCreateRequest
        {
            Name = name,
            Driver = "local",
            DriverOpts = new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m" },
            Labels = new Dictionary<string, string>(Labels) { ["com.docker.compose.volume"] = "data" },
        }, Ct);
        Assert.Equal(name, created.Name);
        Assert.Equal("local", created.Driver);

        var inspect = await engine.Volumes.InspectAsync(name, Ct);
        Assert.Equal("tmpfs", inspect.Options!["type"]);
        Assert.Equal("data", inspect.Labels!["com.docker.compose.volume"]);
        Assert.False(string.IsNullOrEmpty(inspect.Mountpoint));

        var listed = await engine.Volumes.ListAsync(new VolumeListOptions { Filters = new EngineFilters().Add("name", name).Label(EngineFixture.RunLabel, EngineFixture.RunId) }, Ct);
        Assert.Equal(name, Assert.Single(listed).Name);

        // In use: plain remove is a conflict, force removes it once the container is gone.
        var container = await CreateContainerAsync(["true"], hostConfig: new HostConfig { Binds = [$"{name}:/data"] });
        await Assert.ThrowsAsync<EngineConflictException>(() => engine.Volumes.RemoveAsync(name, cancellationToken: Ct));
        await engine.Containers.RemoveAsync(container, new ContainerRemoveOptions { Force = true }, Ct);
        await engine.Volumes.RemoveAsync(name, force: true, Ct);
        Assert.Null(await engine.Volumes.TryInspectAsync(name, Ct));
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Volumes.InspectAsync(name, Ct));
    }
}
