using System.Diagnostics;
using System.Text;

namespace SharpCompose.E2E.Tests.Support;

/// <summary>One finished command: what ran, its exit code and its stdout and stderr interleaved.</summary>
public sealed record CmdResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed, bool TimedOut)
{
    public override string ToString()
        => $"$ {CommandLine}\n[exit {ExitCode}{(TimedOut ? ", killed after the time limit" : "")}, {Elapsed.TotalSeconds:0.0}s]\n{Output.TrimEnd()}";
}

/// <summary>Runs processes with a bounded time, capturing their output.</summary>
public static class Cmd
{
    public static async Task<CmdResult> RunAsync(string file, IReadOnlyList<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
        {
            if (v is null)
            {
                info.Environment.Remove(k);
            }
            else
            {
                info.Environment[k] = v;
            }
        }

        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }

        var commandLine = string.Join(' ', new[] { file }.Concat(args).Select(Quote));
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(5));
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (!timedOut)
            {
                throw;
            }
        }

        process.WaitForExit(); // drains the output events
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return new CmdResult(commandLine, timedOut ? -1 : process.ExitCode, text, watch.Elapsed, timedOut);
    }

    private static string Quote(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./:=,@%+".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
