using System.Net.Sockets;

namespace SharpCompose.Lifecycle.Tests;

/// <summary>An engine that goes away mid-command: a clear error, and a re-run converges.</summary>
public sealed class EngineOutageTests
{
    [Fact]
    public async Task Losing_the_engine_mid_up_gives_one_clear_line_and_a_rerun_converges()
    {
        EngineGate.Require();
        await using var project = new ComposeProject("""
            services:
              db:
                image: busybox
                command: sh -c "sleep 4; touch /ready; sleep 300"
                init: true
                healthcheck: {test: ["CMD", "test", "-f", "/ready"], interval: 500ms, retries: 30}
              web:
                image: busybox
                command: sleep 300
                init: true
                depends_on: {db: {condition: service_healthy}}
            """);
        await using var proxy = SocketProxy.Start("/var/run/docker.sock");
        var up = project.StartWith(ComposeProject.SharpCompose, ["-H", "unix://" + proxy.Path, "up", "-d"]);
        await up.WaitForOutputAsync(o => o.Contains("Waiting", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        await proxy.DisposeAsync();
        var failed = await up.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(failed.ExitCode != 0, failed.ToString());
        Assert.Contains(proxy.Path, failed.Stderr);
        Assert.DoesNotContain("   at ", failed.Stderr);
        Assert.Single(failed.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("Error", StringComparison.Ordinal));

        var rerun = await project.RunAsync("up", "-d", "--wait");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var ps = await project.RunAsync("ps", "--format", "{{.Service}} {{.State}}");
        Assert.Contains("db running", ps.Stdout);
        Assert.Contains("web running", ps.Stdout);
    }
}

/// <summary>A unix-socket proxy to the engine that the test can cut, as if the daemon went away.</summary>
internal sealed class SocketProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly Task _accept;

    private SocketProxy(string target)
    {
        _target = target;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scproxy-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(64);
        _accept = Task.Run(AcceptAsync);
    }

    public string Path { get; }

    public static SocketProxy Start(string target) => new(target);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptAsync(_stop.Token);
                var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_target), _stop.Token);
                lock (_open)
                {
                    _open.Add(client);
                    _open.Add(upstream);
                }

                _ = Pipe(client, upstream);
                _ = Pipe(upstream, client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task Pipe(Socket from, Socket to)
    {
        var buffer = new byte[16384];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Dispose();
        lock (_open)
        {
            foreach (var s in _open)
            {
                s.Dispose();
            }
        }

        await _accept;
        File.Delete(Path);
    }
}
