using System.Diagnostics;

namespace SharpCompose.Loading;

/// <summary>Stage timings on stderr when SHARPCOMPOSE_TIMING=1 (diagnostics for the loader's speed).</summary>
internal static class Timing
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("SHARPCOMPOSE_TIMING") == "1";
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static long _last;

    public static void Mark(string stage)
    {
        if (!Enabled) return;
        var now = Clock.ElapsedMilliseconds;
        Console.Error.WriteLine($"[timing] {stage}: {now - _last} ms");
        _last = now;
    }
}
