using System.Diagnostics;
using System.Text;
using SharpCompose.Engine;

namespace SharpCompose.Lifecycle.Tests;

/// <summary>The result of one CLI invocation.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// A project in a temp directory, run through a compose binary (SharpCompose by default, or the Compose v2
/// peer), with a unique name; everything labelled with it is removed on dispose, even after a failure.
/// </summary>
public sealed class ComposeProject : IAsyncDisposable
{
    public ComposeProject(string composeYaml, string prefix = "sclife")
    {
        Name = prefix + Guid.NewGuid().ToString("N")[..8];
        Directory = Path.Combine(Path.GetTempPath(), Name);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "compose.yaml"), composeYaml);
    }

    public string Name { get; }

    public string Directory { get; }

    public static string SharpCompose =>
        System.Environment.GetEnvironmentVariable("SHARPCOMPOSE_BIN") is { Length: > 0 } bin ? bin : Path.Combine(RepoRoot, "artifacts", "bin", "sharpcompose");

    public const string ComposeV2 = "/opt/peers/compose-v2";

    public static string RepoRoot
    {
        get
        {
            if (System.Environment.GetEnvironmentVariable("SHARPCOMPOSE_ROOT") is { Length: > 0 } root)
            {
                return root;
            }

            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SharpCompose.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public Task<CommandResult> RunAsync(params string[] args) => RunWithAsync(SharpCompose, args);

    public Task<CommandResult> PeerAsync(params string[] args) => RunWithAsync(ComposeV2, args);

    public Task<CommandResult> RunWithAsync(string binary, string[] args, TimeSpan? timeout = null) =>
        StartWith(binary, args).WaitAsync(timeout ?? TimeSpan.FromMinutes(3));

    /// <summary>Any other program (docker), run in the project's directory without the project flag.</summary>
    public Task<CommandResult> ToolAsync(string binary, params string[] args) =>
        StartWith(binary, args, withProject: false).WaitAsync(TimeSpan.FromMinutes(3));

    /// <summary>Extra environment for every command of this project (e.g. DOCKER_CONFIG).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public RunningCommand StartWith(string binary, string[] args, bool withProject = true)
    {
        var psi = new ProcessStartInfo(binary)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (withProject)
        {
            psi.ArgumentList.Add("-p");
            psi.ArgumentList.Add(Name);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["COMPOSE_PROGRESS"] = "plain";
        foreach (var (key, value) in Environment)
        {
            psi.Environment[key] = value;
        }

        psi.Environment["NO_COLOR"] = "1";
        return new RunningCommand(Process.Start(psi)!);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var engine = await DockerEngine.ConnectAsync(new EngineOptions { Endpoint = EngineEndpoint.FromEnvironment() });
            var filter = new EngineFilters().Label("com.docker.compose.project", Name);
            foreach (var c in await engine.Containers.ListAsync(new ContainerListOptions { All = true, Filters = filter }))
            {
                await engine.Containers.RemoveAsync(c.Id, new ContainerRemoveOptions { Force = true, RemoveVolumes = true });
            }

            foreach (var n in await engine.Networks.ListAsync(new NetworkListOptions { Filters = filter }))
            {
                // The engine may still hold endpoints of containers just removed: retry, bounded.
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        await engine.Networks.RemoveAsync(n.Id);
                        break;
                    }
                    catch (EngineException e) when (attempt < 30 && e.Message.Contains("active endpoints", StringComparison.Ordinal))
                    {
                        await Task.Delay(500);
                    }
                }
            }

            foreach (var v in await engine.Volumes.ListAsync(new VolumeListOptions { Filters = filter }))
            {
                await engine.Volumes.RemoveAsync(v.Name, force: true);
            }
        }
        catch (Exception) when (System.Environment.GetEnvironmentVariable("CI") != "true")
        {
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

/// <summary>A CLI process under way: its output is collected as it comes.</summary>
public sealed class RunningCommand
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _readers;
    private readonly SemaphoreSlim _arrived = new(0);

    public RunningCommand(Process process)
    {
        Process = process;
        _readers = Task.WhenAll(Pump(process.StandardOutput, _stdout, _arrived), Pump(process.StandardError, _stderr, _arrived));
    }

    public Process Process { get; }

    public string OutputSoFar
    {
        get
        {
            lock (_stdout)
            {
                lock (_stderr)
                {
                    return _stdout.ToString() + _stderr.ToString();
                }
            }
        }
    }

    private static async Task Pump(StreamReader reader, StringBuilder into, SemaphoreSlim arrived)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, n);
            }

            arrived.Release();
        }

        arrived.Release();
    }

    /// <summary>Sends a signal (SIGINT = 2) as a terminal would.</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {Process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Waits, bounded, until the output so far satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        // Woken by each chunk of output (and by the end of the streams), never by a timer.
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(OutputSoFar))
        {
            var remaining = deadline - DateTime.UtcNow;
            if (_readers.IsCompleted || remaining <= TimeSpan.Zero || !await _arrived.WaitAsync(remaining))
            {
                if (condition(OutputSoFar))
                {
                    return;
                }

                throw new TimeoutException($"condition not met (exited: {Process.HasExited}); output so far:\n{OutputSoFar}");
            }
        }
    }

    public async Task<CommandResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"command did not end within {timeout}; output so far:\n{OutputSoFar}");
        }

        await _readers;
        lock (_stdout)
        {
            lock (_stderr)
            {
                return new CommandResult(Process.ExitCode, _stdout.ToString(), _stderr.ToString());
            }
        }
    }
}
