using System.CommandLine;

namespace SharpCompose.Cli.Commands;

/// <summary><c>version</c>: the SharpCompose version (<c>--short</c>, <c>--format json</c>).</summary>
public static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    public static Command Create(CliApplication app)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format the output. Values: [pretty | json]. (Default: pretty)" };
        var shortOption = new Option<bool>("--short") { Description = "Shows only Compose's version number" };
        var command = new Command("version", "Show the SharpCompose version information") { format, shortOption };
        command.SetAction(result =>
        {
            if (result.GetValue(shortOption))
            {
                app.Console.WriteOutLine(Version);
            }
            else if (result.GetValue(format) is "json")
            {
                app.Console.WriteOutLine($"{{\"version\":\"{Version}\"}}");
            }
            else
            {
                app.Console.WriteOutLine($"SharpCompose version v{Version}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
