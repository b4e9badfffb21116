using System.Diagnostics;
using System.Text;

namespace SharpCompose.Cli.Tests.Support;

/// <summary>What one run of a binary left: its exit code and both streams.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built CLI (SHARPCOMPOSE_BIN, or &lt;repo&gt;/artifacts/bin/sharpcompose) and Compose v2
/// (/opt/peers/compose-v2) as a person would: a process, arguments, a directory, an environment.
/// </summary>
public static class Bin
{
    public const string ComposeV2 = "/opt/peers/compose-v2";

    public static string RepoRoot { get; } = FindRoot();

    public static string Binary { get; } =
        Environment.GetEnvironmentVariable("SHARPCOMPOSE_BIN") is { Length: > 0 } bin ? bin : Path.Combine(RepoRoot, "artifacts", "bin", "sharpcompose");

    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("SHARPCOMPOSE_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SharpCompose.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (SharpCompose.slnx)");
    }

    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) =>
        ExecAsync(Binary, workingDirectory, null, args);

    public static Task<CliResult> ExecAsync(string file, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        ExecAsync(file, workingDirectory, environment, TimeSpan.FromMinutes(2), args);

    public static async Task<CliResult> ExecAsync(string file, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("COMPOSE_PROJECT_NAME");
        info.Environment.Remove("COMPOSE_FILE");
        info.Environment.Remove("COMPOSE_PROGRESS");
        info.Environment.Remove("COMPOSE_ANSI");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + file);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not end within {timeout.TotalSeconds}s");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
