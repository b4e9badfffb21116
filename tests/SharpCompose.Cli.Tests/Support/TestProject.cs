namespace SharpCompose.Cli.Tests.Support;

/// <summary>
/// A compose project in its own temporary directory, under a unique name of a fixed length (so that tables keep
/// their widths once the name is normalised). Disposing takes it down (with both tools) and deletes the directory,
/// whatever the test did.
/// </summary>
public sealed class TestProject : IAsyncDisposable
{
    /// <summary>Two busybox services; web is started first (worker depends on it). SIGKILL: a quick down.</summary>
    public const string TwoServices = """
        services:
          web:
            image: busybox:latest
            command: ["sleep", "600"]
            stop_signal: SIGKILL
          worker:
            image: busybox:latest
            command: ["sleep", "600"]
            stop_signal: SIGKILL
            depends_on: [web]
        """;

    private TestProject(string directory, string name)
    {
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }

    /// <summary>"clix-" + 8 hex: always 13 characters.</summary>
    public string Name { get; }

    public static TestProject Create(string compose = TwoServices, string prefix = "clix")
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var directory = Path.Combine(Path.GetTempPath(), "sc-cli-tests", name);
        System.IO.Directory.CreateDirectory(directory);
        System.IO.File.WriteAllText(Path.Combine(directory, "compose.yaml"), compose);
        return new TestProject(directory, name);
    }

    public string File(string name) => Path.Combine(Directory, name);

    /// <summary>Runs SharpCompose in the project's directory with -p NAME.</summary>
    public Task<CliResult> RunAsync(params string[] args) => Bin.RunAsync(Directory, ["-p", Name, .. args]);

    public Task<CliResult> ComposeV2Async(params string[] args) =>
        Bin.ExecAsync(Bin.ComposeV2, Directory, null, ["-p", Name, .. args]);

    /// <summary>Replaces the project's name with one of the same length.</summary>
    public string Normalise(string text) => System.Text.RegularExpressions.Regex.Replace(text, Name[..5] + "[0-9a-f]{8}", Name[..5] + "xxxxxxxx");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Bin.RunAsync(Directory, "-p", Name, "--progress", "quiet", "down", "-v", "-t", "0", "--remove-orphans");
        }
        catch (Exception)
        {
            // best effort: the directory goes anyway
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
