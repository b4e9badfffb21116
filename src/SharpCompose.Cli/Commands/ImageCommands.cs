using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SharpCompose.Cli.Rendering;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Commands;

/// <summary><c>build</c>, <c>pull</c>, <c>push</c>, <c>images</c>.</summary>
public static class ImageCommands
{
    public static Command Build(CliApplication app)
    {
        var services = CommandSupport.Services();
        var noCache = new Option<bool>("--no-cache") { Description = "Do not use cache when building the image" };
        var pull = new Option<bool>("--pull") { Description = "Always attempt to pull a newer version of the image" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Don't print anything to STDOUT" };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "Set build-time variables for services" };
        var parallel = new Option<int?>("--parallel-builds") { Description = "How many services build at once (default 2)", Hidden = true };
        var command = new Command("build", "Build or rebuild services") { services, noCache, pull, quiet, buildArgs, parallel };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken, title: "Building").ConfigureAwait(false);
            var args = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var arg in result.GetValue(buildArgs) ?? [])
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                args[eq < 0 ? arg : arg[..eq]] = eq < 0 ? context.App.Environment.GetValueOrDefault(arg) : arg[(eq + 1)..];
            }

            await new ImageVerbs(session).BuildAsync(names, new BuildOptions
            {
                NoCache = result.GetValue(noCache),
                Pull = result.GetValue(pull),
                Quiet = result.GetValue(quiet),
                BuildArgs = args,
                Parallel = result.GetValue(parallel) ?? Math.Max(1, context.Settings.Parallel > 0 ? context.Settings.Parallel : 2),
            }, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Pull(CliApplication app)
    {
        var services = CommandSupport.Services();
        var ignore = new Option<bool>("--ignore-pull-failures") { Description = "Pull what it can and ignores images with pull failures" };
        var includeDeps = new Option<bool>("--include-deps") { Description = "Also pull services declared as dependencies" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Pull without printing progress information" };
        var policy = new Option<string?>("--policy") { Description = "Apply pull policy (\"missing\"|\"always\")" };
        var ignoreBuildable = new Option<bool>("--ignore-buildable") { Description = "Ignore images that can be built" };
        var command = new Command("pull", "Pull service images") { services, ignore, includeDeps, quiet, policy, ignoreBuildable };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken, title: "Pulling").ConfigureAwait(false);
            await new ImageVerbs(session).PullAsync(names, result.GetValue(includeDeps), result.GetValue(ignore), result.GetValue(quiet), result.GetValue(policy), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Push(CliApplication app)
    {
        var services = CommandSupport.Services();
        var ignore = new Option<bool>("--ignore-push-failures") { Description = "Push what it can and ignores images with push failures" };
        var includeDeps = new Option<bool>("--include-deps") { Description = "Also push images of services declared as dependencies" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Push without printing progress information" };
        var command = new Command("push", "Push service images") { services, ignore, includeDeps, quiet };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken, title: "Pushing").ConfigureAwait(false);
            await new ImageVerbs(session).PushAsync(names, result.GetValue(ignore), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Images(CliApplication app)
    {
        var services = CommandSupport.Services();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display IDs" };
        var format = new Option<string?>("--format") { Description = "Format the output. Values: [table | json]" };
        var command = new Command("images", "List images used by the created containers") { services, quiet, format };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken, allowNameOnly: true).ConfigureAwait(false);
            var images = await new ImageVerbs(session).ListAsync(names, cancellationToken).ConfigureAwait(false);
            var console = context.Console;
            if (result.GetValue(quiet))
            {
                foreach (var id in images.Select(i => i.Id).Distinct())
                {
                    console.WriteOutLine(id);
                }
            }
            else if (result.GetValue(format) == "json")
            {
                var text = CliJson.Render(json =>
                {
                    json.WriteStartArray();
                    foreach (var i in images)
                    {
                        json.WriteStartObject();
                        json.WriteString("ID", i.Id);
                        json.WriteString("ContainerName", i.Container);
                        json.WriteString("Repository", i.Repository);
                        json.WriteString("Tag", i.Tag);
                        json.WriteNumber("Size", i.Size);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                });

                console.WriteOutLine(text);
            }
            else
            {
                var now = context.App.Time.GetUtcNow();
                console.WriteOut(Table.Render(["CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE"],
                    images.Select(i => (IReadOnlyList<string>)[i.Container, i.Repository, i.Tag, ShortId(i.Id), HumanSize(i.Size)])));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string ShortId(string id) => (id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id) is var s && s.Length > 12 ? s[..12] : id;

    /// <summary>go-units HumanSize (decimal units, 3 significant digits), as docker prints sizes.</summary>
    public static string HumanSize(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        double size = bytes;
        var unit = 0;
        while (size >= 1000 && unit < units.Length - 1)
        {
            size /= 1000;
            unit++;
        }

        return size.ToString("0.##", CultureInfo.InvariantCulture) + units[unit];
    }
}
