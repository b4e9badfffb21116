using System.CommandLine;
using SharpCompose.Orchestration;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Commands;

/// <summary><c>attach</c>: this terminal's streams to a running service container.</summary>
public static class AttachCommand
{
    public static Command Create(CliApplication app)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service" };
        var index = new Option<int?>("--index") { Description = "index of the container if service has multiple replicas" };
        var noStdin = new Option<bool>("--no-stdin") { Description = "Do not attach STDIN" };
        var sigProxy = new Option<bool>("--sig-proxy") { Description = "Proxy all received signals to the process", DefaultValueFactory = _ => true };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "Override the key sequence for detaching from a container" };
        var command = new Command("attach", "Attach local standard input, output, and error streams to a service's running container") { service, index, noStdin, sigProxy, detachKeys };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var name = result.GetValue(service)!;
            var session = await context.OpenSessionAsync([name], cancellationToken).ConfigureAwait(false);
            var containers = await new LifecycleVerbs(session).ContainersAsync([name], all: false, cancellationToken).ConfigureAwait(false);
            var container = containers.FirstOrDefault(c => c.Number == (result.GetValue(index) ?? 1))
                ?? throw new OrchestrationException($"service \"{name}\" is not running");
            var inspect = await session.Engine.Containers.InspectAsync(container.Id, cancellationToken).ConfigureAwait(false);
            var tty = inspect.Config?.Tty == true;
            var stdin = !result.GetValue(noStdin) && inspect.Config?.OpenStdin == true;
            await using var io = await session.Engine.Containers.AttachAsync(container.Id, new Engine.AttachOptions
            {
                Stdin = stdin,
                Stdout = true,
                Stderr = true,
                Tty = tty,
                DetachKeys = result.GetValue(detachKeys),
            }, cancellationToken).ConfigureAwait(false);
            try
            {
                await StdioPump.RunAsync(io, new Stdio(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError()) { ForwardInput = stdin }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.App.Signals?.Interrupted == true)
            {
                return ExitCodes.Success;
            }

            var after = await session.Engine.Containers.TryInspectAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
            return after?.State is { Running: false } state ? state.ExitCode : ExitCodes.Success;
        });
        return command;
    }
}
