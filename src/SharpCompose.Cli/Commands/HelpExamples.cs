using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace SharpCompose.Cli.Commands;

/// <summary>
/// The "Examples:" section at the end of every command's <c>--help</c>: a few typical invocations, kept here in
/// one table (by command name) so the command definitions stay as they are.
/// </summary>
public static class HelpExamples
{
    private static readonly ConditionalWeakTable<Command, string[]> Extra = new();

    private static readonly Dictionary<string, string[]> ByCommand = new(StringComparer.Ordinal)
    {
        ["sharpcompose"] = ["sharpcompose up -d", "sharpcompose -f compose.yaml -f compose.prod.yaml config", "sharpcompose -p demo ps -a", "sharpcompose --dry-run down"],
        ["up"] = ["sharpcompose up -d", "sharpcompose up --build --wait web", "sharpcompose up --abort-on-container-exit --exit-code-from tests", "sharpcompose --dry-run up -d"],
        ["down"] = ["sharpcompose down", "sharpcompose down -v --remove-orphans", "sharpcompose -p demo down --rmi local"],
        ["config"] = ["sharpcompose config", "sharpcompose config --services", "sharpcompose config --format json", "sharpcompose -f a.yaml -f b.yaml config --no-interpolate"],
        ["ps"] = ["sharpcompose ps", "sharpcompose ps -a --format json", "sharpcompose ps -q web", "sharpcompose ps --status running --services"],
        ["logs"] = ["sharpcompose logs", "sharpcompose logs -f --tail 10 web", "sharpcompose logs --no-log-prefix -t db"],
        ["create"] = ["sharpcompose create", "sharpcompose create --force-recreate web"],
        ["ls"] = ["sharpcompose ls", "sharpcompose ls -a --format json", "sharpcompose ls -q --filter name=demo"],
        ["run"] = ["sharpcompose run --rm web sh -c 'echo hi'", "sharpcompose run -d --name once worker", "sharpcompose run --no-deps -e DEBUG=1 web env"],
        ["attach"] = ["sharpcompose attach web", "sharpcompose attach --index 2 --no-stdin worker"],
        ["exec"] = ["sharpcompose exec web sh", "sharpcompose exec -T db psql -U postgres -c 'select 1'", "sharpcompose exec -d --index 2 worker touch /tmp/ping"],
        ["build"] = ["sharpcompose build", "sharpcompose build --no-cache web", "sharpcompose build --build-arg VERSION=2 --pull"],
        ["pull"] = ["sharpcompose pull", "sharpcompose pull --ignore-pull-failures db", "sharpcompose pull -q"],
        ["push"] = ["sharpcompose push", "sharpcompose push web"],
        ["images"] = ["sharpcompose images", "sharpcompose images --format json", "sharpcompose images -q web"],
        ["cp"] = ["sharpcompose cp web:/etc/hostname ./hostname", "sharpcompose cp ./config.ini web:/app/config.ini"],
        ["top"] = ["sharpcompose top", "sharpcompose top web"],
        ["port"] = ["sharpcompose port web 80", "sharpcompose port --protocol udp dns 53"],
        ["wait"] = ["sharpcompose wait migrate", "sharpcompose wait --down-project tests"],
        ["events"] = ["sharpcompose events", "sharpcompose events --json web"],
        ["start"] = ["sharpcompose start", "sharpcompose start web"],
        ["stop"] = ["sharpcompose stop", "sharpcompose stop -t 2 web"],
        ["restart"] = ["sharpcompose restart", "sharpcompose restart --no-deps web"],
        ["kill"] = ["sharpcompose kill", "sharpcompose kill -s SIGHUP web"],
        ["pause"] = ["sharpcompose pause web"],
        ["unpause"] = ["sharpcompose unpause web"],
        ["rm"] = ["sharpcompose rm", "sharpcompose rm -sfv web"],
        ["version"] = ["sharpcompose version", "sharpcompose version --short", "sharpcompose version --format json"],
        ["completion"] = ["source <(sharpcompose completion bash)", "source <(sharpcompose completion zsh)", "sharpcompose completion fish > ~/.config/fish/completions/sharpcompose.fish"],
    };

    /// <summary>Examples for a command not in the table (commands defined outside it).</summary>
    public static void Examples(Command command, params string[] examples) => Extra.AddOrUpdate(command, examples);

    /// <summary>Makes every help page of the tree end with its examples.</summary>
    public static void Install(RootCommand root, Func<TextWriter> output)
    {
        var help = root.Options.OfType<HelpOption>().FirstOrDefault();
        if (help?.Action is HelpAction action)
        {
            help.Action = new ExamplesHelpAction(action, output);
        }
    }

    /// <summary>Whether the parse result asks for help (the default help, or the one with examples).</summary>
    public static bool IsHelp(ParseResult parse) => parse.Action is HelpAction or ExamplesHelpAction;

    /// <summary>The examples of a command, or none.</summary>
    public static IReadOnlyList<string> For(Command command) =>
        Extra.TryGetValue(command, out var extra) ? extra
        : ByCommand.TryGetValue(command is RootCommand ? "sharpcompose" : command.Name, out var examples) ? examples
        : [];

    /// <summary>The default help, then "Examples:".</summary>
    private sealed class ExamplesHelpAction(HelpAction inner, Func<TextWriter> output) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            var examples = For(parseResult.CommandResult.Command);
            if (examples.Count > 0)
            {
                var writer = output();
                writer.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    writer.WriteLine("  " + example);
                }

                writer.WriteLine();
            }

            return code;
        }
    }
}
