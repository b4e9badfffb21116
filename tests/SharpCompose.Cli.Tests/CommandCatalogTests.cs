using SharpCompose.Cli.Rendering;

namespace SharpCompose.Cli.Tests;

/// <summary>The command tree is built only as far as the invocation needs, and every command can be built alone.</summary>
public sealed class CommandCatalogTests
{
    private static CliApplication App() =>
        new(new Dictionary<string, string>(), Path.GetTempPath(), _ => new ConsoleWriter(TextWriter.Null, TextWriter.Null, false, false, AnsiMode.Never), null, TimeProvider.System);

    [Theory]
    [InlineData(new[] { "ps" }, "ps")]
    [InlineData(new[] { "-f", "compose.yaml", "-p", "ps", "up", "-d" }, "up")]
    [InlineData(new[] { "--project-name=down", "--dry-run", "down" }, "down")]
    [InlineData(new[] { "--ansi", "never", "rm", "-f" }, "rm")]
    [InlineData(new[] { "install-plugin" }, "install-plugin")]
    public void Only_the_named_command_is_built(string[] args, string expected)
    {
        var root = App().BuildRoot(args);
        Assert.Equal([expected], root.Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("pss")]
    [InlineData("completion bash")]
    [InlineData("-f x.yaml")]
    public void Help_typos_and_completion_get_every_command(string line)
    {
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var all = App().BuildRoot().Subcommands.Select(c => c.Name).ToList();
        Assert.True(all.Count > 25, $"{all.Count} commands");
        Assert.Equal(all, App().BuildRoot(args).Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void Every_command_can_be_built_alone_by_its_name()
    {
        foreach (var name in App().BuildRoot().Subcommands.Select(c => c.Name).Where(n => n != "completion"))
            Assert.Equal([name], App().BuildRoot([name]).Subcommands.Select(c => c.Name));
    }
}
