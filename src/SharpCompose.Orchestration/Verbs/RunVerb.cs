using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>The flags of <c>run</c>.</summary>
public sealed record RunOptions
{
    public required string Service { get; init; }

    /// <summary>The command (empty: the service's).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public bool Remove { get; init; }

    public bool Detach { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string> Environment { get; init; } = [];

    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>-v: extra bind/volume mounts in short syntax (resolved by the CLI).</summary>
    public IReadOnlyList<MountSpec> Volumes { get; init; } = [];

    /// <summary>-p: extra published ports.</summary>
    public IReadOnlyList<PortSpec> Publish { get; init; } = [];

    public bool ServicePorts { get; init; }

    public bool UseAliases { get; init; }

    public bool NoDeps { get; init; }

    public string? Entrypoint { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public bool Tty { get; init; }

    public bool Interactive { get; init; } = true;

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public bool RemoveOrphans { get; init; }

    public ImageOptions Images { get; init; } = new();
}

/// <summary>
/// <c>run</c>: a one-off container of a service (<c>&lt;project&gt;-&lt;service&gt;-run-&lt;id&gt;</c>, label
/// oneoff=True), its dependencies brought up first with their conditions; the exit code is the command's.
/// </summary>
public sealed class RunVerb(ProjectSession session)
{
    public async Task<int> RunAsync(RunOptions options, Stdio stdio, Action<string>? detachedName, CancellationToken cancellationToken)
    {
        var engine = session.Engine;
        var project = session.Project;
        if (!project.Services.TryGetValue(options.Service, out var service))
        {
            throw new OrchestrationException($"no such service: {options.Service}");
        }

        var deps = service.DependsOn.Keys.Where(project.Services.ContainsKey).ToList();
        if (!options.NoDeps && deps.Count > 0)
        {
            await new UpVerb(session).RunAsync(new UpOptions { Services = deps, RemoveOrphans = options.RemoveOrphans, Images = options.Images }, cancellationToken).ConfigureAwait(false);
            await WaitForConditionsAsync(service, cancellationToken).ConfigureAwait(false);
        }

        var images = await new ImagePreparer(session).PrepareAsync([service], options.Images, cancellationToken).ConfigureAwait(false);
        var slug = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var name = options.Name ?? $"{project.Name}-{service.Name}-run-{slug[..12]}";
        var oneOff = Customise(service, options);
        var factory = new ContainerSpecFactory(project, engine.ApiVersion)
        {
            UseAliases = options.UseAliases,
            ServiceContainerResolver = s => project.Services.TryGetValue(s, out var spec) ? Reconciler.ContainerName(project, spec, 1) : null,
        };
        var plan = factory.Create(oneOff, new ContainerIdentity(name, 1, OneOff: true, session.ConfigHash(service), images.Ids.GetValueOrDefault(service.Name)));
        var labels = new Dictionary<string, string>(plan.Request.Labels!, StringComparer.Ordinal) { [ComposeLabels.Slug] = slug };
        foreach (var label in options.Labels)
        {
            var eq = label.IndexOf('=', StringComparison.Ordinal);
            labels[eq < 0 ? label : label[..eq]] = eq < 0 ? string.Empty : label[(eq + 1)..];
        }

        var request = plan.Request with
        {
            Labels = labels,
            Tty = options.Tty,
            OpenStdin = options.Interactive && !options.Detach,
            StdinOnce = options.Interactive && !options.Detach,
            AttachStdin = options.Interactive && !options.Detach,
            AttachStdout = !options.Detach,
            AttachStderr = !options.Detach,
            HostConfig = plan.Request.HostConfig! with { RestartPolicy = null, AutoRemove = options.Remove && options.Detach ? true : null },
        };
        await new Execution.ProjectResources(engine, project, session.Progress).EnsureAsync([service], cancellationToken).ConfigureAwait(false);
        var id = await ContainerExecutor.CreateFromPlanAsync(engine, name, plan with { Request = request }, null, cancellationToken).ConfigureAwait(false);
        if (options.Detach)
        {
            await engine.Containers.StartAsync(id, cancellationToken).ConfigureAwait(false);
            detachedName?.Invoke(name);
            return 0;
        }

        try
        {
            await using var io = await engine.Containers.AttachAsync(id, new AttachOptions { Stdin = options.Interactive, Stdout = true, Stderr = true, Tty = options.Tty }, cancellationToken).ConfigureAwait(false);
            using var wait = await engine.Containers.BeginWaitAsync(id, WaitCondition.NextExit, cancellationToken).ConfigureAwait(false);
            await engine.Containers.StartAsync(id, cancellationToken).ConfigureAwait(false);
            await StdioPump.RunAsync(io, stdio with { ForwardInput = stdio.ForwardInput && options.Interactive }, cancellationToken).ConfigureAwait(false);
            var exit = await wait.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            return (int)exit.StatusCode;
        }
        catch (OperationCanceledException)
        {
            await engine.Containers.StopAsync(id, null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (options.Remove)
            {
                try
                {
                    await engine.Containers.RemoveAsync(id, new ContainerRemoveOptions { Force = true, RemoveVolumes = true }, CancellationToken.None).ConfigureAwait(false);
                }
                catch (EngineNotFoundException)
                {
                }
            }
        }
    }

    private async Task WaitForConditionsAsync(ServiceSpec service, CancellationToken cancellationToken)
    {
        // UpVerb already waited for each dependency's own dependencies; the run's direct conditions are checked here.
        await using var watcher = Execution.ContainerEventWatcher.Start(session.Engine, session.ProjectName);
        foreach (var (dep, dependency) in service.DependsOn)
        {
            if (dependency.Condition == DependencyCondition.ServiceStarted)
            {
                continue;
            }

            var containers = await new LifecycleVerbs(session).ContainersAsync([dep], all: true, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(containers.Select(c => Execution.DependencyConditions.WaitAsync(session.Progress, service.Name, dep, c, dependency.Condition, watcher, cancellationToken))).ConfigureAwait(false);
        }
    }

    private static ServiceSpec Customise(ServiceSpec service, RunOptions options)
    {
        var environment = new Dictionary<string, string?>(service.Environment, StringComparer.Ordinal);
        foreach (var entry in options.Environment)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            environment[eq < 0 ? entry : entry[..eq]] = eq < 0 ? System.Environment.GetEnvironmentVariable(entry) : entry[(eq + 1)..];
        }

        return service with
        {
            Command = options.Command.Count > 0 ? options.Command : service.Command,
            Entrypoint = options.Entrypoint is { } ep ? (ep.Length == 0 ? [] : [ep]) : service.Entrypoint,
            Environment = environment,
            User = options.User ?? service.User,
            WorkingDir = options.WorkingDir ?? service.WorkingDir,
            Ports = options.ServicePorts ? service.Ports.Concat(options.Publish).ToList() : options.Publish,
            Volumes = service.Volumes.Where(v => !options.Volumes.Any(o => o.Target == v.Target)).Concat(options.Volumes).ToList(),
            CapAdd = service.CapAdd.Concat(options.CapAdd).ToList(),
            CapDrop = service.CapDrop.Concat(options.CapDrop).ToList(),
            ContainerName = null,
            Tty = options.Tty,
            StdinOpen = options.Interactive,
        };
    }
}
