using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SharpCompose.E2E.Tests.Support;

/// <summary>
/// One run of a tutorial: a scratch copy of examples/NAME (bind mounts and files the containers write stay out of
/// the repository), a unique project name, free host ports, and SharpCompose driven with <c>-p PROJECT -f FILE</c>.
/// Every command and its output is kept, so a failed assertion shows the whole story. Disposing cleans up even
/// after a failure: <c>down -v --remove-orphans --rmi local</c>, then whatever still carries the project's label.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    private static readonly string[] Inherited = ["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "IMAGE_NAME", "STAGING_SERVER", "COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES"];
    private readonly StringBuilder _transcript = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    private Scenario(string example, string project, string directory)
    {
        Example = example;
        Project = project;
        Directory = directory;
    }

    public string Example { get; }

    public string Project { get; }

    /// <summary>The scratch copy of the example.</summary>
    public string Directory { get; }

    /// <summary>The compose files, relative to <see cref="Directory"/> (-f each).</summary>
    public List<string> Files { get; } = ["compose.yaml"];

    /// <summary>Variables for the compose process (null removes one).</summary>
    public Dictionary<string, string?> Env { get; } = Inherited.ToDictionary(n => n, _ => (string?)null);

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static Scenario Start(string example)
    {
        E2E.RequireReady();
        var source = E2E.Example(example);
        var project = $"e2e-{example}-{Guid.NewGuid().ToString("N")[..8]}";
        var dir = Path.Combine(Path.GetTempPath(), "sc-e2e-" + project);
        CopyDirectory(source, dir);
        var scenario = new Scenario(example, project, dir);
        scenario.Log($"== {example}: project {project} in {dir}");
        return scenario;
    }

    /// <summary>A free host port, given to the compose files as the variable NAME (WEB_PORT, PG_PORT).</summary>
    public int Port(string variable)
    {
        var port = E2E.FreePort();
        Env[variable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return port;
    }

    /// <summary>Runs <c>sharpcompose -p PROJECT -f FILE... ARGS</c>.</summary>
    public Task<CmdResult> Compose(params string[] args) => Compose(TimeSpan.FromMinutes(5), args);

    public async Task<CmdResult> Compose(TimeSpan timeout, params string[] args)
    {
        List<string> all = ["-p", Project];
        foreach (var f in Files)
        {
            all.Add("-f");
            all.Add(Path.Combine(Directory, f));
        }

        all.AddRange(args);
        return Record(await Cmd.RunAsync(E2E.Bin, all, Directory, Env, timeout, Token));
    }

    /// <summary>Runs a compose command that must exit 0.</summary>
    public async Task<CmdResult> Must(params string[] args)
    {
        var r = await Compose(args);
        Check(r.ExitCode == 0, $"`{string.Join(' ', args)}` must exit 0");
        return r;
    }

    /// <summary>Runs any other command (docker, curl...), recorded in the transcript.</summary>
    public async Task<CmdResult> Run(string file, params string[] args)
        => Record(await Cmd.RunAsync(file, args, Directory, Env, TimeSpan.FromMinutes(5), Token));

    /// <summary>Fails with the transcript unless the condition holds.</summary>
    public void Check(bool condition, string what)
    {
        if (!condition)
        {
            Assert.Fail($"{Example}: {what}\n---- transcript ----\n{Transcript}");
        }
    }

    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                var t = _transcript.ToString();
                return t.Length > 20000 ? "...\n" + t[^20000..] : t;
            }
        }
    }

    public void Log(string line)
    {
        lock (_transcript)
        {
            _transcript.Append(line).Append('\n');
        }

        try
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>The ids of the project's containers of one service (all states).</summary>
    public async Task<List<string>> ContainerIds(string service)
    {
        var r = await Run("docker", "ps", "-aq", "--no-trunc", "--filter", $"label=com.docker.compose.project={Project}", "--filter", $"label=com.docker.compose.service={service}");
        Check(r.ExitCode == 0, "docker ps");
        return r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    /// <summary>docker inspect of the one container of a service.</summary>
    public async Task<JsonElement> Inspect(string service)
    {
        var ids = await ContainerIds(service);
        Check(ids.Count == 1, $"one container of {service} expected, found {ids.Count}");
        var r = await Run("docker", "inspect", ids[0]);
        Check(r.ExitCode == 0, "docker inspect " + service);
        return JsonDocument.Parse(r.Output).RootElement[0].Clone();
    }

    /// <summary>GETs until the answer is 200 with a body matching <paramref name="ok"/>, at most <paramref name="seconds"/>.</summary>
    public async Task<string> HttpGet(string url, Func<string, bool> ok, int seconds = 90, string what = "")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var end = DateTime.UtcNow.AddSeconds(seconds);
        var last = "";
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url, Token);
                var body = await response.Content.ReadAsStringAsync(Token);
                last = $"{(int)response.StatusCode} {body}";
                if (response.IsSuccessStatusCode && ok(body))
                {
                    Log($"GET {url} -> {(body.Length > 300 ? body[..300] + "..." : body)}");
                    return body;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !Token.IsCancellationRequested)
            {
                last = e.Message;
            }

            if (DateTime.UtcNow > end)
            {
                Log($"GET {url}: last answer: {last}");
                Check(false, $"GET {url} {what}: no good answer within {seconds}s");
            }

            await Task.Delay(500, Token);
        }
    }

    /// <summary>Retries a compose command until it exits 0, at most <paramref name="seconds"/>.</summary>
    public async Task<CmdResult> WaitFor(int seconds, string what, params string[] args)
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            List<string> all = ["-p", Project];
            foreach (var f in Files)
            {
                all.Add("-f");
                all.Add(Path.Combine(Directory, f));
            }

            var r = await Cmd.RunAsync(E2E.Bin, [.. all, .. args], Directory, Env, TimeSpan.FromMinutes(1), Token);
            if (r.ExitCode == 0 || DateTime.UtcNow > end)
            {
                Record(r);
                Check(r.ExitCode == 0, $"{what}: not true after {seconds}s");
                return r;
            }

            await Task.Delay(500, Token);
        }
    }

    private CmdResult Record(CmdResult r)
    {
        Log(r.ToString());
        return r;
    }

    public async ValueTask DisposeAsync()
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = cleanup.Token;
        try
        {
            List<string> down = ["-p", Project];
            foreach (var f in Files)
            {
                down.Add("-f");
                down.Add(Path.Combine(Directory, f));
            }

            down.AddRange(["down", "-v", "--remove-orphans", "--rmi", "local", "-t", "5"]);
            var r = await Cmd.RunAsync(E2E.Bin, down, Directory, Env, TimeSpan.FromMinutes(2), ct);
            if (r.ExitCode != 0)
            {
                Log("cleanup: " + r);
            }

            await RemoveLabelled(Project, ct);
        }
        catch (Exception e)
        {
            Log("cleanup failed: " + e.Message);
        }

        await RemoveDirectory(Directory, ct);
        Log($"== {Example}: {_watch.Elapsed.TotalSeconds:0}s");
    }

    /// <summary>Removes every container, volume, network and image labelled with the project.</summary>
    public static async Task RemoveLabelled(string project, CancellationToken ct)
    {
        var label = $"label=com.docker.compose.project={project}";
        async Task<string[]> List(params string[] args)
        {
            var r = await Cmd.RunAsync("docker", args, timeout: TimeSpan.FromSeconds(30), cancellationToken: ct);
            return r.ExitCode == 0 ? r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        }

        if (await List("ps", "-aq", "--filter", label) is { Length: > 0 } containers)
        {
            await Cmd.RunAsync("docker", ["rm", "-f", "-v", .. containers], timeout: TimeSpan.FromMinutes(1), cancellationToken: ct);
        }

        if (await List("volume", "ls", "-q", "--filter", label) is { Length: > 0 } volumes)
        {
            await Cmd.RunAsync("docker", ["volume", "rm", "-f", .. volumes], timeout: TimeSpan.FromMinutes(1), cancellationToken: ct);
        }

        if (await List("network", "ls", "-q", "--filter", label) is { Length: > 0 } networks)
        {
            await Cmd.RunAsync("docker", ["network", "rm", .. networks], timeout: TimeSpan.FromMinutes(1), cancellationToken: ct);
        }

        if (await List("images", "-q", "--filter", label) is { Length: > 0 } images)
        {
            await Cmd.RunAsync("docker", ["rmi", "-f", .. images.Distinct()], timeout: TimeSpan.FromMinutes(1), cancellationToken: ct);
        }
    }

    private static async Task RemoveDirectory(string dir, CancellationToken ct)
    {
        try
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // files written by containers as another user: remove them from a container
            await Cmd.RunAsync("docker", ["run", "--rm", "-v", dir + ":/w", "busybox", "sh", "-c", "rm -rf /w/* /w/.[!.]*"], timeout: TimeSpan.FromMinutes(1), cancellationToken: ct);
            try
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var d in System.IO.Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            System.IO.Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        }

        foreach (var f in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            File.Copy(f, target, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(f));
            }
        }
    }
}
