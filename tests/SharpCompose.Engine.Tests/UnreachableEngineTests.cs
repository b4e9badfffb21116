using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

/// <summary>Endpoints that cannot serve: each gives a clear, bounded error naming the endpoint.</summary>
public sealed class UnreachableEngineTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<Socket> _listeners = [];

    public void Dispose()
    {
        foreach (var l in _listeners) l.Dispose();
        _dir.Dispose();
    }

    private static EngineOptions Options(string host) => new()
    {
        Endpoint = EngineEndpoint.Parse(host),
        ConnectTimeout = TimeSpan.FromSeconds(1),
        PingTimeout = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task A_unix_socket_that_does_not_exist()
    {
        var host = "unix://" + Path.Combine(_dir.Path, "nope.sock");
        var sw = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EngineUnavailableException>(() => DockerEngine.ConnectAsync(Options(host), Ct));
        Assert.Equal($"cannot connect to the Docker Engine at {host}: is the daemon running? (endpoint from --host)", e.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_default_socket_message_names_the_fix()
    {
        var connector = new Transport.EngineConnector(EngineEndpoint.Default, TimeSpan.FromSeconds(1));
        Assert.Equal("cannot connect to the Docker Engine at unix:///var/run/docker.sock: is the daemon running? (scripts/engine-up starts one)",
            connector.UnavailableMessage("is the daemon running?"));
    }

    [Fact]
    public async Task A_tcp_port_nothing_listens_on()
    {
        var port = Net.FreePort();
        var host = $"tcp://127.0.0.1:{port}";
        var sw = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EngineUnavailableException>(() => DockerEngine.ConnectAsync(Options(host), Ct));
        Assert.StartsWith($"cannot connect to the Docker Engine at {host}: ", e.Message);
        Assert.Contains("refused", e.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_unix_socket_that_accepts_and_never_answers()
    {
        var path = Path.Combine(_dir.Path, "silent.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(16);
        var accepted = new List<Socket>();
        var acceptLoop = Task.Run(async () =>
        {
            try { while (true) accepted.Add(await listener.AcceptAsync(Ct)); }
            catch (Exception) { /* listener closed */ }
        }, Ct);

        var sw = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EngineUnavailableException>(() => DockerEngine.ConnectAsync(Options("unix://" + path), Ct));
        Assert.Contains($"unix://{path}", e.Message);
        Assert.Contains("no answer to /_ping within 1 s", e.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.NotEmpty(accepted);
        listener.Close();
        foreach (var s in accepted) s.Dispose();
        await acceptLoop;
    }

    [Fact]
    public async Task A_tcp_server_that_accepts_and_never_answers()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var sw = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EngineUnavailableException>(() => DockerEngine.ConnectAsync(Options($"tcp://127.0.0.1:{port}"), Ct));
        Assert.Contains($"tcp://127.0.0.1:{port}", e.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }

    [Fact]
    public async Task An_http_server_without_Api_Version_is_not_a_Docker_Engine()
    {
        var path = Path.Combine(_dir.Path, "http.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(16);
        var server = Task.Run(async () =>
        {
            using var s = await listener.AcceptAsync(Ct);
            var buffer = new byte[4096];
            await s.ReceiveAsync(buffer, Ct);
            await s.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nOK"u8.ToArray(), Ct);
            await s.ReceiveAsync(buffer, Ct);
        }, Ct);
        var e = await Assert.ThrowsAsync<EngineIncompatibleException>(() => DockerEngine.ConnectAsync(Options("unix://" + path), Ct));
        Assert.Contains("not a Docker Engine API", e.Message);
        Assert.Contains("unix://" + path, e.Message);
    }

    /// <summary>A server that answers /_ping like an engine and never answers anything else.</summary>
    private string PingOnlyServer()
    {
        var path = Path.Combine(_dir.Path, "ping-only.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listeners.Add(listener);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(16);
        _ = Task.Run(async () =>
        {
            while (true)
            {
                Socket s;
                try { s = await listener.AcceptAsync(Ct); }
                catch (Exception) { return; }
                _ = Task.Run(async () =>
                {
                    using (s)
                    {
                        var buffer = new byte[8192];
                        int n;
                        while ((n = await ReceiveOrZeroAsync(s, buffer)) > 0)
                        {
                            if (System.Text.Encoding.ASCII.GetString(buffer, 0, n).StartsWith("GET /_ping ", StringComparison.Ordinal))
                                await s.SendAsync("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK"u8.ToArray(), Ct);
                        }
                    }
                }, Ct);
            }
        }, Ct);
        return path;
    }

    private static async Task<int> ReceiveOrZeroAsync(Socket s, byte[] buffer)
    {
        try { return await s.ReceiveAsync(buffer, Ct); }
        catch (Exception) { return 0; }
    }

    [Fact]
    public async Task An_engine_that_stops_answering_gives_a_bounded_error_naming_the_call()
    {
        var path = PingOnlyServer();
        using var engine = await DockerEngine.ConnectAsync(Options("unix://" + path) with { RequestTimeout = TimeSpan.FromSeconds(1) }, Ct);
        Assert.Equal(new EngineApiVersion(1, 41), engine.ApiVersion);
        var sw = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.Containers.ListAsync(cancellationToken: Ct));
        Assert.Equal($"the Docker Engine at unix://{path} did not answer GET /containers/json within 1 s", e.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");

        var hijack = await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.Exec.StartAsync("abc", cancellationToken: Ct));
        Assert.Contains("did not answer POST /exec/abc/start within 1 s", hijack.Message);
    }
}
