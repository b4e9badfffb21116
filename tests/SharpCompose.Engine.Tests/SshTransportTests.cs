using System.Text;
using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

/// <summary>
/// The ssh:// transport, with a stand-in ssh client (no sshd here): a script that records its arguments and runs
/// `docker system dial-stdio` against the local engine, exactly what the remote side of a real ssh would run.
/// </summary>
public sealed class SshTransportTests(EngineFixture fixture) : EngineTest(fixture)
{
    private readonly TempDirectory _dir = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    private string FakeSsh()
    {
        var args = Path.Combine(_dir.Path, "args");
        var script = _dir.Write("ssh", $"#!/bin/sh\nprintf '%s\\n' \"$@\" > {args}\nexec docker -H {EngineFixture.DefaultOptions.Endpoint.Host} system dial-stdio\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private async Task<DockerEngine> ConnectAsync() =>
        await DockerEngine.ConnectAsync(new EngineOptions
        {
            Endpoint = EngineEndpoint.Parse("ssh://deploy@build.example:2222"),
            SshCommand = FakeSsh(),
        }, Ct);

    [Fact]
    public async Task Ssh_runs_dial_stdio_on_the_remote_and_speaks_the_api_through_it()
    {
        _ = Engine;
        if (!File.Exists("/usr/bin/docker")) Assert.Skip("the docker CLI (for docker system dial-stdio) is not installed");
        using var engine = await ConnectAsync();
        Assert.Equal(Engine.ApiVersion, engine.ApiVersion);
        var version = await engine.System.GetVersionAsync(Ct);
        Assert.False(string.IsNullOrEmpty(version.Version));
        var args = File.ReadAllLines(Path.Combine(_dir.Path, "args"));
        Assert.Equal(["-l", "deploy", "-p", "2222", "--", "build.example", "docker", "system", "dial-stdio"], args[^9..]);
    }

    [Fact]
    public async Task A_failing_ssh_is_a_clear_error_carrying_what_ssh_said()
    {
        var script = _dir.Write("failing-ssh", "#!/bin/sh\necho 'ssh: Could not resolve hostname nowhere.invalid' >&2\nexit 255\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EngineUnavailableException>(() => DockerEngine.ConnectAsync(new EngineOptions
        {
            Endpoint = EngineEndpoint.Parse("ssh://nowhere.invalid"),
            SshCommand = script,
            PingTimeout = TimeSpan.FromSeconds(5),
        }, Ct));
        Assert.StartsWith("cannot connect to the Docker Engine at ssh://nowhere.invalid: ", e.Message);
        Assert.Contains("Could not resolve hostname nowhere.invalid", e.Message);
        Assert.Contains("exited with code 255", e.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_missing_ssh_client_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<EngineUnavailableException>(() => DockerEngine.ConnectAsync(new EngineOptions
        {
            Endpoint = EngineEndpoint.Parse("ssh://somewhere"),
            SshCommand = Path.Combine(_dir.Path, "no-such-ssh"),
        }, Ct));
        Assert.Contains("could not start ssh", e.Message);
    }

    [Fact]
    public async Task Exec_over_ssh_half_closes_stdin()
    {
        _ = Engine;
        if (!File.Exists("/usr/bin/docker")) Assert.Skip("the docker CLI (for docker system dial-stdio) is not installed");
        using var engine = await ConnectAsync();
        var container = await CreateContainerAsync(["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]);
        await engine.Containers.StartAsync(container, Ct);
        var exec = await engine.Exec.CreateAsync(container, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "cat; exit 6"], AttachStdin = true, AttachStdout = true, AttachStderr = true,
        }, Ct);
        await using (var session = await engine.Exec.StartAsync(exec, cancellationToken: Ct))
        {
            await session.CopyInputFromAsync(new MemoryStream("through ssh\n"u8.ToArray()), Ct);
            var (stdout, _) = await session.ReadToEndAsync(Ct);
            Assert.Equal("through ssh\n", Encoding.UTF8.GetString(stdout));
        }
        await EventuallyAsync(async () => (await engine.Exec.InspectAsync(exec, Ct)).ExitCode == 6, TimeSpan.FromSeconds(10), "exit code 6");
    }
}
