using System.CommandLine;
using SharpCompose.Cli.Rendering;
using SharpCompose.Orchestration;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Commands;

/// <summary><c>up</c> and <c>create</c>.</summary>
public static class UpCommand
{
    public static Command Create(CliApplication app, bool createOnly = false)
    {
        var services = CommandSupport.Services();
        var detach = new Option<bool>("--detach", "-d") { Description = "Detached mode: Run containers in the background" };
        var wait = new Option<bool>("--wait") { Description = "Wait for services to be running|healthy. Implies detached mode." };
        var waitTimeout = new Option<int?>("--wait-timeout") { Description = "Maximum duration to wait for the project to be running|healthy (seconds)" };
        var build = new Option<bool>("--build") { Description = "Build images before starting containers" };
        var noBuild = new Option<bool>("--no-build") { Description = "Don't build an image, even if it's policy" };
        var pull = new Option<string?>("--pull") { Description = "Pull image before running (\"always\"|\"missing\"|\"never\")" };
        var quietPull = new Option<bool>("--quiet-pull") { Description = "Pull without printing progress information" };
        var forceRecreate = new Option<bool>("--force-recreate") { Description = "Recreate containers even if their configuration and image haven't changed" };
        var noRecreate = new Option<bool>("--no-recreate") { Description = "If containers already exist, don't recreate them" };
        var noDeps = new Option<bool>("--no-deps") { Description = "Don't start linked services" };
        var noStart = new Option<bool>("--no-start") { Description = "Don't start the services after creating them" };
        var removeOrphans = new Option<bool>("--remove-orphans") { Description = "Remove containers for services not defined in the Compose file" };
        var scale = new Option<string[]>("--scale") { Description = "Scale SERVICE to NUM instances (SERVICE=NUM)" };
        var timeout = CommandSupport.Timeout();
        var abort = new Option<bool>("--abort-on-container-exit") { Description = "Stops all containers if any container was stopped" };
        var exitCodeFrom = new Option<string?>("--exit-code-from") { Description = "Return the exit code of the selected service container. Implies --abort-on-container-exit" };
        var attach = new Option<string[]>("--attach") { Description = "Restrict attaching to the specified services" };
        var noAttach = new Option<string[]>("--no-attach") { Description = "Do not attach (stream logs) to the specified services" };
        var attachDeps = new Option<bool>("--attach-dependencies") { Description = "Automatically attach to log output of dependent services" };
        var noLogPrefix = new Option<bool>("--no-log-prefix") { Description = "Don't print prefix in logs" };
        var noColor = new Option<bool>("--no-color") { Description = "Produce monochrome output" };
        var timestamps = new Option<bool>("--timestamps") { Description = "Show timestamps" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Assume \"yes\" as answer to all prompts" };

        var command = createOnly
            ? new Command("create", "Creates containers for a service") { services, build, noBuild, pull, quietPull, forceRecreate, noRecreate, removeOrphans, scale, yes }
            : new Command("up", "Create and start containers")
            {
                services, detach, wait, waitTimeout, build, noBuild, pull, quietPull, forceRecreate, noRecreate, noDeps, noStart, removeOrphans,
                scale, timeout, abort, exitCodeFrom, attach, noAttach, attachDeps, noLogPrefix, noColor, timestamps, yes,
            };

        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            if (result.GetValue(forceRecreate) && result.GetValue(noRecreate))
            {
                throw new UsageException("--force-recreate and --no-recreate are incompatible");
            }

            if (result.GetValue(build) && result.GetValue(noBuild))
            {
                throw new UsageException("--build and --no-build are incompatible");
            }

            var exitFrom = result.GetValue(exitCodeFrom);
            var detached = createOnly || result.GetValue(detach) || result.GetValue(wait) || result.GetValue(noStart);
            var attachTo = result.GetValue(attach) ?? [];
            if (!createOnly && (result.GetValue(abort) || exitFrom is not null || attachTo.Length > 0 || result.GetValue(attachDeps)))
            {
                // Compose v2's words and exit code (1).
                if (result.GetValue(wait))
                {
                    throw new CommandFailedException("--wait cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies");
                }

                if (result.GetValue(detach))
                {
                    throw new CommandFailedException("--detach cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies");
                }
            }

            var session = await context.OpenSessionAsync(names, cancellationToken, strict: true).ConfigureAwait(false);
            if (exitFrom is not null && !session.Project.Services.ContainsKey(exitFrom))
            {
                throw new UsageException($"no such service: {exitFrom}");
            }

            // Decided before anything is created, so a wrong --attach changes nothing.
            var attachment = detached ? null : AttachSelection.Resolve(session.Project, names, attachTo, result.GetValue(noAttach) ?? [], result.GetValue(attachDeps));

            var options = new UpOptions
            {
                Services = names,
                Recreate = result.GetValue(forceRecreate) ? RecreatePolicy.Force : result.GetValue(noRecreate) ? RecreatePolicy.Never : RecreatePolicy.Diverged,
                Scale = CommandSupport.ParseScale(result.GetValue(scale) ?? []),
                NoDeps = result.GetValue(noDeps),
                NoStart = createOnly || result.GetValue(noStart),
                RemoveOrphans = result.GetValue(removeOrphans) || context.App.Environment.GetValueOrDefault("COMPOSE_REMOVE_ORPHANS") is "1" or "true",
                Wait = result.GetValue(wait),
                WaitTimeout = result.GetValue(waitTimeout) is { } wt ? TimeSpan.FromSeconds(wt) : null,
                StopTimeout = result.GetValue(timeout),
                Images = new ImageOptions
                {
                    Build = result.GetValue(build),
                    NoBuild = result.GetValue(noBuild),
                    Pull = result.GetValue(pull),
                    QuietPull = result.GetValue(quietPull),
                },
            };

            // Ctrl-C during up: stop creating (nothing is left half-made), then stop what runs when attached.
            UpResult up;
            try
            {
                up = await new UpVerb(session).RunAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!detached && context.App.Signals?.Interrupted == true)
            {
                // Attached: an interrupted up stops what it already started, as the attached run would have.
                context.Renderer().Stop();
                await new LifecycleVerbs(session with { Progress = new PlainProgressRenderer(context.Console) })
                    .StopAsync([], result.GetValue(timeout), context.App.Signals.Forceful).ConfigureAwait(false);
                return ExitCodes.Interrupted;
            }

            context.Renderer().Stop();
            if (detached)
            {
                return ExitCodes.Success;
            }

            if (context.Settings.DryRun)
            {
                // Nothing runs: there is nothing to attach to (Compose v2 says the same).
                context.Console.WriteErrorLine("end of 'compose up' output, interactive run is not supported in dry-run mode");
                return ExitCodes.Success;
            }

            var printer = new LogPrinter(context.Console, session.Project.Services.Keys,
                up.Containers.Where(c => attachment!.Attached.Contains(c.Service)).Select(c => LogPrinter.PrefixOf(session.ProjectName, c.Service, c.Name, c.Number)),
                prefix: !result.GetValue(noLogPrefix), color: !result.GetValue(noColor), timestamps: result.GetValue(timestamps))
            {
                ProjectName = session.ProjectName,
            };
            var signals = context.App.Signals;
            var run = new AttachedRun(session with { Progress = new PlainProgressRenderer(context.Console) });
            try
            {
                return await run.RunAsync(up, new AttachedRunOptions
                {
                    AbortOnContainerExit = result.GetValue(abort),
                    ExitCodeFrom = exitFrom,
                    Attach = attachment!.Attached,
                    Required = attachment.Required,
                    StopTimeout = result.GetValue(timeout),
                    Timestamps = result.GetValue(timestamps),
                }, printer, printer, cancellationToken, signals?.Forceful ?? CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (signals?.Interrupted == true)
            {
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }
}
