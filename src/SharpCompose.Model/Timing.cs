using System.Diagnostics;

namespace SharpCompose.Model;

/// <summary>
/// Where a CLI invocation spends its time: once the CLI calls <see cref="Enable"/> (SHARPCOMPOSE_TIMING=1), each mark
/// writes the milliseconds since the process started and how many methods the JIT has compiled so far (start-up cost
/// is mostly JIT) to the writer the CLI gave. The layers only mark; they never choose where it goes. Costs nothing off.
/// </summary>
public static class Timing
{
    private static TextWriter? _writer;
    private static DateTime _start;

    public static void Enable(TextWriter writer)
    {
        _start = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        _writer = writer;
    }

    public static void Mark(string what)
    {
        if (_writer is not { } writer) return;
        var ms = (DateTime.UtcNow - _start).TotalMilliseconds;
        writer.WriteLine(
            $"[timing] {ms,7:0.0} ms  jit {System.Runtime.JitInfo.GetCompiledMethodCount(),5} methods {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,6:0.0} ms  {what}");
    }
}
