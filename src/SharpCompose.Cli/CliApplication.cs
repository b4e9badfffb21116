using System.CommandLine;
using SharpCompose.Cli.Commands;
using SharpCompose.Cli.Rendering;

namespace SharpCompose.Cli;

/// <summary>
/// Composes the command tree by hand and runs one invocation: parse, pick the console and renderer, run the
/// command, and turn any failure into one line and an exit code (<see cref="ErrorPresenter"/>).
/// </summary>
public sealed class CliApplication(
    IReadOnlyDictionary<string, string> environment,
    string workingDirectory,
    Func<AnsiMode, ConsoleWriter> consoleFactory,
    ShutdownSignals? signals,
    TimeProvider time)
{
    public GlobalOptions Globals { get; } = new();

    public IReadOnlyDictionary<string, string> Environment { get; } = environment;

    public string WorkingDirectory { get; } = workingDirectory;

    public ShutdownSignals? Signals { get; } = signals;

    public TimeProvider Time { get; } = time;

    /// <summary>Set once the invocation's console is known (after the global flags are parsed).</summary>
    public ConsoleWriter Console { get; private set; } = null!;

    /// <summary>The command tree; given the arguments, only as much of it as they need.</summary>
    public RootCommand BuildRoot(IReadOnlyList<string>? args = null)
    {
        var root = new RootCommand("Define and run multi-container applications with Docker");
        foreach (var option in Globals.All)
        {
            root.Add(option);
        }

        root.SetAction(result => new System.CommandLine.Help.HelpAction().Invoke(result));
        foreach (var command in args is null ? CommandCatalog.Create(this) : CommandCatalog.CreateFor(this, root, args))
        {
            root.Add(command);
        }

        HelpExamples.Install(root, () => Console.Out);
        return root;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var root = BuildRoot(args);
        SharpCompose.Model.Timing.Mark("root built");
        var prepared = CommandCatalog.PrepareArguments(root, args);
        var parse = root.Parse(prepared);
        SharpCompose.Model.Timing.Mark("parsed");
        AnsiMode ansi;
        try
        {
            ansi = (parse.GetValue(Globals.Ansi) ?? Environment.GetValueOrDefault("COMPOSE_ANSI"))?.ToLowerInvariant() switch
            {
                null or "" or "auto" => AnsiMode.Auto,
                "always" => AnsiMode.Always,
                "never" => AnsiMode.Never,
                var other => throw new UsageException($"invalid --ansi value \"{other}\" (expected never, always or auto)"),
            };
        }
        catch (UsageException e)
        {
            Console = consoleFactory(AnsiMode.Never);
            return ErrorPresenter.Present(Console, e, verbose: false);
        }

        Console = consoleFactory(ansi);
        var verbose = parse.GetValue(Globals.Verbose);
        if (parse.Errors.Count > 0 && !HelpExamples.IsHelp(parse))
        {
            var first = parse.Errors[0].Message;
            return ErrorPresenter.Present(Console, new UsageException(first, parseError: true), verbose);
        }

        if (!HelpExamples.IsHelp(parse) && UnknownFlags.Find(parse) is { } unknown)
        {
            return ErrorPresenter.Present(Console, new UsageException($"unknown flag: {unknown}", parseError: true), verbose);
        }

        try
        {
            var config = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = Console.Out,
                Error = Console.Error,
                ProcessTerminationTimeout = null,
            };
            return await parse.InvokeAsync(config, Signals?.Graceful ?? CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return ErrorPresenter.Present(Console, e, verbose, Signals?.Interrupted ?? false);
        }
    }

    /// <summary>What the global flags say for this invocation.</summary>
    public GlobalSettings Settings(ParseResult result) => Globals.Read(result, Environment);
}
