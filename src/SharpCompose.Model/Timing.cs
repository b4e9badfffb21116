using System.Diagnostics;

namespace SharpCompose.Model;

/// <summary>
/// Where a CLI invocation spends its time: with SHARPCOMPOSE_TIMING=1, each mark prints the milliseconds since the
/// process started and how many methods the JIT has compiled so far (start-up cost is mostly JIT). Costs nothing when off.
/// </summary>
public static class Timing
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("SHARPCOMPOSE_TIMING") == "1";
    private static readonly DateTime Start = Enabled ? Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;

    public static void Mark(string what)
    {
        if (!Enabled) return;
        var ms = (DateTime.UtcNow - Start).TotalMilliseconds;
        Console.Error.WriteLine(
            $"[timing] {ms,7:0.0} ms  jit {System.Runtime.JitInfo.GetCompiledMethodCount(),5} methods {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,6:0.0} ms  {what}");
    }
}
