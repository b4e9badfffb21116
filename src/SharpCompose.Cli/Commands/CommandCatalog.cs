using System.CommandLine;

namespace SharpCompose.Cli.Commands;

/// <summary>Every command of the CLI, in the order help lists them.</summary>
public static class CommandCatalog
{
    /// <summary>
    /// The commands the invocation needs: only the one named by the first word that is not a global flag or its
    /// value (the tree of every command costs each start-up ~15 ms), else all of them (help, completion, typos).
    /// </summary>
    public static IEnumerable<Command> CreateFor(CliApplication app, RootCommand root, IReadOnlyList<string> args)
    {
        var index = CommandIndex(root, args);
        if (index >= 0 && args[index] is not ("completion" or "help"))
        {
            var single = Create(app, args[index]).ToList();
            if (single.Count == 1)
            {
                return single;
            }
        }

        return Create(app);
    }

    /// <summary>Where the command's name is: the first word that is not a global flag or its value (-1: none).</summary>
    private static int CommandIndex(RootCommand root, IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return -1;
            }

            if (arg.StartsWith('-'))
            {
                if (!arg.Contains('=') && TakesValue(root, arg))
                {
                    i++;
                }

                continue;
            }

            return i;
        }

        return -1;
    }

    /// <summary>Every command, or with <paramref name="only"/> the one of that name (none if there is no such command).</summary>
    public static IEnumerable<Command> Create(CliApplication app, string? only = null) => only switch
    {
        null => All(app),
        "up" => [UpCommand.Create(app)],
        "down" => [DownCommand.Create(app)],
        "config" => [ConfigCommand.Create(app)],
        "ps" => [PsCommand.Create(app)],
        "logs" => [LogsCommand.Create(app)],
        "create" => [UpCommand.Create(app, createOnly: true)],
        "ls" => [LsCommand.Create(app)],
        "run" => [RunExecCommands.Run(app)],
        "exec" => [RunExecCommands.Exec(app)],
        "build" => [ImageCommands.Build(app)],
        "pull" => [ImageCommands.Pull(app)],
        "push" => [ImageCommands.Push(app)],
        "images" => [ImageCommands.Images(app)],
        "cp" => [ContainerCommands.Cp(app)],
        "attach" => [AttachCommand.Create(app)],
        "top" => [ContainerCommands.Top(app)],
        "port" => [ContainerCommands.Port(app)],
        "wait" => [ContainerCommands.Wait(app)],
        "events" => [ContainerCommands.Events(app)],
        "version" => [VersionCommand.Create(app)],
        _ => LifecycleCommands.Create(app).Where(c => c.Name == only).Take(1)
             .Concat(only is "install-plugin" ? [InstallPluginCommand.Create(app)] : []),
    };

    private static IEnumerable<Command> All(CliApplication app) =>
    [
        UpCommand.Create(app),
        DownCommand.Create(app),
        ConfigCommand.Create(app),
        PsCommand.Create(app),
        LogsCommand.Create(app),
        UpCommand.Create(app, createOnly: true),
        LsCommand.Create(app),
        RunExecCommands.Run(app),
        RunExecCommands.Exec(app),
        ImageCommands.Build(app),
        ImageCommands.Pull(app),
        ImageCommands.Push(app),
        ImageCommands.Images(app),
        ContainerCommands.Cp(app),
        AttachCommand.Create(app),
        ContainerCommands.Top(app),
        ContainerCommands.Port(app),
        ContainerCommands.Wait(app),
        ContainerCommands.Events(app),
        .. LifecycleCommands.Create(app),
        VersionCommand.Create(app),
        CompletionCommand.Create(app),
        InstallPluginCommand.Create(app),
    ];

    /// <summary>
    /// Compose stops parsing flags at the service name for <c>run</c> and <c>exec</c> (<c>run web ls -la</c>):
    /// everything after it belongs to the container's command. Insert <c>--</c> there so the parser agrees.
    /// </summary>
    public static IReadOnlyList<string> PrepareArguments(RootCommand root, IReadOnlyList<string> args)
    {
        var commandIndex = CommandIndex(root, args);
        var command = commandIndex < 0 ? null : root.Subcommands.FirstOrDefault(c => c.Name == args[commandIndex] || c.Aliases.Contains(args[commandIndex]));
        if (command is null || command.Name is not ("run" or "exec"))
        {
            return args;
        }

        for (var i = commandIndex + 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return args;
            }

            if (arg.StartsWith('-') && arg.Length > 1)
            {
                if (!arg.Contains('=') && (TakesValue(command, arg) || TakesValue(root, arg)))
                {
                    i++;
                }

                continue;
            }

            // args[i] is the service: what follows is the command, verbatim.
            if (i + 1 >= args.Count)
            {
                return args;
            }

            var prepared = new List<string>(args.Count + 1);
            prepared.AddRange(args.Take(i + 1));
            prepared.Add("--");
            prepared.AddRange(args.Skip(i + 1));
            return prepared;
        }

        return args;
    }

    private static bool TakesValue(Command command, string token)
    {
        var option = command.Options.FirstOrDefault(o => o.Name == token || o.Aliases.Contains(token));
        return option is not null && option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);
    }
}
