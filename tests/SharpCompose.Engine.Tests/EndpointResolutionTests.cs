using System.Text;
using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

public sealed class EndpointResolutionTests : IDisposable
{
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    private EngineEndpoint Resolve(Dictionary<string, string>? env = null, string? host = null, string? context = null) =>
        EngineEndpoint.Resolve(new EndpointInputs
        {
            Environment = env ?? new Dictionary<string, string>(),
            HomeDirectory = _home.Path,
            Host = host,
            Context = context,
        });

    private string WriteContext(string name, string host, bool skipTlsVerify = false, bool withTls = false, string? configDir = null)
    {
        configDir ??= Path.Combine(_home.Path, ".docker");
        var id = EngineEndpoint.ContextDirectoryName(name);
        var meta = Path.Combine(configDir, "contexts", "meta", id);
        Directory.CreateDirectory(meta);
        File.WriteAllText(Path.Combine(meta, "meta.json"),
            "{\"Name\":\"" + name + "\",\"Metadata\":{\"Description\":\"test\"},\"Endpoints\":{\"docker\":{\"Host\":\"" + host
            + "\",\"SkipTLSVerify\":" + (skipTlsVerify ? "true" : "false") + "}}}");
        if (withTls)
        {
            var tls = Path.Combine(configDir, "contexts", "tls", id, "docker");
            Directory.CreateDirectory(tls);
            foreach (var f in new[] { "ca.pem", "cert.pem", "key.pem" }) File.WriteAllText(Path.Combine(tls, f), "x");
        }
        return id;
    }

    [Fact]
    public void Nothing_set_is_the_default_socket()
    {
        var e = Resolve();
        Assert.Equal("unix:///var/run/docker.sock", e.Host);
        Assert.Equal(EndpointKind.Unix, e.Kind);
        Assert.Equal("/var/run/docker.sock", e.UnixPath);
        Assert.Null(e.Tls);
        Assert.Null(e.PinnedApiVersion);
    }

