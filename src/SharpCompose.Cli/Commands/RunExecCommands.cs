using System.CommandLine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Commands;

/// <summary><c>run</c> and <c>exec</c>: one-off work in a service's image or container.</summary>
public static class RunExecCommands
{
    public static Command Run(CliApplication app)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service to run" };
        var commandArgs = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Description = "The command and its arguments" };
        var rm = new Option<bool>("--rm") { Description = "Automatically remove the container when it exits" };
        var detach = new Option<bool>("--detach", "-d") { Description = "Run container in background and print container ID" };
        var name = new Option<string?>("--name") { Description = "Assign a name to the container" };
        var env = new Option<string[]>("--env", "-e") { Description = "Set environment variables" };
        var labels = new Option<string[]>("--label", "-l") { Description = "Add or override a label" };
        var volumes = new Option<string[]>("--volume", "-v") { Description = "Bind mount a volume" };
        var publish = new Option<string[]>("--publish", "-p") { Description = "Publish a container's port(s) to the host" };
        var servicePorts = new Option<bool>("--service-ports", "-P") { Description = "Run command with all service's ports enabled and mapped to the host" };
        var useAliases = new Option<bool>("--use-aliases") { Description = "Use the service's network useAliases in the network(s) the container connects to" };
        var noDeps = new Option<bool>("--no-deps") { Description = "Don't start linked services" };
        var entrypoint = new Option<string?>("--entrypoint") { Description = "Override the entrypoint of the image" };
        var user = new Option<string?>("--user", "-u") { Description = "Run as specified username or uid" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory inside the container" };
        var noTty = new Option<bool>("--no-TTY", "-T") { Description = "Disable pseudo-TTY allocation (default: auto-detected)" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep STDIN open even if not attached", DefaultValueFactory = _ => true };
        var build = new Option<bool>("--build") { Description = "Build image before starting container" };
        var pull = new Option<string?>("--pull") { Description = "Pull image before running (\"always\"|\"missing\"|\"never\")" };
        var quietPull = new Option<bool>("--quiet-pull") { Description = "Pull without printing progress information" };
        var removeOrphans = new Option<bool>("--remove-orphans") { Description = "Remove containers for services not defined in the Compose file" };
        var capAdd = new Option<string[]>("--cap-add") { Description = "Add Linux capabilities" };
        var capDrop = new Option<string[]>("--cap-drop") { Description = "Drop Linux capabilities" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-TTY", Hidden = true };
        var command = new Command("run", "Run a one-off command on a service")
        {
            service, commandArgs, rm, detach, name, env, labels, volumes, publish, servicePorts, useAliases, noDeps, entrypoint, user, workdir,
            noTty, interactive, build, pull, quietPull, removeOrphans, capAdd, capDrop, tty,
        };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var serviceName = result.GetValue(service)!;
            var session = await context.OpenSessionAsync([serviceName], cancellationToken, strict: true).ConfigureAwait(false);
            var useTty = !result.GetValue(noTty) && (result.GetValue(tty) || !Console.IsInputRedirected) && !Console.IsOutputRedirected;
            var projectDir = session.Project.WorkingDirectory;
            var options = new RunOptions
            {
                Service = serviceName,
                Command = result.GetValue(commandArgs) ?? [],
                Remove = result.GetValue(rm),
                Detach = result.GetValue(detach),
                Name = result.GetValue(name),
                Environment = result.GetValue(env) ?? [],
                Labels = result.GetValue(labels) ?? [],
                Volumes = (result.GetValue(volumes) ?? []).Select(v => ParseVolume(v, projectDir)).ToList(),
                Publish = (result.GetValue(publish) ?? []).Select(ParsePort).ToList(),
                ServicePorts = result.GetValue(servicePorts),
                UseAliases = result.GetValue(useAliases),
                NoDeps = result.GetValue(noDeps),
                Entrypoint = result.GetValue(entrypoint),
                User = result.GetValue(user),
                WorkingDir = result.GetValue(workdir),
                Tty = useTty,
                Interactive = result.GetValue(interactive),
                RemoveOrphans = result.GetValue(removeOrphans),
                CapAdd = result.GetValue(capAdd) ?? [],
                CapDrop = result.GetValue(capDrop) ?? [],
                Images = new ImageOptions { Build = result.GetValue(build), Pull = result.GetValue(pull), QuietPull = result.GetValue(quietPull) },
            };
            using var terminal = useTty && !options.Detach ? TerminalMode.Raw() : null;
            var exit = await new RunVerb(session).RunAsync(options, StandardStreams(!Console.IsInputRedirected || options.Interactive), n => context.Console.WriteOutLine(n), cancellationToken).ConfigureAwait(false);
            context.Renderer().Stop();
            return exit;
        });
        return command;
    }

    public static Command Exec(CliApplication app)
    {
        var service = new Argument<string>("SERVICE") { Description = "The service" };
        var commandArgs = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.OneOrMore, Description = "The command and its arguments" };
        var detach = new Option<bool>("--detach", "-d") { Description = "Detached mode: Run command in the background" };
        var noTty = new Option<bool>("--no-TTY", "-T") { Description = "Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY." };
        var env = new Option<string[]>("--env", "-e") { Description = "Set environment variables" };
        var user = new Option<string?>("--user", "-u") { Description = "Run the command as this user" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Path to workdir directory for this command" };
        var index = new Option<int?>("--index") { Description = "Index of the container if service has multiple replicas" };
        var privileged = new Option<bool>("--privileged") { Description = "Give extended privileges to the process" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep STDIN open even if not attached", DefaultValueFactory = _ => true };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-TTY", Hidden = true };
        var command = new Command("exec", "Execute a command in a running container") { service, commandArgs, detach, noTty, env, user, workdir, index, privileged, interactive, tty };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var serviceName = result.GetValue(service)!;
            var session = await context.OpenSessionAsync([serviceName], cancellationToken).ConfigureAwait(false);
            var useTty = !result.GetValue(noTty) && !Console.IsInputRedirected && !Console.IsOutputRedirected;
            using var terminal = useTty && !result.GetValue(detach) ? TerminalMode.Raw() : null;
            return await new ExecVerb(session).RunAsync(new ExecOptions
            {
                Service = serviceName,
                Command = result.GetValue(commandArgs) ?? [],
                Index = result.GetValue(index) ?? 1,
                Detach = result.GetValue(detach),
                Tty = useTty,
                Interactive = result.GetValue(interactive),
                Environment = result.GetValue(env) ?? [],
                User = result.GetValue(user),
                WorkingDir = result.GetValue(workdir),
                Privileged = result.GetValue(privileged),
            }, StandardStreams(true), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Stdio StandardStreams(bool forwardInput) =>
        new(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError()) { ForwardInput = forwardInput };

    /// <summary>-v SRC:DST[:ro] → a mount; a relative or ~ source is a bind resolved against the project directory.</summary>
    public static MountSpec ParseVolume(string value, string projectDirectory)
    {
        var parts = value.Split(':');
        if (parts.Length == 1)
        {
            return new MountSpec { Type = MountType.Volume, Target = parts[0] };
        }

        var source = parts[0];
        var readOnly = parts.Length > 2 && parts[2].Split(',').Contains("ro");
        var isPath = source.StartsWith('.') || source.StartsWith('/') || source.StartsWith('~');
        if (source.StartsWith('~'))
        {
            source = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + source[1..];
        }

        return isPath
            ? new MountSpec { Type = MountType.Bind, Source = Path.GetFullPath(source, projectDirectory), Target = parts[1], ReadOnly = readOnly, Bind = new BindOptions { CreateHostPath = true } }
            : new MountSpec { Type = MountType.Volume, Source = source, Target = parts[1], ReadOnly = readOnly };
    }

    /// <summary>-p [[IP:]PUBLISHED:]TARGET[/PROTO].</summary>
    public static PortSpec ParsePort(string value)
    {
        var protocol = "tcp";
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            protocol = value[(slash + 1)..];
            value = value[..slash];
        }

        var parts = value.Split(':');
        if (!uint.TryParse(parts[^1], out var target))
        {
            throw new UsageException($"invalid port \"{value}\"");
        }

        return parts.Length switch
        {
            1 => new PortSpec { Target = target, Protocol = protocol },
            2 => new PortSpec { Target = target, Published = parts[0], Protocol = protocol },
            _ => new PortSpec { Target = target, Published = parts[^2], HostIp = string.Join(":", parts[..^2]), Protocol = protocol },
        };
    }
}

/// <summary>Puts the terminal in raw mode for a TTY session (stty), restoring it on dispose.</summary>
internal sealed class TerminalMode : IDisposable
{
    private readonly string? _saved;

    private TerminalMode(string? saved) => _saved = saved;

    public static TerminalMode? Raw()
    {
        var saved = Stty("-g");
        if (saved is null)
        {
            return null;
        }

        Stty("raw -echo");
        return new TerminalMode(saved.Trim());
    }

    public void Dispose()
    {
        if (_saved is not null)
        {
            Stty(_saved);
        }
    }

    private static string? Stty(string args)
    {
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("stty") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args.Split(' '))
            {
                psi.ArgumentList.Add(a);
            }

            using var p = System.Diagnostics.Process.Start(psi);
            if (p is null)
            {
                return null;
            }

            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
