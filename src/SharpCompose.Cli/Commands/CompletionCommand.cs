using System.CommandLine;
using SharpCompose.Cli.Completion;

namespace SharpCompose.Cli.Commands;

/// <summary><c>completion bash|zsh|fish</c>: prints a shell completion script (see <see cref="CompletionScripts"/>).</summary>
public static class CompletionCommand
{
    public static Command Create(CliApplication app)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "Print a shell completion script (commands, flags and the project's services)") { shell };
        command.SetAction(result =>
        {
            var root = (RootCommand)result.RootCommandResult.Command;
            app.Console.WriteOut(CompletionScripts.For(result.GetValue(shell)!, root));
            return ExitCodes.Success;
        });
        return command;
    }
}
