using System.Text;
using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

/// <summary>tcp:// without TLS, through a test-owned tcp-to-unix proxy in front of the real engine.</summary>
public sealed class PlainTcpTransportTests(EngineFixture fixture) : EngineTest(fixture)
{
    [Fact]
    public async Task Api_calls_logs_and_exec_with_half_close_over_plain_tcp()
    {
        _ = Engine;
        await using var proxy = new TcpToUnixProxy(EngineFixture.DefaultOptions.Endpoint.UnixPath);
        using var engine = await DockerEngine.ConnectAsync(new EngineOptions { Endpoint = EngineEndpoint.Parse($"tcp://127.0.0.1:{proxy.Port}") }, Ct);
        Assert.Equal(Engine.ApiVersion, engine.ApiVersion);
        Assert.False(string.IsNullOrEmpty((await engine.System.GetVersionAsync(Ct)).Version));

        var name = TrackContainer(UniqueName());
        await engine.Containers.CreateAsync(name, new ContainerCreateRequest
        {
            Image = "busybox:latest",
            Cmd = ["sh", "-c", "trap 'exit 0' TERM; echo started; while true; do sleep 0.2; done"],
            Labels = Labels,
        }, Ct);
        await engine.Containers.StartAsync(name, Ct);
        var exec = await engine.Exec.CreateAsync(name, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "wc -l; exit 2"], AttachStdin = true, AttachStdout = true, AttachStderr = true,
        }, Ct);
        await using (var session = await engine.Exec.StartAsync(exec, cancellationToken: Ct))
        {
            await session.CopyInputFromAsync(new MemoryStream("1\n2\n3\n"u8.ToArray()), Ct);
            var (stdout, _) = await session.ReadToEndAsync(Ct);
            Assert.Equal("3", Encoding.UTF8.GetString(stdout).Trim());
        }
        await EventuallyAsync(async () => (await engine.Exec.InspectAsync(exec, Ct)).ExitCode == 2, TimeSpan.FromSeconds(10), "exit code 2");
        await engine.Containers.StopAsync(name, 5, Ct);
        var lines = new List<LogLine>();
        await foreach (var l in engine.Containers.GetLogLinesAsync(name, cancellationToken: Ct)) lines.Add(l);
        Assert.Equal("started", Assert.Single(lines).Text);
        Assert.True(proxy.Connections >= 2);
    }
}
