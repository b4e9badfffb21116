using System.Text;
using System.Text.Json;
using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

public sealed class RegistryCredentialTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Theory]
    [InlineData("busybox", "docker.io")]
    [InlineData("library/busybox:1", "docker.io")]
    [InlineData("user/app", "docker.io")]
    [InlineData("127.0.0.1:5000/sctest/busybox:t", "127.0.0.1:5000")]
    [InlineData("localhost/app", "localhost")]
    [InlineData("ghcr.io/o/app@sha256:abc", "ghcr.io")]
    public void Registry_of_an_image(string image, string registry) => Assert.Equal(registry, RegistryCredentialStore.RegistryOf(image));

    [Theory]
    [InlineData("busybox", "busybox", null)]
    [InlineData("busybox:1.36", "busybox", "1.36")]
    [InlineData("127.0.0.1:5000/a/b", "127.0.0.1:5000/a/b", null)]
    [InlineData("127.0.0.1:5000/a/b:t", "127.0.0.1:5000/a/b", "t")]
    [InlineData("a/b@sha256:00", "a/b", "sha256:00")]
    public void Image_references_split_into_repository_and_tag(string image, string repository, string? tag) =>
        Assert.Equal((repository, tag), EngineImages.SplitReference(image));

    [Fact]
    public async Task Auths_base64_field_is_decoded()
    {
        _dir.Write("config.json", "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + B64("alice:s3cret:with:colons")
            + "\"},\"https://index.docker.io/v1/\":{\"auth\":\"" + B64("hub:pw") + "\"}}}");
        var store = new RegistryCredentialStore(_dir.Path);
        var local = await store.GetAsync("127.0.0.1:5000", TestContext.Current.CancellationToken);
        Assert.Equal("alice", local!.Username);
        Assert.Equal("s3cret:with:colons", local.Password);
        Assert.Equal("127.0.0.1:5000", local.ServerAddress);
        var hub = await store.GetAsync("docker.io", TestContext.Current.CancellationToken);
        Assert.Equal("hub", hub!.Username);
        Assert.Null(await store.GetAsync("ghcr.io", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task No_config_means_no_credentials() =>
        Assert.Null(await new RegistryCredentialStore(_dir.Path).GetAsync("docker.io", TestContext.Current.CancellationToken));

    private string WriteHelper(string name, string script)
    {
        var path = _dir.Write(Path.Combine("bin", "docker-credential-" + name), "#!/bin/sh\n" + script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Path.GetDirectoryName(path)!;
    }

    [Fact]
    public async Task CredHelpers_run_the_helper_with_the_server_on_stdin()
    {
        var bin = WriteHelper("fake", """
            read server
            [ "$1" = get ] || exit 2
            printf '{"ServerURL":"%s","Username":"bob","Secret":"pw-for-%s"}' "$server" "$server"
            """);
        _dir.Write("config.json", """{"credHelpers":{"registry.test":"fake"}}""");
        var store = new RegistryCredentialStore(_dir.Path, helperDirectories: [bin]);
        var auth = await store.GetAsync("registry.test", TestContext.Current.CancellationToken);
        Assert.Equal("bob", auth!.Username);
        Assert.Equal("pw-for-registry.test", auth.Password);
        Assert.Null(await store.GetAsync("other.test", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CredsStore_token_answers_become_identity_tokens()
    {
        var bin = WriteHelper("store", """printf '{"ServerURL":"x","Username":"<token>","Secret":"tok"}'""");
        _dir.Write("config.json", """{"credsStore":"store"}""");
        var auth = await new RegistryCredentialStore(_dir.Path, helperDirectories: [bin]).GetAsync("docker.io", TestContext.Current.CancellationToken);
        Assert.Equal("tok", auth!.IdentityToken);
        Assert.Null(auth.Username);
    }

    [Fact]
    public async Task A_helper_saying_not_found_means_no_credentials()
    {
        var bin = WriteHelper("empty", "echo 'credentials not found in native keychain'; exit 1");
        _dir.Write("config.json", """{"credsStore":"empty"}""");
        Assert.Null(await new RegistryCredentialStore(_dir.Path, helperDirectories: [bin]).GetAsync("docker.io", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task All_credentials_for_a_build_come_from_auths_helpers_and_the_store_list()
    {
        var bin = WriteHelper("store", """
            if [ "$1" = list ]; then printf '{"https://index.docker.io/v1/":"hub","store.test":"s"}'; exit 0; fi
            read server
            printf '{"ServerURL":"%s","Username":"u-%s","Secret":"p"}' "$server" "$server"
            """);
        WriteHelper("special", """read server; printf '{"ServerURL":"%s","Username":"special","Secret":"p"}' "$server" """);
        WriteHelper("broken", "exit 3");
        _dir.Write("config.json", "{\"auths\":{\"file.test\":{\"auth\":\"" + B64("f:p") + "\"}},\"credsStore\":\"store\","
            + "\"credHelpers\":{\"helper.test\":\"special\",\"broken.test\":\"broken\"}}");
        var all = await new RegistryCredentialStore(_dir.Path, helperDirectories: [Path.Combine(_dir.Path, "bin")]).GetAllAsync(TestContext.Current.CancellationToken);
        Assert.Equal("f", all["file.test"].Username);
        Assert.Equal("special", all["helper.test"].Username);
        Assert.Equal("u-store.test", all["store.test"].Username);
        Assert.Equal("u-https://index.docker.io/v1/", all["https://index.docker.io/v1/"].Username);
        Assert.False(all.ContainsKey("broken.test"));
    }

    [Fact]
    public void The_auth_header_is_url_safe_base64_json()
    {
        var header = RegistryCredentialStore.EncodeHeader(new RegistryAuth { Username = "u", Password = "p", ServerAddress = "s" });
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(header.Replace('-', '+').Replace('_', '/')));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("u", doc.RootElement.GetProperty("Username").GetString());
        Assert.Equal("e30=", RegistryCredentialStore.EncodeHeader(null));
    }
}
