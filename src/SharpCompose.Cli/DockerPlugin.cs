namespace SharpCompose.Cli;

/// <summary>
/// Running as a Docker CLI plugin (<c>~/.docker/cli-plugins/docker-compose</c>): the docker CLI calls us as
/// <c>docker-compose [docker globals] compose ARGS</c> and asks for our metadata first.
/// </summary>
public static class DockerPlugin
{
    public static string Metadata =>
        "{\"SchemaVersion\":\"0.1.0\",\"Vendor\":\"SharpCompose\",\"Version\":\"" + Commands.VersionCommand.Version +
        "\",\"ShortDescription\":\"Docker Compose (SharpCompose)\",\"URL\":\"https://github.com/sharpcompose\"}";

    private static readonly HashSet<string> DockerGlobalsWithValue = new(StringComparer.Ordinal)
    {
        "--config", "-c", "--context", "-H", "--host", "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey",
    };

    /// <summary>
    /// When invoked by the docker CLI, drops everything up to and including the plugin name, keeping the docker
    /// globals that matter to us (<c>--context</c>, <c>--host</c>) as our own flags.
    /// </summary>
    public static IReadOnlyList<string> StripPluginPrefix(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        // The docker CLI sets this variable when it runs a plugin; "compose" first is the same call made by hand.
        var plugin = environment.ContainsKey("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND");
        var index = Array.IndexOf(args, "compose");
        if (index < 0 || (!plugin && index != 0))
        {
            return args;
        }

        var kept = new List<string>();
        for (var i = 0; i < index; i++)
        {
            var a = args[i];
            if (a is "--context" or "-c" or "--host" or "-H")
            {
                if (i + 1 < index)
                {
                    kept.Add(a is "-c" ? "--context" : a is "-H" ? "--host" : a);
                    kept.Add(args[++i]);
                }
            }
            else if (a.StartsWith("--context=", StringComparison.Ordinal) || a.StartsWith("--host=", StringComparison.Ordinal))
            {
                kept.Add(a);
            }
            else if (DockerGlobalsWithValue.Contains(a))
            {
                i++;
            }
        }

        kept.AddRange(args.Skip(index + 1));
        return kept;
    }
}
