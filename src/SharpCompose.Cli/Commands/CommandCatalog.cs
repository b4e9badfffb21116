using System.CommandLine;

namespace SharpCompose.Cli.Commands;

/// <summary>Every command of the CLI, in the order help lists them.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliApplication app) =>
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
        var commandIndex = -1;
        Command? command = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return args;
            }

            if (arg.StartsWith('-'))
            {
                if (!arg.Contains('=') && TakesValue(root, arg))
                {
                    i++;
                }

                continue;
            }

            command = root.Subcommands.FirstOrDefault(c => c.Name == arg || c.Aliases.Contains(arg));
            commandIndex = i;
            break;
        }

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
