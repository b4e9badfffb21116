using SharpCompose.Cli.Rendering;

namespace SharpCompose.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (Environment.GetEnvironmentVariable("SHARPCOMPOSE_TIMING") == "1")
        {
            SharpCompose.Model.Timing.Enable(Console.Error);
        }

        SharpCompose.Model.Timing.Mark("main");
        if (args is ["docker-cli-plugin-metadata"])
        {
            Console.Out.WriteLine(DockerPlugin.Metadata);
            return ExitCodes.Success;
        }

        var environment = ReadEnvironment();
        var arguments = DockerPlugin.StripPluginPrefix(args, environment);
        using var signals = new ShutdownSignals();
        var app = new CliApplication(environment, Directory.GetCurrentDirectory(), ConsoleWriter.FromProcess, signals, TimeProvider.System);
        var rc = await app.RunAsync(arguments).ConfigureAwait(false);
        SharpCompose.Model.Timing.Mark("end");
        return rc;
    }

    private static Dictionary<string, string> ReadEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }

        return result;
    }
}
