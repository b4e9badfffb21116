using System.Text.RegularExpressions;

namespace SharpCompose.E2E.Tests.Support;

/// <summary>Runs examples/NAME/check.sh with the binary under test: it must end with PASS.</summary>
public static partial class CheckScript
{
    public static async Task RunAsync(string example)
    {
        E2E.RequireReady();
        var project = $"e2e-check-{example}-{Guid.NewGuid().ToString("N")[..8]}";
        var script = Path.Combine(E2E.Example(example), "check.sh");
        CmdResult r;
        try
        {
            r = await Cmd.RunAsync("bash", [script, E2E.Bin, project], E2E.Root, timeout: TimeSpan.FromMinutes(10), cancellationToken: TestContext.Current.CancellationToken);
        }
        finally
        {
            // check.sh cleans up in its EXIT trap; this catches what a killed script left
            using var cleanup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await Scenario.RemoveLabelled(project, cleanup.Token);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(r.ToString());
        var failed = FailLine().Match(r.Output);
        Assert.True(r.ExitCode == 0 && r.Output.Contains($"PASS: {example}", StringComparison.Ordinal),
            (failed.Success ? failed.Value : $"check.sh of {example} did not pass (exit {r.ExitCode})") + "\n---- check.sh output ----\n" + r);
    }

    [GeneratedRegex("^FAIL: .*$", RegexOptions.Multiline)]
    private static partial Regex FailLine();
}
