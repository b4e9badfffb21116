using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using SharpCompose.Engine.Tests.Support;
using SharpCompose.Engine.Transport;

namespace SharpCompose.Engine.Tests;

/// <summary>
/// The raw HTTP/1.1 exchange of hijacked connections against a scripted server on a test-owned unix socket: engines
/// that answer 200 instead of 101, output bytes that arrive together with the headers, and error answers.
/// </summary>
public sealed class HijackProtocolTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    private static byte[] Frame(int stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    /// <summary>Serves one connection: reads the request head, sends <paramref name="answer"/>, closes.</summary>
    private (string Path, Task<string> Request) Serve(byte[] answer)
    {
        var path = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")[..8] + ".sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var request = Task.Run(async () =>
        {
            using (listener)
            {
                using var s = await listener.AcceptAsync(Ct);
                var received = new StringBuilder();
                var buffer = new byte[4096];
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await s.ReceiveAsync(buffer, Ct);
                    if (n == 0) break;
                    received.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                await s.SendAsync(answer, Ct);
                s.Shutdown(SocketShutdown.Both);
                return received.ToString();
            }
        }, Ct);
        return (path, request);
    }

    private static EngineChannel Channel(string path) => new(new EngineOptions
    {
        Endpoint = EngineEndpoint.Parse("unix://" + path),
        RequestTimeout = TimeSpan.FromSeconds(5),
    }) { ApiVersion = new EngineApiVersion(1, 41) };

    [Fact]
    public async Task A_200_answer_with_output_in_the_same_packet_is_read_in_full()
    {
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n")
            .Concat(Frame(1, "out\n")).Concat(Frame(2, "err\n")).ToArray();
        var (path, request) = Serve(answer);
        using var channel = Channel(path);
        var (connection, stream) = await channel.HijackAsync("/exec/abc/start", null, "{\"Detach\":false,\"Tty\":false}"u8.ToArray(), Ct);
        await using var session = new StdioSession(connection, stream, tty: false);
        var (stdout, stderr) = await session.ReadToEndAsync(Ct);
        Assert.Equal("out\n", Encoding.UTF8.GetString(stdout));
        Assert.Equal("err\n", Encoding.UTF8.GetString(stderr));
        var head = await request;
        Assert.StartsWith("POST /v1.41/exec/abc/start HTTP/1.1\r\n", head);
        Assert.Contains("Connection: Upgrade\r\n", head);
        Assert.Contains("Upgrade: tcp\r\n", head);
    }

    [Fact]
    public async Task A_101_answer_hands_out_the_raw_stream()
    {
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nraw tty bytes");
        var (path, _) = Serve(answer);
        using var channel = Channel(path);
        var (connection, stream) = await channel.HijackAsync("/containers/x/attach", null, null, Ct);
        await using var session = new StdioSession(connection, stream, tty: true);
        var (stdout, _) = await session.ReadToEndAsync(Ct);
        Assert.Equal("raw tty bytes", Encoding.UTF8.GetString(stdout));
    }

    [Theory]
    [InlineData(404, typeof(EngineNotFoundException))]
    [InlineData(409, typeof(EngineConflictException))]
    [InlineData(400, typeof(EngineBadRequestException))]
    [InlineData(500, typeof(EngineServerErrorException))]
    public async Task Error_answers_become_typed_exceptions(int status, Type expected)
    {
        var body = "{\"message\":\"the engine says no\"}\n";
        var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Whatever\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        var (path, _) = Serve(answer);
        using var channel = Channel(path);
        var e = await Assert.ThrowsAnyAsync<EngineException>(() => channel.HijackAsync("/exec/abc/start", null, null, Ct));
        Assert.IsType(expected, e);
        Assert.Equal("the engine says no", e.Message);
        Assert.Equal(status, (int)e.StatusCode!);
    }
}
