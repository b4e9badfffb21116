namespace SharpCompose.Lifecycle.Tests;

/// <summary>Skips a test when no engine answers on a developer machine; in CI (CI=true) that is a failure.</summary>
internal static class EngineGate
{
    private static readonly Lazy<string?> Problem = new(() =>
    {
        try
        {
            using var engine = SharpCompose.Engine.DockerEngine.ConnectAsync(new SharpCompose.Engine.EngineOptions { Endpoint = SharpCompose.Engine.EngineEndpoint.FromEnvironment() }).GetAwaiter().GetResult();
            return File.Exists(ComposeProject.SharpCompose) ? null : $"the CLI is not built at {ComposeProject.SharpCompose} (scripts/build)";
        }
        catch (Exception e)
        {
            return e.Message;
        }
    });

    public static void Require(bool peer = false)
    {
        var problem = Problem.Value ?? (peer && !File.Exists(ComposeProject.ComposeV2) ? "Compose v2 peer missing (../shared/tools/install-peers)" : null);
        if (problem is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(problem);
        }

        Assert.Skip(problem);
    }
}
