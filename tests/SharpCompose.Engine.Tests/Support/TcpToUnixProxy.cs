using System.Net;
using System.Net.Sockets;

namespace SharpCompose.Engine.Tests.Support;

/// <summary>
/// Exposes a unix socket on 127.0.0.1:port, byte for byte, passing half-closes through: a plain tcp:// endpoint in
/// front of the real engine.
/// </summary>
public sealed class TcpToUnixProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _unixPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public TcpToUnixProxy(string unixPath)
    {
        _unixPath = unixPath;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }
    public int Connections;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            Interlocked.Increment(ref Connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        using (var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_unixPath), _stop.Token);
                await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client));
            }
            catch (Exception) { /* connection torn down */ }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, _stop.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, n), _stop.Token);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception)
        {
            try { to.Shutdown(SocketShutdown.Both); } catch (Exception) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
