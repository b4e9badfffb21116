namespace SharpCompose.Engine.Tests;

public class ApiVersionTests
{
    private const string Endpoint = "unix:///var/run/docker.sock";

    [Theory]
    [InlineData("1.41", "1.41")]
    [InlineData("1.43", "1.43")]
    [InlineData("1.47", "1.47")]
    [InlineData("1.48", "1.47")]
    [InlineData("1.51", "1.47")]
    [InlineData("2.0", "1.47")]
    public void Negotiation_uses_the_smaller_of_client_max_and_server(string server, string expected) =>
        Assert.Equal(expected, EngineApiVersion.Negotiate(server, null, Endpoint).ToString());

    [Fact]
    public void A_server_older_than_1_41_is_refused_with_a_clear_message()
    {
        var e = Assert.Throws<EngineIncompatibleException>(() => EngineApiVersion.Negotiate("1.40", null, Endpoint));
        Assert.Contains("1.40", e.Message);
        Assert.Contains("older than 1.41", e.Message);
        Assert.Contains(Endpoint, e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nonsense")]
    public void An_answer_without_a_usable_Api_Version_is_not_a_Docker_Engine(string? header)
    {
        var e = Assert.Throws<EngineIncompatibleException>(() => EngineApiVersion.Negotiate(header, null, Endpoint));
        Assert.Contains("not a Docker Engine API", e.Message);
    }

    [Fact]
    public void A_pinned_version_wins_over_the_server()
    {
        Assert.Equal(new EngineApiVersion(1, 43), EngineApiVersion.Negotiate("1.41", new EngineApiVersion(1, 43), Endpoint));
        Assert.Equal(new EngineApiVersion(1, 41), EngineApiVersion.Negotiate("1.45", new EngineApiVersion(1, 41), Endpoint));
        Assert.Equal(new EngineApiVersion(1, 44), EngineApiVersion.Negotiate(null, new EngineApiVersion(1, 44), Endpoint));
    }

    [Fact]
    public void A_pinned_version_older_than_1_41_is_refused() =>
        Assert.Throws<EngineIncompatibleException>(() => EngineApiVersion.Negotiate("1.41", new EngineApiVersion(1, 30), Endpoint));

    [Fact]
    public void Feature_gates_follow_the_version()
    {
        var v141 = new EngineApiVersion(1, 41);
        var v144 = new EngineApiVersion(1, 44);
        Assert.False(v141.SupportsMultipleNetworksAtCreate);
        Assert.True(v141.NeedsCheckDuplicate);
        Assert.True(v144.SupportsMultipleNetworksAtCreate);
        Assert.False(v144.NeedsCheckDuplicate);
        Assert.True(new EngineApiVersion(1, 43).NeedsCheckDuplicate);
        Assert.False(new EngineApiVersion(1, 43).SupportsMultipleNetworksAtCreate);
    }

    [Theory]
    [InlineData("1.41", 1, 41)]
    [InlineData("v1.44", 1, 44)]
    [InlineData(" 1.9 ", 1, 9)]
    public void Parses(string text, int major, int minor) => Assert.Equal(new EngineApiVersion(major, minor), EngineApiVersion.Parse(text));

    [Fact]
    public void Orders_numerically_not_textually()
    {
        Assert.True(new EngineApiVersion(1, 9) < new EngineApiVersion(1, 10));
        Assert.True(new EngineApiVersion(2, 0) > new EngineApiVersion(1, 47));
    }
}
