using System.CommandLine;
using System.Text.Json;
using SharpCompose.Cli.Rendering;
using SharpCompose.Engine;
using SharpCompose.Orchestration;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Commands;

/// <summary><c>cp</c>, <c>top</c>, <c>port</c>, <c>wait</c>, <c>events</c>.</summary>
public static class ContainerCommands
{
    public static Command Cp(CliApplication app)
    {
        var source = new Argument<string>("SRC_PATH") { Description = "SERVICE:SRC_PATH or a local path" };
        var destination = new Argument<string>("DEST_PATH") { Description = "SERVICE:DEST_PATH or a local path" };
        var archive = new Option<bool>("--archive", "-a") { Description = "Archive mode (copy all uid/gid information)" };
        var followLink = new Option<bool>("--follow-link", "-L") { Description = "Always follow symbol link in SRC_PATH" };
        var index = new Option<int?>("--index") { Description = "Index of the container if service has multiple replicas" };
        var all = new Option<bool>("--all") { Description = "Include containers created by the run command", Hidden = true };
        var command = new Command("cp", "Copy files/folders between a service container and the local filesystem") { source, destination, archive, followLink, index, all };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var session = await context.OpenSessionAsync(null, cancellationToken).ConfigureAwait(false);
            await new CpVerb(session).CopyAsync(result.GetValue(source)!, result.GetValue(destination)!, result.GetValue(index) ?? 1,
                result.GetValue(archive), result.GetValue(followLink), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Top(CliApplication app)
    {
        var services = CommandSupport.Services();
        var command = new Command("top", "Display the running processes") { services };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken, allowNameOnly: true).ConfigureAwait(false);
            var containers = await new LifecycleVerbs(session).ContainersAsync(names, all: false, cancellationToken).ConfigureAwait(false);
            var tops = await Task.WhenAll(containers.Select(async c => (c.Name, Top: await session.Engine.Containers.TopAsync(c.Id, null, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
            foreach (var (name, top) in tops)
            {
                context.Console.WriteOutLine(name);
                context.Console.WriteOut(Table.Render(top.Titles ?? [], (top.Processes ?? []).Select(p => p)));
                context.Console.WriteOutLine(string.Empty);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Port(CliApplication app)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service" };
        var privatePort = new Argument<string>("PRIVATE_PORT") { Description = "The container port" };
        var protocol = new Option<string?>("--protocol") { Description = "tcp or udp (default \"tcp\")" };
        var index = new Option<int?>("--index") { Description = "Index of the container if service has multiple replicas" };
        var command = new Command("port", "Print the public port for a port binding") { service, privatePort, protocol, index };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var name = result.GetValue(service)!;
            var session = await context.OpenSessionAsync([name], cancellationToken).ConfigureAwait(false);
            var containers = await new LifecycleVerbs(session).ContainersAsync([name], all: false, cancellationToken).ConfigureAwait(false);
            var container = containers.FirstOrDefault(c => c.Number == (result.GetValue(index) ?? 1))
                ?? throw new OrchestrationException($"service \"{name}\" is not running");
            var inspect = await session.Engine.Containers.InspectAsync(container.Id, cancellationToken).ConfigureAwait(false);
            var key = $"{result.GetValue(privatePort)}/{result.GetValue(protocol) ?? "tcp"}";
            var binding = inspect.NetworkSettings?.Ports?.GetValueOrDefault(key)?.FirstOrDefault()
                ?? throw new OrchestrationException($"no port {key} for container {container.Name}");
            context.Console.WriteOutLine($"{binding.HostIp}:{binding.HostPort}");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Wait(CliApplication app)
    {
        var services = new Argument<string[]>("SERVICE") { Arity = ArgumentArity.OneOrMore, Description = "Services to wait for" };
        var downProject = new Option<bool>("--down-project") { Description = "Drops project when the first container stops" };
        var command = new Command("wait", "Block until the first service container stops") { services, downProject };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken).ConfigureAwait(false);
            var containers = await new LifecycleVerbs(session).ContainersAsync(names, all: true, cancellationToken).ConfigureAwait(false);
            if (containers.Count == 0)
            {
                throw new OrchestrationException("no containers for " + string.Join(", ", names));
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var waits = containers.Select(c => session.Engine.Containers.WaitAsync(c.Id, WaitCondition.NotRunning, cts.Token)).ToList();
            var first = await Task.WhenAny(waits).ConfigureAwait(false);
            var code = (await first.ConfigureAwait(false)).StatusCode;
            await cts.CancelAsync().ConfigureAwait(false);
            context.Console.WriteOutLine(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (result.GetValue(downProject))
            {
                await new DownVerb(session).RunAsync(new DownOptions(), cancellationToken).ConfigureAwait(false);
            }

            return (int)code;
        });
        return command;
    }

    public static Command Events(CliApplication app)
    {
        var services = CommandSupport.Services();
        var json = new Option<bool>("--json") { Description = "Output events as a stream of json objects" };
        var command = new Command("events", "Receive real time events from containers") { services, json };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken, allowNameOnly: true).ConfigureAwait(false);
            var filters = new EngineFilters().Add("type", "container").Label(ComposeLabels.Project, session.ProjectName);
            try
            {
                await foreach (var e in session.Engine.System.GetEventsAsync(new EventsOptions { Filters = filters }, cancellationToken).ConfigureAwait(false))
                {
                    var attributes = e.Actor?.Attributes ?? new Dictionary<string, string>();
                    var service = attributes.GetValueOrDefault(ComposeLabels.Service) ?? string.Empty;
                    if (names.Length > 0 && !names.Contains(service))
                    {
                        continue;
                    }

                    var time = DateTimeOffset.FromUnixTimeMilliseconds(e.TimeNano / 1_000_000);
                    if (result.GetValue(json))
                    {
                        var text = CliJson.Render(w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("time", time);
                            w.WriteString("type", "container");
                            w.WriteString("action", e.Action);
                            w.WriteString("id", e.Actor?.ID);
                            w.WriteString("service", service);
                            w.WriteStartObject("attributes");
                            foreach (var (k, v) in attributes.Where(a => !a.Key.StartsWith(ComposeLabels.Prefix, StringComparison.Ordinal)))
                            {
                                w.WriteString(k, v);
                            }

                            w.WriteEndObject();
                            w.WriteEndObject();
                        });

                        context.Console.WriteOutLine(text);
                    }
                    else
                    {
                        var attrs = string.Join(", ", attributes.Where(a => !a.Key.StartsWith(ComposeLabels.Prefix, StringComparison.Ordinal)).Select(a => $"{a.Key}={a.Value}"));
                        context.Console.WriteOutLine($"{time:yyyy-MM-dd HH:mm:ss.ffffff} container {e.Action} {e.Actor?.ID} ({attrs})");
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
