using SharpCompose.Cli.Tests.Support;

namespace SharpCompose.Cli.Tests;

/// <summary>The completion scripts, run by the shell they are for.</summary>
public sealed class CompletionTests
{
    private static async Task<string[]> CompleteAsync(string directory, string script, params string[] words)
    {
        var quoted = string.Join(' ', words.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var program = $$"""
            source '{{script}}'
            COMP_WORDS=({{quoted}})
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            _sharpcompose
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var result = await Bin.ExecAsync("/bin/bash", directory, null, "-c", program);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task BashCompletesCommandsFlagsAndServices()
    {
        Requirements.Binary();
        await using var project = TestProject.Create();
        var generated = await Bin.RunAsync(project.Directory, "completion", "bash");
        Assert.Equal(0, generated.ExitCode);
        var script = project.File("completion.bash");
        await File.WriteAllTextAsync(script, generated.Stdout, TestContext.Current.CancellationToken);
        var bin = Bin.Binary;

        Assert.Equal(["up", "unpause"], await CompleteAsync(project.Directory, script, bin, "u"));
        Assert.Equal(["--detach"], await CompleteAsync(project.Directory, script, bin, "up", "--det"));
        Assert.Equal(["never", "always", "auto"], await CompleteAsync(project.Directory, script, bin, "--ansi", ""));
        Assert.Equal(["web", "worker"], await CompleteAsync(project.Directory, script, bin, "up", "-d", ""));
        Assert.Equal(["worker"], await CompleteAsync(project.Directory, script, bin, "logs", "-f", "wo"));
        Assert.Equal(["web", "worker"], await CompleteAsync(project.Directory, script, bin, "exec", ""));
        Assert.Empty(await CompleteAsync(project.Directory, script, bin, "exec", "web", ""));

        // The line's own project flags choose the project, from anywhere.
        var other = TestProject.Create("services:\n  api:\n    image: busybox\n  db:\n    image: busybox\n");
        await using (other)
        {
            Assert.Equal(["api", "db"], await CompleteAsync("/", script, bin, "-f", other.File("compose.yaml"), "ps", ""));
            Assert.Equal(["api", "db"], await CompleteAsync("/", script, bin, "--project-directory", other.Directory, "stop", ""));
        }

        // No project: no services, and no noise.
        Assert.Empty(await CompleteAsync("/", script, bin, "up", ""));
    }

    [Theory]
    [InlineData("zsh", "bashcompinit")]
    [InlineData("fish", "complete -c sharpcompose -n '__fish_seen_subcommand_from up' -l detach -s d")]
    public async Task OtherShellsGetTheirScript(string shell, string expected)
    {
        Requirements.Binary();
        var result = await Bin.RunAsync(Path.GetTempPath(), "completion", shell);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Stdout);
    }

    [Fact]
    public async Task AnUnknownShellIsAUsageError()
    {
        Requirements.Binary();
        Assert.Equal(16, (await Bin.RunAsync(Path.GetTempPath(), "completion", "tcsh")).ExitCode);
    }
}
