namespace SharpCompose.Cli.Tests.Support;

/// <summary>What a test needs from the machine. Missing: a skip locally, a failure in CI (CI=true).</summary>
public static class Requirements
{
    private static readonly Lazy<Task<string?>> EngineProblem = new(async () =>
    {
        if (!File.Exists(Bin.Binary))
        {
            return $"the CLI is not built ({Bin.Binary}): run scripts/build";
        }

        var result = await Bin.RunAsync(Path.GetTempPath(), "ls", "-q");
        return result.ExitCode == 0 ? null : "the Docker Engine is unreachable: " + result.Stderr.Trim();
    });

    public static async Task EngineAsync()
    {
        if (await EngineProblem.Value is { } problem)
        {
            Missing(problem);
        }
    }

    public static void Binary()
    {
        if (!File.Exists(Bin.Binary))
        {
            Missing($"the CLI is not built ({Bin.Binary}): run scripts/build");
        }
    }

    public static void Tool(string path, string what)
    {
        if (!File.Exists(path))
        {
            Missing($"{what} is not installed ({path})");
        }
    }

    private static void Missing(string problem)
    {
        if (Bin.InCi)
        {
            Assert.Fail(problem + " (CI=true makes that a failure)");
        }

        Assert.Skip(problem);
    }
}
