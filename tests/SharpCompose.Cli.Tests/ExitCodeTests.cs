using SharpCompose.Cli.Tests.Support;

namespace SharpCompose.Cli.Tests;

/// <summary>Exit codes and the one-line errors a person sees, as Compose v2's.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public async Task AnUnknownFlagIsAUsageError()
    {
        Requirements.Binary();
        var result = await Bin.RunAsync(Path.GetTempPath(), "up", "--no-such-flag");
        Assert.Equal(16, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("up --force-recreate --no-recreate -d")]
    [InlineData("up --build --no-build -d")]
    [InlineData("config --format xml")]
    [InlineData("down --rmi bogus")]
    [InlineData("ps --filter bogus=1")]
    public async Task A_value_or_combination_the_command_refuses_exits_1_like_compose_v2(string line)
    {
        Requirements.Binary();
        await using var project = TestProject.Create("services:\n  web:\n    image: busybox\n");
        var result = await project.RunAsync(line.Split(' '));
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task NoComposeFileExits14()
    {
        Requirements.Binary();
        var empty = Directory.CreateTempSubdirectory("sc-cli-empty-");
        try
        {
            var result = await Bin.RunAsync(empty.FullName, "config");
            Assert.Equal(14, result.ExitCode);
            Assert.Contains("no configuration file provided", result.Stderr);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnInvalidFileExits15WithItsPosition()
    {
        Requirements.Binary();
        await using var project = TestProject.Create("services:\n  web:\n    imgae: busybox\n");
        var result = await project.RunAsync("config");
        Assert.Equal(15, result.ExitCode);
        Assert.Equal("Error compose.yaml:3:5: services.web: additional property imgae is not allowed (did you mean \"image\"?)", result.Stderr.Trim());
    }

    [Fact]
    public async Task AnUnreachableEngineIsOneLineWithAHint()
    {
        Requirements.Binary();
        await using var project = TestProject.Create();
        var result = await Bin.ExecAsync(Bin.Binary, project.Directory, new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///tmp/sc-no-such.sock" }, "ps");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error Cannot connect to the Docker daemon at unix:///tmp/sc-no-such.sock. Is the docker daemon running? (scripts/engine-up starts one)", result.Stderr.Trim());
    }

    [Fact]
    public async Task VerboseAddsTheDetail()
    {
        Requirements.Binary();
        await using var project = TestProject.Create("services:\n  web:\n    imgae: busybox\n");
        var quiet = await project.RunAsync("config");
        var verbose = await project.RunAsync("--verbose", "config");
        Assert.DoesNotContain("   at ", quiet.Stderr);
        Assert.Contains("   at ", verbose.Stderr);
    }
}
