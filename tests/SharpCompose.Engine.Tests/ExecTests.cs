using System.Text;
using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

public sealed class ExecTests(EngineFixture fixture) : EngineTest(fixture)
{
    private async Task<string> RunningContainerAsync()
    {
        var name = await CreateContainerAsync(["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]);
        await Engine.Containers.StartAsync(name, Ct);
        return name;
    }

    [Fact]
    public async Task Stdin_is_piped_in_and_the_exit_code_read_back()
    {
        var engine = Engine;
        var container = await RunningContainerAsync();
        var exec = await engine.Exec.CreateAsync(container, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "tr a-z A-Z; echo done >&2; exit 3"],
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            Env = ["X=1"],
        }, Ct);
        await using (var session = await engine.Exec.StartAsync(exec, cancellationToken: Ct))
        {
            Assert.False(session.Tty);
            await session.CopyInputFromAsync(new MemoryStream("hello\nworld\n"u8.ToArray()), Ct);
            var (stdout, stderr) = await session.ReadToEndAsync(Ct);
            Assert.Equal("HELLO\nWORLD\n", Encoding.UTF8.GetString(stdout));
            Assert.Equal("done\n", Encoding.UTF8.GetString(stderr));
        }
        ExecInspect inspect = null!;
        await EventuallyAsync(async () => !(inspect = await engine.Exec.InspectAsync(exec, Ct)).Running, TimeSpan.FromSeconds(10), "exec ends");
        Assert.Equal(3, inspect.ExitCode);
        Assert.Equal(container, (await engine.Containers.InspectAsync(container, Ct)).Id == inspect.ContainerID ? container : inspect.ContainerID);
    }

    [Fact]
    public async Task Large_input_and_output_flow_through()
    {
        var engine = Engine;
        var container = await RunningContainerAsync();
        var exec = await engine.Exec.CreateAsync(container, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "wc -c; cat /dev/zero | head -c 3000000"],
            AttachStdin = true, AttachStdout = true, AttachStderr = true,
        }, Ct);
        await using var session = await engine.Exec.StartAsync(exec, cancellationToken: Ct);
        var input = new byte[1_000_000];
        var writer = Task.Run(() => session.CopyInputFromAsync(new MemoryStream(input), Ct), Ct);
        long total = 0;
        var text = new StringBuilder();
        await foreach (var chunk in session.ReadAllOutputAsync(Ct))
        {
            if (total == 0 && text.Length < 32) text.Append(Encoding.ASCII.GetString(chunk.Data.Span[..Math.Min(chunk.Data.Length, 8)]));
            total += chunk.Data.Length;
        }
        await writer;
        Assert.StartsWith("1000000\n", text.ToString());
        Assert.Equal("1000000\n".Length + 3_000_000, total);
    }

    [Fact]
    public async Task Tty_exec_is_raw_and_resizable()
    {
        var engine = Engine;
        var container = await RunningContainerAsync();
        var exec = await engine.Exec.CreateAsync(container, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "read x; stty size; echo to-stderr >&2; exit 4"],
            AttachStdin = true, AttachStdout = true, AttachStderr = true, Tty = true,
        }, Ct);
        await using var session = await engine.Exec.StartAsync(exec, new ExecStartOptions { Tty = true }, Ct);
        await engine.Exec.ResizeAsync(exec, 22, 77, Ct);
        await session.WriteInputAsync("go\r"u8.ToArray(), Ct);
        var (stdout, stderr) = await session.ReadToEndAsync(Ct);
        Assert.Empty(stderr);
        var text = Encoding.UTF8.GetString(stdout);
        Assert.Contains("22 77", text);
        Assert.Contains("to-stderr", text);
        await EventuallyAsync(async () => (await engine.Exec.InspectAsync(exec, Ct)).ExitCode == 4, TimeSpan.FromSeconds(10), "exit code 4");
    }

    [Fact]
    public async Task Detached_exec_runs_in_the_background()
    {
        var engine = Engine;
        var container = await RunningContainerAsync();
        var exec = await engine.Exec.CreateAsync(container, new ExecCreateRequest { Cmd = ["sh", "-c", "echo ran > /tmp/marker"] }, Ct);
        await engine.Exec.StartDetachedAsync(exec, Ct);
        await EventuallyAsync(async () => (await engine.Exec.InspectAsync(exec, Ct)).ExitCode == 0, TimeSpan.FromSeconds(10), "detached exec ends");
        Assert.NotNull(await engine.Containers.StatPathAsync(container, "/tmp/marker", Ct));
    }

    [Fact]
    public async Task Exec_in_a_stopped_container_is_a_conflict()
    {
        var engine = Engine;
        var container = await CreateContainerAsync(["true"]);
        await Assert.ThrowsAsync<EngineConflictException>(() => engine.Exec.CreateAsync(container, new ExecCreateRequest { Cmd = ["true"] }, Ct));
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Exec.InspectAsync("0000000000000000", Ct));
    }
}
