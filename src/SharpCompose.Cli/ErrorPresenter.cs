using SharpCompose.Cli.Rendering;

namespace SharpCompose.Cli;

/// <summary>The only place that turns exceptions into text and exit codes.</summary>
public static class ErrorPresenter
{
    public static int Present(ConsoleWriter console, Exception exception, bool verbose, bool interrupted = false)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } single)
        {
            exception = single.InnerExceptions[0];
        }

        var (code, message) = Classify(exception, interrupted);
        if (message is not null)
        {
            // One line per problem (a file's errors all come at once), each marked.
            foreach (var line in message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                console.WriteErrorLine(Ansi.Paint("Error", Ansi.Red + Ansi.Bold, console.ColorError) + " " + line);
            }
        }

        if (verbose)
        {
            console.WriteErrorLine(exception.ToString());
        }

        return code;
    }

    private static (int Code, string? Message) Classify(Exception e, bool interrupted)
    {
        switch (e)
        {
            case OperationCanceledException when interrupted:
                return (ExitCodes.Interrupted, null);
            case UsageException usage:
                return (usage.ParseError ? ExitCodes.BadCommand : ExitCodes.Failure, e.Message);
            case CommandFailedException failed:
                return (failed.ExitCode, failed.Message);
            case AggregateException many:
                return (ExitCodes.Failure, string.Join("; ", many.InnerExceptions.Select(x => Classify(x, interrupted).Message).Where(m => m is not null)));
        }

        var mapped = ErrorMapping.Map(e);
        if (mapped is not null)
        {
            return mapped.Value;
        }

        return (ExitCodes.Failure, e.Message);
    }
}
