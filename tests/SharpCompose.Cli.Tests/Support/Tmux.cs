namespace SharpCompose.Cli.Tests.Support;

/// <summary>
/// A real terminal for the live view: a detached tmux session of a fixed size running one command, read with
/// capture-pane. Waiting is polling the screen for a marker the command prints when it ends, bounded.
/// </summary>
public sealed class Tmux : IAsyncDisposable
{
    public const string Marker = "__SC_DONE__";

    private readonly string _session = "sc-cli-" + Guid.NewGuid().ToString("N")[..8];

    public static string Path { get; } = new[] { "/usr/bin/tmux", "/usr/local/bin/tmux" }.FirstOrDefault(File.Exists) ?? "/usr/bin/tmux";

    /// <summary>Runs <paramref name="shellCommand"/> in a 120x40 terminal; returns the screen once it ended.</summary>
    public async Task<string> RunAsync(string shellCommand, string workingDirectory, TimeSpan timeout)
    {
        var script = $"{shellCommand}; echo {Marker} rc=$?; sleep 120";
        var start = await Bin.ExecAsync(Path, workingDirectory, new Dictionary<string, string?> { ["TERM"] = "xterm-256color" },
            "new-session", "-d", "-s", _session, "-x", "120", "-y", "40", "-c", workingDirectory, script);
        Assert.True(start.ExitCode == 0, start.ToString());
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var screen = await CaptureAsync();
            if (screen.Contains(Marker, StringComparison.Ordinal))
            {
                return screen;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the command did not end within {timeout.TotalSeconds}s; the screen:\n{screen}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<string> CaptureAsync()
    {
        var capture = await Bin.ExecAsync(Path, "/", null, "capture-pane", "-p", "-t", _session);
        return capture.Stdout;
    }

    public async ValueTask DisposeAsync() => await Bin.ExecAsync(Path, "/", null, "kill-session", "-t", _session);
}
