using System.CommandLine;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Commands;

/// <summary>start, stop, restart, kill, pause, unpause, rm.</summary>
public static class LifecycleCommands
{
    public static IEnumerable<Command> Create(CliApplication app)
    {
        yield return Simple(app, "start", "Start services", (v, s, r, ct) => v.StartAsync(s, ct));
        {
            var timeout = CommandSupport.Timeout();
            yield return Simple(app, "stop", "Stop services", (v, s, r, ct) => v.StopAsync(s, r.GetValue(timeout), ct), timeout);
        }

        {
            var timeout = CommandSupport.Timeout();
            var noDeps = new Option<bool>("--no-deps") { Description = "Don't restart dependent services" };
            yield return Simple(app, "restart", "Restart service containers", (v, s, r, ct) => v.RestartAsync(s, r.GetValue(timeout), r.GetValue(noDeps), ct), timeout, noDeps);
        }

        {
            var signal = new Option<string?>("--signal", "-s") { Description = "SIGNAL to send to the container (default \"SIGKILL\")" };
            var removeOrphans = new Option<bool>("--remove-orphans") { Description = "Remove containers for services not defined in the Compose file" };
            yield return Simple(app, "kill", "Force stop service containers", (v, s, r, ct) => v.KillAsync(s, r.GetValue(signal), ct), signal, removeOrphans);
        }

        yield return Simple(app, "pause", "Pause services", (v, s, r, ct) => v.PauseAsync(s, pause: true, ct));
        yield return Simple(app, "unpause", "Unpause services", (v, s, r, ct) => v.PauseAsync(s, pause: false, ct));
        {
            var force = new Option<bool>("--force", "-f") { Description = "Don't ask to confirm removal" };
            var stop = new Option<bool>("--stop", "-s") { Description = "Stop the containers, if required, before removing" };
            var volumes = new Option<bool>("--volumes", "-v") { Description = "Remove any anonymous volumes attached to containers" };
            yield return Simple(app, "rm", "Removes stopped service containers", async (v, s, r, ct) =>
            {
                var removed = await v.RemoveAsync(s, r.GetValue(stop), r.GetValue(volumes), ct).ConfigureAwait(false);
                if (removed == 0)
                {
                    app.Console.WriteErrorLine("No stopped containers");
                }
            }, force, stop, volumes);
        }
    }

    private static Command Simple(CliApplication app, string name, string description, Func<LifecycleVerbs, IReadOnlyCollection<string>, ParseResult, CancellationToken, Task> action, params Option[] options)
    {
        var services = CommandSupport.Services();
        var command = new Command(name, description) { services };
        foreach (var option in options)
        {
            command.Add(option);
        }

        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            // restart finds the services that restart with the named ones (depends_on restart: true) in the whole
            // project, as Compose v2 does (WithServicesEnabled); the others work on the named services and their dependencies.
            var session = await context.OpenSessionAsync(names, cancellationToken, allowNameOnly: true, selectServices: name != "restart").ConfigureAwait(false);
            await action(new LifecycleVerbs(session), names, result, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
