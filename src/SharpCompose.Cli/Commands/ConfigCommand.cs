using System.CommandLine;
using SharpCompose.Loading;
using SharpCompose.Loading.Output;

namespace SharpCompose.Cli.Commands;

/// <summary><c>config</c>: parse, resolve and render the compose file in canonical form.</summary>
public static class ConfigCommand
{
    public static Command Create(CliApplication app)
    {
        var services = CommandSupport.Services();
        var format = new Option<string?>("--format") { Description = "Format the output. Values: [yaml | json]" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only validate the configuration, don't print anything" };
        var listServices = new Option<bool>("--services") { Description = "Print the service names, one per line" };
        var listVolumes = new Option<bool>("--volumes") { Description = "Print the volume names, one per line" };
        var listNetworks = new Option<bool>("--networks") { Description = "Print the network names, one per line" };
        var listProfiles = new Option<bool>("--profiles") { Description = "Print the profile names, one per line" };
        var listImages = new Option<bool>("--images") { Description = "Print the image names, one per line" };
        var hash = new Option<string?>("--hash") { Description = "Print the service config hash, one per line" };
        var noInterpolate = new Option<bool>("--no-interpolate") { Description = "Don't interpolate environment variables" };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Don't normalize compose model" };
        var noPathResolution = new Option<bool>("--no-path-resolution") { Description = "Don't resolve file paths" };
        var noConsistency = new Option<bool>("--no-consistency") { Description = "Don't check model consistency - warning: may produce invalid Compose output" };
        var output = new Option<string?>("--output", "-o") { Description = "Save to file (default to stdout)" };
        var resolveDigests = new Option<bool>("--resolve-image-digests") { Description = "Pin image tags to digests", Hidden = true };
        var command = new Command("config", "Parse, resolve and render compose file in canonical format")
        {
            services, format, quiet, listServices, listVolumes, listNetworks, listProfiles, listImages, hash, noInterpolate, noNormalize,
            noPathResolution, noConsistency, output, resolveDigests,
        };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var fmt = (result.GetValue(format) ?? "yaml").ToLowerInvariant() switch
            {
                "yaml" => ConfigFormat.Yaml,
                "json" => ConfigFormat.Json,
                var other => throw new UsageException($"unsupported format \"{other}\" (expected yaml or json)"),
            };
            var names = result.GetValue(services) ?? [];
            var load = await context.LoadAsync(names, cancellationToken, o => o with
            {
                NoInterpolate = result.GetValue(noInterpolate),
                NoNormalize = result.GetValue(noNormalize),
                NoPathResolution = result.GetValue(noPathResolution),
                NoConsistency = result.GetValue(noConsistency),
                NoEnvironmentResolution = result.GetValue(hash) is not null || result.GetValue(listServices) || result.GetValue(listImages)
                    || result.GetValue(listVolumes) || result.GetValue(listNetworks) || result.GetValue(listProfiles),
            }).ConfigureAwait(false);
            if (result.GetValue(quiet))
            {
                return ExitCodes.Success;
            }

            var text = Render(load, result, names, fmt, listServices, listVolumes, listNetworks, listProfiles, listImages, hash, noInterpolate);
            if (result.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(Path.GetFullPath(path, context.App.WorkingDirectory), text, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                context.Console.WriteOut(text);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Render(LoadResult load, ParseResult result, IReadOnlyList<string> names, ConfigFormat fmt,
        Option<bool> listServices, Option<bool> listVolumes, Option<bool> listNetworks, Option<bool> listProfiles, Option<bool> listImages,
        Option<string?> hash, Option<bool> noInterpolate)
    {
        if (load.Project is not { } project)
        {
            return ConfigWriter.RenderTree(load.Tree, fmt);
        }

        static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));
        if (names.Count > 0)
        {
            var selected = project.WithDependencies(names);
            project = project with { Services = project.Services.Where(s => selected.Contains(s.Key)).ToDictionary() };
        }

        if (result.GetValue(listServices))
        {
            return Lines(ConfigWriter.Services(project));
        }

        if (result.GetValue(listVolumes))
        {
            return Lines(ConfigWriter.Volumes(project));
        }

        if (result.GetValue(listNetworks))
        {
            return Lines(ConfigWriter.Networks(project));
        }

        if (result.GetValue(listProfiles))
        {
            return Lines(ConfigWriter.Profiles(project));
        }

        if (result.GetValue(listImages))
        {
            return Lines(ConfigWriter.Images(project));
        }

        if (result.GetValue(hash) is { } selection)
        {
            return Lines(ConfigWriter.Hashes(project, selection));
        }

        return ConfigWriter.Render(project, fmt, escapeDollars: !result.GetValue(noInterpolate));
    }
}
