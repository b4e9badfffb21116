using System.Net.Sockets;
using System.Text;
using SharpCompose.Engine.Tests.Support;
using SharpCompose.Engine.Transport;

namespace SharpCompose.Engine.Tests;

/// <summary>
/// The client's own HTTP/1.1 against a scripted server on a test-owned unix socket: keep-alive reuse, chunked answers
/// cut at awkward places, chunked request bodies, a pooled connection the server closed, and answers that are not HTTP.
/// </summary>
public sealed class EngineHttpTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    /// <summary>A server that answers each request of each connection with <paramref name="answer"/>(request number,
    /// head, body); a null answer closes the connection without answering.</summary>
    private sealed class ScriptedServer : IDisposable
    {
        private readonly Socket _listener;
        private int _requests;
        public int Connections;
        public readonly List<(string Head, byte[] Body)> Received = [];

        public ScriptedServer(string path, Func<int, string, byte[], byte[][]?> answer, bool closeAfterEachAnswer = false)
        {
            Path = path;
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(path));
            _listener.Listen(8);
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    Socket s;
                    try { s = await _listener.AcceptAsync(); }
                    catch (Exception) { return; }
                    Interlocked.Increment(ref Connections);
                    _ = Task.Run(() => ServeAsync(s, answer, closeAfterEachAnswer));
                }
            });
        }

        public string Path { get; }

        private async Task ServeAsync(Socket s, Func<int, string, byte[], byte[][]?> answer, bool closeAfterEachAnswer)
        {
            using (s)
            {
                var stream = new NetworkStream(s);
                var pending = new List<byte>();
                while (true)
                {
                    var head = await ReadUntilAsync(stream, pending, "\r\n\r\n"u8.ToArray());
                    if (head is null) return;
                    var headText = Encoding.ASCII.GetString(head);
                    byte[] body = [];
                    if (headText.Contains("Transfer-Encoding: chunked", StringComparison.Ordinal))
                    {
                        var collected = new List<byte>();
                        while (true)
                        {
                            var sizeLine = Encoding.ASCII.GetString((await ReadUntilAsync(stream, pending, "\r\n"u8.ToArray()))!).Trim();
                            var size = Convert.ToInt32(sizeLine, 16);
                            if (size == 0) { await ReadUntilAsync(stream, pending, "\r\n"u8.ToArray()); break; }
                            while (pending.Count < size + 2) pending.AddRange(await ReadSomeAsync(stream));
                            collected.AddRange(pending.GetRange(0, size));
                            pending.RemoveRange(0, size + 2);
                        }
                        body = [.. collected];
                    }
                    else if (System.Text.RegularExpressions.Regex.Match(headText, @"Content-Length: (\d+)") is { Success: true } m)
                    {
                        var length = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                        while (pending.Count < length) pending.AddRange(await ReadSomeAsync(stream));
                        body = [.. pending.GetRange(0, length)];
                        pending.RemoveRange(0, length);
                    }
                    int number;
                    lock (Received)
                    {
                        Received.Add((headText, body));
                        number = ++_requests;
                    }
                    var parts = answer(number, headText, body);
                    if (parts is null) return;
                    foreach (var part in parts)
                    {
                        await stream.WriteAsync(part);
                        await stream.FlushAsync();
                    }
                    if (closeAfterEachAnswer) return;
                }
            }
        }

        private static async Task<byte[]> ReadSomeAsync(NetworkStream stream)
        {
            var buffer = new byte[4096];
            var n = await stream.ReadAsync(buffer);
            if (n == 0) throw new EndOfStreamException();
            return buffer[..n];
        }

        private static async Task<byte[]?> ReadUntilAsync(NetworkStream stream, List<byte> pending, byte[] marker)
        {
            while (true)
            {
                var index = IndexOf(pending, marker);
                if (index >= 0)
                {
                    var result = pending.GetRange(0, index + marker.Length).ToArray();
                    pending.RemoveRange(0, index + marker.Length);
                    return result;
                }
                var buffer = new byte[4096];
                var n = await stream.ReadAsync(buffer);
                if (n == 0) return null;
                pending.AddRange(buffer[..n]);
            }
        }

        private static int IndexOf(List<byte> data, byte[] marker)
        {
            for (var i = 0; i + marker.Length <= data.Count; i++)
            {
                var match = true;
                for (var j = 0; j < marker.Length && match; j++) match = data[i + j] == marker[j];
                if (match) return i;
            }
            return -1;
        }

        public void Dispose() => _listener.Dispose();
    }

    private ScriptedServer Server(Func<int, string, byte[], byte[][]?> answer, bool closeAfterEachAnswer = false) =>
        new(System.IO.Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")[..8] + ".sock"), answer, closeAfterEachAnswer);

    private static EngineHttp Client(ScriptedServer server) =>
        new(new EngineConnector(EngineEndpoint.Parse("unix://" + server.Path), TimeSpan.FromSeconds(5)), "test/1");

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static async Task<string> ReadAllAsync(EngineResponse response)
    {
        using var reader = new StreamReader(response.Body);
        return await reader.ReadToEndAsync(Ct);
    }

    [Fact]
    public async Task Answers_read_to_their_end_reuse_one_connection()
    {
        using var server = Server((n, _, _) => [Ascii($"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhell{n}")]);
        using var http = Client(server);
        for (var i = 1; i <= 3; i++)
        {
            using var response = await http.SendAsync("GET", "/x", null, null, Ct);
            Assert.Equal($"hell{i}", await ReadAllAsync(response));
        }
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Chunked_answers_cut_anywhere_are_joined()
    {
        // Chunk sizes, data and CRLFs split across writes; an extension and a trailer thrown in.
        using var server = Server((_, _, _) =>
        [
            Ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nApi-Version: 1.41\r\n\r\n5"),
            Ascii("\r\nhel"), Ascii("lo\r"), Ascii("\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n"), Ascii("\r\n"),
        ]);
        using var http = Client(server);
        using (var response = await http.SendAsync("GET", "/x", null, null, Ct))
        {
            Assert.Equal("1.41", response.Header("api-version"));
            Assert.Equal("hello, world", await ReadAllAsync(response));
        }
        using (var again = await http.SendAsync("GET", "/x", null, null, Ct))
            Assert.Equal("hello, world", await ReadAllAsync(again));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_stream_body_is_sent_chunked_and_a_json_body_with_its_length()
    {
        using var server = Server((_, _, _) => [Ascii("HTTP/1.1 204 No Content\r\n\r\n")]);
        using var http = Client(server);
        var payload = new byte[200_000];
        new Random(7).NextBytes(payload);
        using (await http.SendAsync("POST", "/build", EngineRequestBody.Tar(new MemoryStream(payload)), [new("X-Registry-Config", "e30=")], Ct)) { }
        using (await http.SendAsync("POST", "/json", EngineRequestBody.Json(Ascii("{\"a\":1}")), null, Ct)) { }
        using (await http.SendAsync("POST", "/empty", null, null, Ct)) { }
        Assert.Equal(3, server.Received.Count);
        Assert.Contains("Transfer-Encoding: chunked", server.Received[0].Head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/x-tar", server.Received[0].Head, StringComparison.Ordinal);
        Assert.Contains("X-Registry-Config: e30=", server.Received[0].Head, StringComparison.Ordinal);
        Assert.Equal(payload, server.Received[0].Body);
        Assert.Contains("Content-Length: 7", server.Received[1].Head, StringComparison.Ordinal);
        Assert.Equal("{\"a\":1}", Encoding.ASCII.GetString(server.Received[1].Body));
        Assert.Contains("Content-Length: 0", server.Received[2].Head, StringComparison.Ordinal);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_pooled_connection_the_server_closed_is_replaced()
    {
        using var server = Server((n, _, _) => [Ascii($"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n{n}")], closeAfterEachAnswer: true);
        using var http = Client(server);
        for (var i = 1; i <= 3; i++)
        {
            using var response = await http.SendAsync("GET", "/x", null, null, Ct);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), await ReadAllAsync(response));
        }
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public async Task An_answer_until_close_and_an_unread_body_do_not_poison_the_pool()
    {
        using var server = Server((n, _, _) => n switch
        {
            1 => [Ascii("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"), new byte[100_000]],
            _ => [Ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
        });
        using var http = Client(server);
        using (var unread = await http.SendAsync("GET", "/big", null, null, Ct)) { } // closed, not pooled
        using var next = await http.SendAsync("GET", "/x", null, null, Ct);
        Assert.Equal("ok", await ReadAllAsync(next));
        Assert.Equal(2, server.Connections);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n")]
    [InlineData("HTTP/1.1 abc\r\n\r\n")]
    public async Task What_is_not_http_is_a_protocol_error(string answer)
    {
        using var server = Server((_, _, _) => [Ascii(answer)]);
        using var http = Client(server);
        await Assert.ThrowsAsync<EngineProtocolException>(() => http.SendAsync("GET", "/x", null, null, Ct));
    }

    [Fact]
    public async Task A_connection_closed_mid_body_is_an_error_not_a_short_answer()
    {
        using var server = Server((_, _, _) => [Ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")], closeAfterEachAnswer: true);
        using var http = Client(server);
        using var response = await http.SendAsync("GET", "/x", null, null, Ct);
        await Assert.ThrowsAsync<EngineProtocolException>(() => ReadAllAsync(response));
    }
}
