using System.CommandLine;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Commands;

/// <summary><c>down</c>.</summary>
public static class DownCommand
{
    public static Command Create(CliApplication app)
    {
        var services = CommandSupport.Services();
        var volumes = new Option<bool>("--volumes", "-v") { Description = "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers" };
        var removeOrphans = new Option<bool>("--remove-orphans") { Description = "Remove containers for services not defined in the Compose file" };
        var rmi = new Option<string?>("--rmi") { Description = "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")" };
        var timeout = CommandSupport.Timeout();
        var command = new Command("down", "Stop and remove containers, networks") { services, volumes, removeOrphans, rmi, timeout };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var rmiValue = result.GetValue(rmi);
            if (rmiValue is not null and not ("local" or "all"))
            {
                throw new UsageException($"invalid --rmi value \"{rmiValue}\" (expected local or all)");
            }

            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken, allowNameOnly: true).ConfigureAwait(false);
            // A down that was asked for finishes even if the terminal goes away: only a second signal cuts it short.
            await new DownVerb(session).RunAsync(new DownOptions
            {
                Volumes = result.GetValue(volumes),
                RemoveOrphans = result.GetValue(removeOrphans) || context.App.Environment.GetValueOrDefault("COMPOSE_REMOVE_ORPHANS") is "1" or "true",
                Timeout = result.GetValue(timeout),
                RemoveImages = rmiValue,
                Services = names,
            }, context.App.Signals?.Forceful ?? cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
