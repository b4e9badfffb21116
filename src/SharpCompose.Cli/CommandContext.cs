using System.CommandLine;
using SharpCompose.Cli.Rendering;
using SharpCompose.Engine;
using SharpCompose.Loading;
using SharpCompose.Model;
using SharpCompose.Model.Diagnostics;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli;

/// <summary>
/// One command invocation's shared services: the global settings, the project (loaded on demand), the engine
/// connection and the progress renderer. Commands stay thin: parse flags, call a verb, render.
/// </summary>
public sealed class CommandContext(CliApplication app, ParseResult parseResult) : IAsyncDisposable
{
    private IDockerEngine? _engine;
    private ProgressRenderer? _renderer;

    public CliApplication App { get; } = app;

    public GlobalSettings Settings { get; } = app.Settings(parseResult);

    public ConsoleWriter Console => App.Console;

    public LoadOptions LoadOptions(IReadOnlyList<string>? services = null) => new()
    {
        Files = Settings.Files,
        ProjectDirectory = Settings.ProjectDirectory,
        ProjectName = Settings.ProjectName,
        EnvFiles = Settings.EnvFiles,
        Profiles = Settings.Profiles,
        Services = services ?? [],
        Environment = App.Environment,
        WorkingDirectory = App.WorkingDirectory,
    };

    /// <summary>Loads the compose files; prints the loader's warnings on stderr.</summary>
    public async Task<LoadResult> LoadAsync(IReadOnlyList<string>? services, CancellationToken cancellationToken, Func<LoadOptions, LoadOptions>? adjust = null)
    {
        var options = LoadOptions(services);
        if (adjust is not null)
        {
            options = adjust(options);
        }

        SharpCompose.Model.Timing.Mark("load start");
        var result = await ProjectLoader.LoadAsync(options, cancellationToken).ConfigureAwait(false);
        SharpCompose.Model.Timing.Mark("load end");
        foreach (var warning in result.Warnings)
        {
            Console.WriteErrorLine(Ansi.Paint("WARN", Ansi.Yellow, Console.ColorError) + "[0000] " + warning);
        }

        return result;
    }

    /// <summary>
    /// The project for commands that also work on a project known only by name (<c>down -p x</c>, <c>ps -p x</c>):
    /// without a compose file but with a project name, an empty project of that name.
    /// </summary>
    public async Task<(Project Project, Func<ServiceSpec, string> Hash)> LoadProjectAsync(IReadOnlyList<string>? services, bool allowNameOnly, CancellationToken cancellationToken, bool strict = false, bool selectServices = true)
    {
        try
        {
            var result = await LoadAsync(services, cancellationToken, o => o with { Strict = strict || o.Strict, SelectServices = selectServices }).ConfigureAwait(false);
            return (result.Project ?? throw new InvalidOperationException("the loader returned no project"), Loading.Output.ConfigHash.Compute);
        }
        catch (ComposeException e) when (allowNameOnly && e.ExitCode == ExitCodeClass.NoComposeFile
                                         && (Settings.ProjectName ?? App.Environment.GetValueOrDefault("COMPOSE_PROJECT_NAME")) is { Length: > 0 } name)
        {
            return (new Project { Name = name, WorkingDirectory = App.WorkingDirectory }, _ => string.Empty);
        }
    }

    public async Task<IDockerEngine> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_engine is not null)
        {
            return _engine;
        }

        var inputs = new EndpointInputs
        {
            Host = Settings.Host,
            Context = Settings.Context,
            Environment = App.Environment,
            HomeDirectory = App.Environment.GetValueOrDefault("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        };
        var endpoint = EngineEndpoint.Resolve(inputs);
        IDockerEngine engine = await DockerEngine.ConnectAsync(new EngineOptions { Endpoint = endpoint }, cancellationToken).ConfigureAwait(false);
        SharpCompose.Model.Timing.Mark("connected");
        if (Settings.DryRun)
        {
            engine = new DryRun.DryRunEngine(engine, Console.WriteErrorLine);
        }

        return _engine = engine;
    }

    public ProgressRenderer Renderer(string title = "Running")
    {
        if (_renderer is not null)
        {
            return _renderer;
        }

        var mode = ProgressRenderer.Parse(Settings.Progress);
        _renderer = ProgressRenderer.Create(mode, Console, title, App.Time);
        _renderer.DryRun = Settings.DryRun;
        return _renderer;
    }

    /// <summary>Loads the project and connects: what every project command starts with.</summary>
    /// <param name="strict">Commands that create containers (up, create, run) refuse what the engine would refuse
    /// later, e.g. a secret file that does not exist.</param>
    public async Task<ProjectSession> OpenSessionAsync(IReadOnlyList<string>? services, CancellationToken cancellationToken, bool allowNameOnly = false, string title = "Running", bool strict = false, bool selectServices = true)
    {
        // Loading (CPU) on another thread, connecting (mostly waiting on the engine) on this one: both from the start.
        var projectTask = Task.Run(() => LoadProjectAsync(services, allowNameOnly, cancellationToken, strict, selectServices), cancellationToken);
        var engineTask = ConnectAsync(cancellationToken);
        try
        {
            await Task.WhenAll(projectTask, engineTask).ConfigureAwait(false);
        }
        catch
        {
            // Report the loader's error first: a bad file is the likelier thing to fix.
            if (projectTask.IsFaulted)
            {
                await projectTask.ConfigureAwait(false);
            }

            throw;
        }

        SharpCompose.Model.Timing.Mark("session ready");
        var (project, hash) = await projectTask.ConfigureAwait(false);
        return new ProjectSession(await engineTask.ConfigureAwait(false), project, Renderer(title), hash)
        {
            Parallel = Settings.Parallel,
            Time = App.Time,
        };
    }

    public ValueTask DisposeAsync()
    {
        _renderer?.Stop();
        _engine?.Dispose();
        return ValueTask.CompletedTask;
    }
}
