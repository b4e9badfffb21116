using SharpCompose.Engine.Tests.Support;

namespace SharpCompose.Engine.Tests;

/// <summary>
/// Large build contexts and logs flow through: the bytes allocated by the whole process during the transfer stay far
/// below the size transferred (which they could not if anything buffered it).
/// </summary>
public sealed class StreamingMemoryTests(EngineFixture fixture) : EngineTest(fixture)
{
    private const long GiB = 1L << 30;

    [Fact]
    public async Task A_1_GiB_build_context_is_streamed_not_buffered()
    {
        var engine = Engine;
        var tag = TrackImage($"sctest/big-context:{Guid.NewGuid().ToString("N")[..8]}");
        var context = new GeneratedTar(
            [("Dockerfile", "FROM busybox:latest\nLABEL big=context\n"), (".dockerignore", "big.bin\n")], "big.bin", GiB);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await foreach (var _ in engine.Images.BuildAsync(context, new ImageBuildOptions { Tags = [tag], Labels = Labels }, Ct)) { }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(context.Produced > GiB, $"only {context.Produced} bytes were sent");
        Assert.True(allocated < 256L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated while sending a 1 GiB context");
        Assert.Equal("context", (await engine.Images.InspectAsync(tag, Ct)).Config!.Labels!["big"]);
    }

    [Fact]
    public async Task A_large_log_is_read_incrementally()
    {
        var engine = Engine;
        // 200 000 lines of 1000 characters: ~200 MB of log.
        var name = await CreateContainerAsync(["sh", "-c", "yes $(head -c 999 /dev/zero | tr '\\0' x) | head -n 200000"]);
        await engine.Containers.StartAsync(name, Ct);
        await engine.Containers.WaitAsync(name, cancellationToken: Ct);

        long lines = 0, bytes = 0, maxHeap = 0;
        await foreach (var line in engine.Containers.GetLogLinesAsync(name, cancellationToken: Ct))
        {
            lines++;
            bytes += line.Text.Length + 1;
            if (lines % 10_000 == 0) maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(forceFullCollection: false));
        }
        Assert.Equal(200_000, lines);
        Assert.Equal(200_000_000, bytes);
        Assert.True(maxHeap < 150L * 1024 * 1024, $"managed heap reached {maxHeap / (1024 * 1024)} MiB while reading a 200 MB log");
    }

    [Fact]
    public async Task Following_logs_is_cancellable()
    {
        var engine = Engine;
        var name = await CreateContainerAsync(["sh", "-c", "trap 'exit 0' TERM; while true; do echo tick; sleep 0.2; done"]);
        await engine.Containers.StartAsync(name, Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.Containers.GetLogLinesAsync(name, new LogsOptions { Follow = true }, cts.Token))
                if (++seen == 2) cts.Cancel();
        });
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20));
        await engine.Containers.StopAsync(name, 5, Ct);
    }
}
