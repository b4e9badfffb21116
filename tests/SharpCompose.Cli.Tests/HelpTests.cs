using SharpCompose.Cli.Commands;
using SharpCompose.Cli.Rendering;

namespace SharpCompose.Cli.Tests;

/// <summary>Every command's help ends with examples, and every example is a valid command line.</summary>
public sealed class HelpTests
{
    private static CliApplication App(StringWriter output) =>
        new(new Dictionary<string, string>(), Path.GetTempPath(), _ => new ConsoleWriter(output, output, false, false, AnsiMode.Never), null, TimeProvider.System);

    public static TheoryData<string> CommandNames()
    {
        var data = new TheoryData<string>();
        foreach (var command in App(new StringWriter()).BuildRoot().Subcommands)
        {
            data.Add(command.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task HelpEndsWithExamplesThatParse(string name)
    {
        var output = new StringWriter();
        var app = App(output);

        var code = await app.RunAsync([name, "--help"]);

        Assert.Equal(0, code);
        var help = output.ToString();
        Assert.Contains("\nExamples:\n  ", help.ReplaceLineEndings("\n"));
        var root = app.BuildRoot();
        var command = root.Subcommands.Single(c => c.Name == name);
        // Shell redirections and process substitutions are not the CLI's to parse.
        foreach (var example in HelpExamples.For(command).Where(e => e.StartsWith("sharpcompose ", StringComparison.Ordinal) && !e.Contains('<', StringComparison.Ordinal) && !e.Contains('>', StringComparison.Ordinal)))
        {
            var words = Words(example);
            var parse = root.Parse(CommandCatalog.PrepareArguments(root, words[1..]));
            Assert.True(parse.Errors.Count == 0, $"{example}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public async Task RootHelpHasExamplesToo()
    {
        var output = new StringWriter();
        Assert.Equal(0, await App(output).RunAsync(["--help"]));
        Assert.Contains("Examples:", output.ToString());
    }

    /// <summary>Shell words, with single and double quotes.</summary>
    private static string[] Words(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return [.. words];
    }
}
