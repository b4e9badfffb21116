using System.Text;
using System.Text.Json;

namespace SharpCompose.Engine.Tests;

/// <summary>The hand-written reader of GET /containers/json gives what the serializer gives.</summary>
public class ContainerListReaderTests
{
    // An answer of engine 20.10, trimmed to two containers, with fields of every shape (nulls, empty maps, nested networks).
    private const string Answer = """
    [{"Id":"8dfafdbc3a40","Names":["/p-web-1"],"Image":"busybox:latest","ImageID":"sha256:abc","Command":"sh -c 'sleep 1'",
      "Created":1732190000,"Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"PrivatePort":443,"Type":"tcp"}],
      "Labels":{"com.docker.compose.project":"p","com.docker.compose.service":"web","empty":""},"State":"running","Status":"Up 2 seconds",
      "HostConfig":{"NetworkMode":"p_default","Annotations":{"x":"y"}},
      "NetworkSettings":{"Networks":{"p_default":{"IPAMConfig":{"IPv4Address":"10.1.0.5","LinkLocalIPs":null},"Links":null,"Aliases":["web","8dfafdbc3a40"],
        "NetworkID":"n1","EndpointID":"e1","Gateway":"10.1.0.1","IPAddress":"10.1.0.5","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"",
        "GlobalIPv6PrefixLen":0,"MacAddress":"02:42:0a:01:00:05","DriverOpts":null,"Unknown":[1,{"a":[2]}]}}},
      "Mounts":[{"Type":"volume","Name":"p_data","Source":"/var/lib/docker/volumes/p_data/_data","Destination":"/data","Driver":"local","Mode":"z","RW":true,"Propagation":""},
                {"Type":"bind","Source":"/tmp","Destination":"/tmp","Mode":"ro","RW":false,"Propagation":"rprivate"}]},
     {"Id":"2","Names":null,"Image":"x","ImageID":"","Command":"","Created":0,"Ports":[],"Labels":{},"State":"exited","Status":"Exited (0)",
      "HostConfig":{},"NetworkSettings":{"Networks":{}},"Mounts":[],"SizeRw":12,"SizeRootFs":1234567890123}]
    """;

    private static string Canonical(List<ContainerSummary> list) =>
        JsonSerializer.Serialize(list, EngineJsonContext.Default.ListContainerSummary);

    [Fact]
    public void Reads_what_the_serializer_reads()
    {
        var bytes = Encoding.UTF8.GetBytes(Answer);
        var expected = JsonSerializer.Deserialize(bytes, EngineJsonContext.Default.ListContainerSummary)!;
        var actual = ContainerListReader.Read(bytes);
        Assert.Equal(Canonical(expected), Canonical(actual));
        Assert.Equal(8080, actual[0].Ports![0].PublicPort);
        Assert.Null(actual[0].Ports![1].PublicPort);
        Assert.Equal(["web", "8dfafdbc3a40"], actual[0].NetworkSettings!.Networks!["p_default"].Aliases);
        Assert.Equal(1234567890123, actual[1].SizeRootFs);
    }

    [Theory]
    [InlineData("null", 0)]
    [InlineData("[]", 0)]
    [InlineData("""[{"id":"lower-case names","state":"running"}]""", 1)]
    public void Reads_edge_cases(string json, int count)
    {
        var list = ContainerListReader.Read(Encoding.UTF8.GetBytes(json));
        Assert.Equal(count, list.Count);
        if (count == 1) Assert.Equal("lower-case names", list[0].Id);
    }

    [Theory]
    [InlineData("""{"Id":"x"}""")]
    [InlineData("""[{"Id":5}]""")]
    [InlineData("""[{"Id":"x",""")]
    public void Rejects_what_is_not_a_container_list(string json) =>
        Assert.ThrowsAny<JsonException>(() => ContainerListReader.Read(Encoding.UTF8.GetBytes(json)));
}
