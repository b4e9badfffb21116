using System.CommandLine;

namespace SharpCompose.Cli.Commands;

/// <summary>Shared pieces of command definitions.</summary>
internal static class CommandSupport
{
    public static Argument<string[]> Services(string name = "SERVICE") => new(name) { Arity = ArgumentArity.ZeroOrMore, Description = "Services (default: all)" };

    public static Option<int?> Timeout() => new("--timeout", "-t") { Description = "Specify a shutdown timeout in seconds" };

    /// <summary>Sets an async action that gets a fresh <see cref="CommandContext"/>.</summary>
    public static void Action(this Command command, CliApplication app, Func<CommandContext, ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var context = new CommandContext(app, result);
            return await action(context, result, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>"svc=3" pairs of --scale.</summary>
    public static Dictionary<string, int> ParseScale(IEnumerable<string> values)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !int.TryParse(value.AsSpan(eq + 1), out var n) || n < 0)
            {
                throw new UsageException($"invalid --scale value \"{value}\" (expected SERVICE=NUM)");
            }

            result[value[..eq]] = n;
        }

        return result;
    }
}
