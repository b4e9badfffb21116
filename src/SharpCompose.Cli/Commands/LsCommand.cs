using System.CommandLine;
using System.Text.Json;
using SharpCompose.Cli.Rendering;
using SharpCompose.Engine;
using SharpCompose.Orchestration;

namespace SharpCompose.Cli.Commands;

/// <summary><c>ls</c>: every compose project on the engine (running ones unless -a).</summary>
public static class LsCommand
{
    public static Command Create(CliApplication app)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all stopped Compose projects" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display IDs" };
        var format = new Option<string?>("--format") { Description = "Format the output. Values: [table | json]" };
        var filter = new Option<string?>("--filter") { Description = "Filter output based on conditions provided (name=...)" };
        var command = new Command("ls", "List running compose projects") { all, quiet, format, filter };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var engine = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var containers = await engine.Containers.ListAsync(new ContainerListOptions
            {
                All = result.GetValue(all),
                Filters = new EngineFilters().Label(ComposeLabels.Project),
            }, cancellationToken).ConfigureAwait(false);
            var nameFilter = result.GetValue(filter) is { } f && f.StartsWith("name=", StringComparison.Ordinal) ? f[5..] : null;
            var projects = containers.Select(c => new ObservedContainer(c))
                .GroupBy(c => c.Label(ComposeLabels.Project) ?? string.Empty)
                .Where(g => nameFilter is null || g.Key.Contains(nameFilter, StringComparison.Ordinal))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Name: g.Key,
                    Status: string.Join(", ", g.GroupBy(c => c.State).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}({s.Count()})")),
                    ConfigFiles: string.Join(",", g.Select(c => c.Label(ComposeLabels.ConfigFiles)).Where(x => !string.IsNullOrEmpty(x)).Distinct())))
                .ToList();
            var console = context.Console;
            if (result.GetValue(quiet))
            {
                foreach (var p in projects)
                {
                    console.WriteOutLine(p.Name);
                }
            }
            else if (result.GetValue(format) == "json")
            {
                var text = CliJson.Render(json =>
                {
                    json.WriteStartArray();
                    foreach (var p in projects)
                    {
                        json.WriteStartObject();
                        json.WriteString("Name", p.Name);
                        json.WriteString("Status", p.Status);
                        json.WriteString("ConfigFiles", p.ConfigFiles);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                });

                console.WriteOutLine(text);
            }
            else
            {
                console.WriteOut(Table.Render(["NAME", "STATUS", "CONFIG FILES"], projects.Select(p => (IReadOnlyList<string>)[p.Name, p.Status, p.ConfigFiles])));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
