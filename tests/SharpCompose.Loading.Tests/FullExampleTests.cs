namespace SharpCompose.Loading.Tests;

public class FullExampleTests
{
    private const string Dir = "/work/shared/conformance/files/compose-go/full-example";

    [Fact]
    public async Task WithoutNoConsistencyTheUndefinedNetworkIsReported()
    {
        if (!Directory.Exists(Dir)) return;
        var e = await Assert.ThrowsAsync<ComposeException>(() => ProjectLoader.LoadAsync(new LoadOptions
        {
            Files = ["full-example.yml"],
            WorkingDirectory = Dir,
            Environment = new Dictionary<string, string> { ["HOME"] = "/home/conformance", ["BAR"] = "this is a secret", ["QUX"] = "qux_from_environment" },
        }, TestContext.Current.CancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine(e.Message);
        Assert.Equal(Model.Diagnostics.ExitCodeClass.InvalidFile, e.ExitCode);
    }
}
