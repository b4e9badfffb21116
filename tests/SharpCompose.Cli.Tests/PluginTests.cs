using SharpCompose.Cli.Tests.Support;

namespace SharpCompose.Cli.Tests;

/// <summary>
/// Installed as the Docker CLI plugin (in a temporary DOCKER_CONFIG, never the user's), <c>docker compose</c>
/// runs SharpCompose, docker's global flags before "compose" included.
/// </summary>
public sealed class PluginTests : IDisposable
{
    private const string Docker = "/usr/local/bin/docker";
    private readonly DirectoryInfo _config = Directory.CreateTempSubdirectory("sc-cli-dockercfg-");

    private Dictionary<string, string?> Env => new() { ["DOCKER_CONFIG"] = _config.FullName };

    [Fact]
    public async Task InstallPluginIsIdempotentAndSaysWhatItDid()
    {
        Requirements.Binary();
        var standalone = _config.CreateSubdirectory("bin");

        var first = await Bin.ExecAsync(Bin.Binary, _config.FullName, Env, "install-plugin", "--standalone", "--standalone-dir", standalone.FullName);
        var second = await Bin.ExecAsync(Bin.Binary, _config.FullName, Env, "install-plugin", "--standalone", "--standalone-dir", standalone.FullName);

        Assert.True(first.ExitCode == 0, first.ToString());
        var plugin = Path.Combine(_config.FullName, "cli-plugins", "docker-compose");
        Assert.Contains($"{plugin} -> ", first.Stdout);
        Assert.DoesNotContain("already installed", first.Stdout);
        Assert.Equal(2, second.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith("(already installed)", StringComparison.Ordinal)));
        Assert.NotNull(new FileInfo(plugin).LinkTarget);
        Assert.NotNull(new FileInfo(Path.Combine(standalone.FullName, "docker-compose")).LinkTarget);
    }

    [Fact]
    public async Task DockerComposeRunsSharpComposeWithDockerGlobals()
    {
        await Requirements.EngineAsync();
        Requirements.Tool(Docker, "the docker CLI");
        Assert.Equal(0, (await Bin.ExecAsync(Bin.Binary, _config.FullName, Env, "install-plugin")).ExitCode);
        await using var project = TestProject.Create();

        var version = await Bin.ExecAsync(Docker, project.Directory, Env, "compose", "version");
        Assert.StartsWith("SharpCompose version", version.Stdout);

        var up = await Bin.ExecAsync(Docker, project.Directory, Env, "compose", "-p", project.Name, "--progress", "quiet", "up", "-d");
        Assert.True(up.ExitCode == 0, up.ToString());
        string[][] globalSets = [["--context", "default"], ["-H", "unix:///var/run/docker.sock"], ["-l", "error"]];
        foreach (var globals in globalSets)
        {
            var ps = await Bin.ExecAsync(Docker, project.Directory, Env, [.. globals, "compose", "-p", project.Name, "ps", "--format", "{{.Name}}"]);
            Assert.True(ps.ExitCode == 0, ps.ToString());
            Assert.Equal([$"{project.Name}-web-1", $"{project.Name}-worker-1"], ps.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        }

        var bad = await Bin.ExecAsync(Docker, project.Directory, Env, "compose", "up", "--no-such-flag");
        Assert.Equal(16, bad.ExitCode);
    }

    [Fact]
    public async Task AsDockerComposeByNameItBehavesTheSame()
    {
        Requirements.Binary();
        var link = Path.Combine(_config.FullName, "docker-compose");
        File.CreateSymbolicLink(link, Bin.Binary);
        var result = await Bin.ExecAsync(link, _config.FullName, Env, "version", "--short");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal((await Bin.RunAsync(_config.FullName, "version", "--short")).Stdout, result.Stdout);
    }

    public void Dispose() => _config.Delete(recursive: true);
}