    [Fact]
    public void Context_directory_is_the_sha256_of_the_name() =>
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("remote"))),
            EngineEndpoint.ContextDirectoryName("remote"));

    [Fact]
    public void DOCKER_HOST_unix()
    {
        var e = Resolve(new() { ["DOCKER_HOST"] = "unix:///tmp/x.sock" });
        Assert.Equal(EndpointKind.Unix, e.Kind);
        Assert.Equal("/tmp/x.sock", e.UnixPath);
        Assert.Equal("DOCKER_HOST", e.Source);
    }

    [Fact]
    public void DOCKER_HOST_tcp_plain_defaults_to_port_2375()
    {
        var e = Resolve(new() { ["DOCKER_HOST"] = "tcp://10.1.2.3" });
        Assert.Equal(EndpointKind.Tcp, e.Kind);
        Assert.Equal("10.1.2.3", e.HostName);
        Assert.Equal(2375, e.Port);
        Assert.Null(e.Tls);
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_and_DOCKER_CERT_PATH_give_verified_TLS()
    {
        var certs = Path.Combine(_home.Path, "certs");
        Directory.CreateDirectory(certs);
        foreach (var f in new[] { "ca.pem", "cert.pem", "key.pem" }) File.WriteAllText(Path.Combine(certs, f), "x");
        var e = Resolve(new() { ["DOCKER_HOST"] = "tcp://example.test:2376", ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = certs });
        Assert.NotNull(e.Tls);
        Assert.True(e.Tls.Verify);
        Assert.Equal(Path.Combine(certs, "ca.pem"), e.Tls.CaFile);
        Assert.Equal(Path.Combine(certs, "cert.pem"), e.Tls.CertFile);
        Assert.Equal(Path.Combine(certs, "key.pem"), e.Tls.KeyFile);
        Assert.Equal(2376, e.Port);
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_without_cert_path_reads_the_docker_config_directory()
    {
        var docker = Path.Combine(_home.Path, ".docker");
        Directory.CreateDirectory(docker);
        File.WriteAllText(Path.Combine(docker, "ca.pem"), "x");
        var e = Resolve(new() { ["DOCKER_HOST"] = "tcp://h:2376", ["DOCKER_TLS_VERIFY"] = "1" });
        Assert.Equal(Path.Combine(docker, "ca.pem"), e.Tls!.CaFile);
        Assert.Null(e.Tls.CertFile);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    public void Any_non_empty_DOCKER_TLS_VERIFY_verifies_like_the_docker_CLI(string value) =>
        Assert.True(Resolve(new() { ["DOCKER_HOST"] = "tcp://h:2376", ["DOCKER_TLS_VERIFY"] = value }).Tls!.Verify);

    [Fact]
    public void DOCKER_TLS_alone_is_TLS_without_verification()
    {
        var e = Resolve(new() { ["DOCKER_HOST"] = "tcp://h", ["DOCKER_TLS"] = "1" });
        Assert.False(e.Tls!.Verify);
        Assert.Equal(2376, e.Port);
    }

    [Fact]
    public void TLS_environment_does_not_apply_to_a_unix_socket() =>
        Assert.Null(Resolve(new() { ["DOCKER_HOST"] = "unix:///tmp/a.sock", ["DOCKER_TLS_VERIFY"] = "1" }).Tls);

    [Fact]
    public void Explicit_host_wins_over_DOCKER_HOST_and_contexts()
    {
        WriteContext("remote", "tcp://10.0.0.1:2375");
        var e = Resolve(new() { ["DOCKER_HOST"] = "tcp://a:1", ["DOCKER_CONTEXT"] = "remote" }, host: "unix:///tmp/explicit.sock");
        Assert.Equal("unix:///tmp/explicit.sock", e.Host);
        Assert.Equal("--host", e.Source);
    }

    [Fact]
    public void DOCKER_HOST_wins_over_DOCKER_CONTEXT()
    {
        WriteContext("remote", "tcp://10.0.0.1:2375");
        Assert.Equal("tcp://a:1", Resolve(new() { ["DOCKER_HOST"] = "tcp://a:1", ["DOCKER_CONTEXT"] = "remote" }).Host);
    }

    [Fact]
    public void Explicit_context_wins_over_DOCKER_HOST()
    {
        WriteContext("remote", "tcp://10.0.0.1:2375");
        Assert.Equal("tcp://10.0.0.1:2375", Resolve(new() { ["DOCKER_HOST"] = "tcp://a:1" }, context: "remote").Host);
    }

    [Fact]
    public void DOCKER_CONTEXT_reads_the_context_store()
    {
        WriteContext("remote", "tcp://10.0.0.1:2375");
        var e = Resolve(new() { ["DOCKER_CONTEXT"] = "remote" });
        Assert.Equal("tcp://10.0.0.1:2375", e.Host);
        Assert.Equal("remote", e.ContextName);
        Assert.Null(e.Tls);
    }

    [Fact]
    public void Current_context_of_config_json_is_used()
    {
        WriteContext("ctx-b", "unix:///run/other.sock");
        File.WriteAllText(Path.Combine(_home.Path, ".docker", "config.json"), """{"auths":{},"currentContext":"ctx-b"}""");
        var e = Resolve();
        Assert.Equal("unix:///run/other.sock", e.Host);
        Assert.Equal("ctx-b", e.ContextName);
    }

    [Fact]
    public void DOCKER_CONFIG_moves_config_and_context_store()
    {
        var config = Path.Combine(_home.Path, "elsewhere");
        WriteContext("moved", "tcp://moved:2375", configDir: config);
        File.WriteAllText(Path.Combine(config, "config.json"), """{"currentContext":"moved"}""");
        Assert.Equal("tcp://moved:2375", Resolve(new() { ["DOCKER_CONFIG"] = config }).Host);
    }

    [Fact]
    public void Context_TLS_material_comes_from_the_tls_store()
    {
        var id = WriteContext("secure", "tcp://secure.test:2376", withTls: true);
        var e = Resolve(new() { ["DOCKER_CONTEXT"] = "secure" });
        Assert.NotNull(e.Tls);
        Assert.True(e.Tls.Verify);
        Assert.Equal(Path.Combine(_home.Path, ".docker", "contexts", "tls", id, "docker", "ca.pem"), e.Tls.CaFile);
        Assert.EndsWith("key.pem", e.Tls.KeyFile);
    }

    [Fact]
    public void Context_SkipTLSVerify_turns_verification_off()
    {
        WriteContext("insecure", "tcp://secure.test:2376", skipTlsVerify: true, withTls: true);
        Assert.False(Resolve(new() { ["DOCKER_CONTEXT"] = "insecure" }).Tls!.Verify);
    }

    [Fact]
    public void The_default_context_is_the_default_socket()
    {
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(_home.Path, ".docker")).FullName, "config.json"),
            """{"currentContext":"default"}""");
        Assert.Equal(EngineEndpoint.DefaultHost, Resolve().Host);
    }

    [Fact]
    public void A_missing_context_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Resolve(new() { ["DOCKER_CONTEXT"] = "nope" }));
        Assert.Contains("\"nope\"", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void DOCKER_API_VERSION_pins_the_version()
    {
        Assert.Equal(new EngineApiVersion(1, 41), Resolve(new() { ["DOCKER_API_VERSION"] = "1.41" }).PinnedApiVersion);
        Assert.Throws<ArgumentException>(() => Resolve(new() { ["DOCKER_API_VERSION"] = "latest" }));
    }

    [Fact]
    public void Ssh_hosts_keep_user_and_port()
    {
        var e = Resolve(new() { ["DOCKER_HOST"] = "ssh://deploy@build.example:2222" });
        Assert.Equal(EndpointKind.Ssh, e.Kind);
        Assert.Equal("deploy", e.UserName);
        Assert.Equal("build.example", e.HostName);
        Assert.Equal(2222, e.Port);
        var noPort = EngineEndpoint.Parse("ssh://build.example");
        Assert.Null(noPort.Port);
        Assert.Null(noPort.UserName);
    }

    [Fact]
    public void Ipv6_tcp_hosts()
    {
        var e = EngineEndpoint.Parse("tcp://[::1]:2375");
        Assert.Equal("tcp://[::1]:2375", e.Host);
        Assert.Equal("::1", e.HostName);
        Assert.Equal(2375, e.Port);
    }

    [Fact]
    public void A_bare_path_is_a_unix_socket() => Assert.Equal("unix:///run/docker.sock", EngineEndpoint.Parse("/run/docker.sock").Host);

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("unix://")]
    [InlineData("tcp://")]
    public void Invalid_hosts_are_refused(string host) => Assert.Throws<ArgumentException>(() => EngineEndpoint.Parse(host));
}
