using System.Buffers.Binary;
using System.Text;
using SharpCompose.Engine.Streams;

namespace SharpCompose.Engine.Tests;

/// <summary>Pure tests of the multiplexed-frame and line decoding (no engine involved).</summary>
public class StreamDecodingTests
{
    private static byte[] Frame(int stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    /// <summary>A stream that hands out at most one byte per read, to exercise partial reads.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    [Fact]
    public async Task Frames_are_demultiplexed_in_order_and_kept_apart()
    {
        var bytes = Frame(1, "out1\n").Concat(Frame(2, "err1\n")).Concat(Frame(1, "out2\n")).Concat(Frame(2, "err2\n")).ToArray();
        var reader = new FrameReader(new TrickleStream(bytes), raw: false);
        var chunks = new List<OutputChunk>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } c) chunks.Add(c);
        Assert.Equal(
            [(OutputStream.Stdout, "out1\n"), (OutputStream.Stderr, "err1\n"), (OutputStream.Stdout, "out2\n"), (OutputStream.Stderr, "err2\n")],
            chunks.Select(c => (c.Stream, Encoding.UTF8.GetString(c.Data.Span))).ToArray());
    }

    [Fact]
    public async Task A_truncated_frame_is_an_error()
    {
        var bytes = Frame(1, "hello")[..10];
        var reader = new FrameReader(new MemoryStream(bytes), raw: false);
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await reader.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Raw_mode_is_all_stdout()
    {
        var reader = new FrameReader(new MemoryStream("tty output\r\n"u8.ToArray()), raw: true);
        var chunk = await reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(OutputStream.Stdout, chunk!.Value.Stream);
        Assert.Equal("tty output\r\n", Encoding.UTF8.GetString(chunk.Value.Data.Span));
    }

    [Fact]
    public void Lines_split_across_frames_are_joined_per_stream()
    {
        var splitter = new LogLineSplitter(timestamps: false);
        var lines = new List<LogLine>();
        lines.AddRange(splitter.Push(new OutputChunk(OutputStream.Stdout, "hel"u8.ToArray())));
        lines.AddRange(splitter.Push(new OutputChunk(OutputStream.Stderr, "oops\nwar"u8.ToArray())));
        lines.AddRange(splitter.Push(new OutputChunk(OutputStream.Stdout, "lo\r\nworld\n"u8.ToArray())));
        lines.AddRange(splitter.Push(new OutputChunk(OutputStream.Stderr, "ning"u8.ToArray())));
        lines.AddRange(splitter.Flush());
        Assert.Equal(
            [new LogLine(OutputStream.Stderr, "oops"), new LogLine(OutputStream.Stdout, "hello"), new LogLine(OutputStream.Stdout, "world"),
             new LogLine(OutputStream.Stderr, "warning")],
            lines);
    }

    [Fact]
    public void An_endless_line_is_cut_at_the_maximum_so_memory_stays_bounded()
    {
        var splitter = new LogLineSplitter(timestamps: false);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        var lines = new List<LogLine>();
        for (var i = 0; i < 40; i++) lines.AddRange(splitter.Push(new OutputChunk(OutputStream.Stdout, chunk)));
        lines.AddRange(splitter.Push(new OutputChunk(OutputStream.Stdout, "end\n"u8.ToArray())));
        Assert.Equal(3, lines.Count);
        Assert.Equal(LogLineSplitter.MaxLineBytes, lines[0].Text.Length);
        Assert.Equal(LogLineSplitter.MaxLineBytes, lines[1].Text.Length);
        Assert.Equal(40 * 64 * 1024 - 2 * LogLineSplitter.MaxLineBytes + 3, lines[2].Text.Length);
        Assert.EndsWith("end", lines[2].Text);
    }

    [Fact]
    public void Timestamps_are_parsed_off_the_line()
    {
        var splitter = new LogLineSplitter(timestamps: true);
        var line = Assert.Single(splitter.Push(new OutputChunk(OutputStream.Stdout, "2026-11-21T11:00:00.123456789Z hello world\n"u8.ToArray())));
        Assert.Equal("hello world", line.Text);
        var expected = new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero).AddTicks(1234567);
        Assert.True(Math.Abs((line.Timestamp!.Value - expected).Ticks) <= 1, $"timestamp {line.Timestamp:O}");
    }

    [Fact]
    public async Task Progress_errors_throw_with_the_engine_message()
    {
        var json = "{\"status\":\"Pulling\"}\n{\"errorDetail\":{\"message\":\"manifest unknown\"},\"error\":\"manifest unknown\"}\n"u8.ToArray();
        var seen = new List<ProgressMessage>();
        var e = await Assert.ThrowsAsync<EngineProgressException>(async () =>
        {
            await foreach (var m in JsonLineReader.ReadProgressAsync(new MemoryStream(json), TestContext.Current.CancellationToken)) seen.Add(m);
        });
        Assert.Equal("manifest unknown", e.Message);
        Assert.Equal("Pulling", Assert.Single(seen).Status);
    }
}
