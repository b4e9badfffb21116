using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Tests;

public class ValidationTests
{
    private static async Task<ComposeException> Fail(string yaml, Func<LoadOptions, LoadOptions>? configure = null)
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", yaml);
        return await Assert.ThrowsAsync<ComposeException>(() => dir.LoadAsync(configure));
    }

    [Fact]
    public async Task AllSchemaProblemsOfAFileAreReported()
    {
        var e = await Fail("""
            services:
              web:
                image: nginx
                enviroment: {A: b}
                restart: [always]
                ports: "80:80"
              db:
                imagee: postgres
            """);
        Assert.Equal(ExitCodeClass.InvalidFile, e.ExitCode);
        var lines = e.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Contains("compose.yaml:4:5: services.web: additional property enviroment is not allowed (did you mean \"environment\"?)", lines);
        Assert.Contains("compose.yaml:5:14: services.web.restart: must be a string", lines);
        Assert.Contains("compose.yaml:6:12: services.web.ports: must be a list", lines);
        Assert.Contains("compose.yaml:8:5: services.db: additional property imagee is not allowed (did you mean \"image\"?)", lines);
    }

    [Fact]
    public async Task InvalidPortIsPositioned()
    {
        var e = await Fail("services:\n  web:\n    image: nginx\n    ports:\n      - \"80800:80\"\n");
        Assert.StartsWith("compose.yaml:5:9: services.web.ports[0]: invalid port \"80800:80\"", e.Diagnostics[0].ToString());
    }

    [Theory]
    [InlineData("services:\n  a:\n    image: x\n    networks: [nope]\n", "refers to undefined network nope")]
    [InlineData("services:\n  a:\n    image: x\n    volumes: [data:/d]\n", "refers to undefined volume data")]
    [InlineData("services:\n  a:\n    image: x\n    secrets: [s]\n", "refers to undefined secret s")]
    [InlineData("services:\n  a:\n    image: x\n    configs: [c]\n", "refers to undefined config c")]
    [InlineData("services:\n  a:\n    image: x\n    depends_on: [b]\n", "depends on undefined service \"b\"")]
    [InlineData("services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n", "dependency cycle detected: a -> b -> a")]
    [InlineData("services:\n  a:\n    image: x\n    container_name: c\n    scale: 2\n", "can't set container_name and scale")]
    [InlineData("services:\n  a:\n    image: x\n    restart: sometimes\n", "invalid restart policy \"sometimes\"")]
    [InlineData("services:\n  a:\n    image: x\n    volumes: [\"::\"]\n", "invalid mount target \"::\"")]
    [InlineData("services:\n  a:\n    build: .\n    platform: linux/riscv64\n    x-y: 1\n", "")]
    [InlineData("services:\n  a: {}\n", "has neither an image nor a build context")]
    public async Task SemanticProblems(string yaml, string message)
    {
        if (message.Length == 0) return;
        var e = await Fail(yaml);
        Assert.Equal(ExitCodeClass.InvalidFile, e.ExitCode);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal) && d.At.IsKnown);
    }

    [Fact]
    public async Task NoConsistencySkipsSemanticChecks()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  a:\n    image: x\n    networks: [nope]\n");
        var r = await dir.LoadAsync(o => o with { NoConsistency = true });
        Assert.NotNull(r.Project);
    }

    [Fact]
    public async Task MissingSecretFileIsAWarningForConfigAndAnErrorWhenStrict()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  a:\n    image: x\n    secrets: [s]\nsecrets:\n  s:\n    file: ./nope.txt\n");
        var r = await dir.LoadAsync();
        Assert.Contains(r.Warnings, w => w.Message.Contains("does not exist", StringComparison.Ordinal));
        var e = await Assert.ThrowsAsync<ComposeException>(() => dir.LoadAsync(o => o with { Strict = true }));
        Assert.Equal("compose.yaml:7:5: secrets.s.file: secret file " + Path.Combine(dir.Path, "nope.txt") + " does not exist", e.Diagnostics[0].ToString());
    }

    [Fact]
    public async Task VersionIsAcceptedWithAWarning()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "version: '3'\nservices:\n  a:\n    image: x\n");
        var r = await dir.LoadAsync();
        Assert.Contains(r.Warnings, w => w.Message.Contains("`version` is obsolete", StringComparison.Ordinal));
    }
}
