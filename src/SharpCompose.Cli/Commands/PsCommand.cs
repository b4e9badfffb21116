using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SharpCompose.Cli.Rendering;
using SharpCompose.Engine;
using SharpCompose.Orchestration;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Commands;

/// <summary><c>ps</c>: the project's containers, as a table, JSON lines, or a Go-like template.</summary>
public static class PsCommand
{
    public static Command Create(CliApplication app)
    {
        var services = CommandSupport.Services();
        var all = new Option<bool>("--all", "-a") { Description = "Show all stopped containers (including those created by the run command)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display IDs" };
        var listServices = new Option<bool>("--services") { Description = "Display services" };
        var status = new Option<string[]>("--status") { Description = "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]" };
        var filter = new Option<string?>("--filter") { Description = "Filter services by a property (supported filters: status)" };
        var format = new Option<string?>("--format") { Description = "Format the output. Values: [table | json] or a template like '{{.Service}} {{.State}}'" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var orphans = new Option<bool>("--orphans") { Description = "Include orphaned services (not declared by project)", DefaultValueFactory = _ => true };
        var command = new Command("ps", "List containers") { services, all, quiet, listServices, status, filter, format, noTrunc, orphans };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken, allowNameOnly: true).ConfigureAwait(false);
            var statuses = (result.GetValue(status) ?? []).ToList();
            if (result.GetValue(filter) is { } f)
            {
                if (!f.StartsWith("status=", StringComparison.Ordinal))
                {
                    throw new UsageException($"invalid filter \"{f}\" (supported: status=...)");
                }

                statuses.Add(f["status=".Length..]);
            }

            var showAll = result.GetValue(all) || statuses.Count > 0;
            var containers = await new LifecycleVerbs(session).ContainersAsync(names, showAll, cancellationToken, includeOneOff: result.GetValue(all)).ConfigureAwait(false);
            if (statuses.Count > 0)
            {
                containers = containers.Where(c => statuses.Contains(c.State)).ToList();
            }

            var console = context.Console;
            if (result.GetValue(quiet))
            {
                foreach (var c in containers)
                {
                    console.WriteOutLine(c.Id);
                }

                return ExitCodes.Success;
            }

            if (result.GetValue(listServices))
            {
                foreach (var s in containers.Select(c => c.Service).Distinct(StringComparer.Ordinal))
                {
                    console.WriteOutLine(s);
                }

                return ExitCodes.Success;
            }

            var now = context.App.Time.GetUtcNow();
            var rows = containers.Select(c => PsRow.From(c, session.ProjectName, now, result.GetValue(noTrunc))).ToList();
            var fmt = result.GetValue(format) ?? "table";
            if (fmt == "json")
            {
                foreach (var row in rows)
                {
                    console.WriteOutLine(row.ToJson());
                }
            }
            else if (fmt == "table")
            {
                console.WriteOut(Table.Render(["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"],
                    rows.Select(r => (IReadOnlyList<string>)[r.Name, r.Image, r.Command, r.Service, r.RunningFor, r.Status, r.Ports])));
            }
            else
            {
                var template = fmt.StartsWith("table ", StringComparison.Ordinal) ? fmt[6..] : fmt;
                foreach (var row in rows)
                {
                    console.WriteOutLine(GoTemplate.Render(template, row.Field));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>One line of <c>ps</c>, with the field names of Compose v2's JSON.</summary>
public sealed record PsRow(
    string Id, string Name, string Image, string Command, string Service, string Project, string State, string Status, string Health,
    long ExitCode, string CreatedAt, string RunningFor, string Ports, string Labels, string Networks, string Mounts, int LocalVolumes,
    IReadOnlyList<(string Url, int Target, int Published, string Protocol)> Publishers)
{
    public static PsRow From(ObservedContainer c, string project, DateTimeOffset now, bool noTrunc)
    {
        var s = c.Summary;
        var created = DateTimeOffset.FromUnixTimeSeconds(s.Created);
        var command = s.Command ?? string.Empty;
        var shown = "\"" + (noTrunc || command.Length <= 20 ? command : command[..19] + "…") + "\"";
        var status = s.Status ?? string.Empty;
        var health = status.Contains("(healthy)", StringComparison.Ordinal) ? "healthy"
            : status.Contains("(unhealthy)", StringComparison.Ordinal) ? "unhealthy"
            : status.Contains("(health: starting)", StringComparison.Ordinal) ? "starting" : string.Empty;
        var exitCode = 0L;
        if (status.StartsWith("Exited (", StringComparison.Ordinal))
        {
            var close = status.IndexOf(')', StringComparison.Ordinal);
            _ = long.TryParse(status.AsSpan(8, close - 8), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exitCode);
        }

        var publishers = (s.Ports ?? []).Where(p => p.PublicPort is not null)
            .Select(p => (Url: p.IP ?? string.Empty, Target: p.PrivatePort, Published: p.PublicPort ?? 0, Protocol: p.Type ?? "tcp")).ToList();
        var mounts = (s.Mounts ?? []).Select(m => m.Type == "volume" ? m.Name ?? string.Empty : m.Source ?? string.Empty).ToList();
        return new PsRow(
            Id: c.Id[..12], Name: c.Name, Image: s.Image ?? string.Empty, Command: shown, Service: c.Service, Project: project, State: c.State,
            Status: status, Health: health, ExitCode: exitCode,
            CreatedAt: created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss '+0000 UTC'", CultureInfo.InvariantCulture),
            RunningFor: HumanTime.Duration(now - created) + " ago",
            Ports: FormatPorts(s.Ports ?? []),
            Labels: string.Join(",", (s.Labels ?? new Dictionary<string, string>()).Select(kv => kv.Key + "=" + kv.Value)),
            Networks: string.Join(",", s.NetworkSettings?.Networks?.Keys ?? []),
            Mounts: string.Join(",", mounts),
            LocalVolumes: (s.Mounts ?? []).Count(m => m.Type == "volume" && m.Driver == "local"),
            Publishers: publishers);
    }

    public static string FormatPorts(IReadOnlyList<ContainerPort> ports) =>
        string.Join(", ", ports
            .OrderBy(p => p.PublicPort ?? 0).ThenBy(p => p.PrivatePort).ThenBy(p => p.IP is not null && p.IP.Contains(':') ? 1 : 0)
            .Select(p => p.PublicPort is { } pub
                ? $"{(p.IP is { } ip && ip.Contains(':') ? "[" + ip + "]" : p.IP)}:{pub}->{p.PrivatePort}/{p.Type}".Replace("[::]", "::", StringComparison.Ordinal)
                : $"{p.PrivatePort}/{p.Type}")
            .Distinct());

    public string? Field(string name) => name switch
    {
        "ID" => Id,
        "Name" or "Names" => Name,
        "Image" => Image,
        "Command" => Command,
        "Service" => Service,
        "Project" => Project,
        "State" => State,
        "Status" => Status,
        "Health" => Health,
        "ExitCode" => ExitCode.ToString(CultureInfo.InvariantCulture),
        "CreatedAt" => CreatedAt,
        "RunningFor" => RunningFor,
        "Ports" => Ports,
        "Labels" => Labels,
        "Networks" => Networks,
        "Mounts" => Mounts,
        "LocalVolumes" => LocalVolumes.ToString(CultureInfo.InvariantCulture),
        "Size" => "0B",
        _ => null,
    };

    public string ToJson()
    {
        var text = CliJson.Render(json =>
        {
            json.WriteStartObject();
            json.WriteString("Command", Command);
            json.WriteString("CreatedAt", CreatedAt);
            json.WriteNumber("ExitCode", ExitCode);
            json.WriteString("Health", Health);
            json.WriteString("ID", Id);
            json.WriteString("Image", Image);
            json.WriteString("Labels", Labels);
            json.WriteString("LocalVolumes", LocalVolumes.ToString(CultureInfo.InvariantCulture));
            json.WriteString("Mounts", Mounts);
            json.WriteString("Name", Name);
            json.WriteString("Names", Name);
            json.WriteString("Networks", Networks);
            json.WriteString("Ports", Ports);
            json.WriteString("Project", Project);
            if (Publishers.Count == 0)
            {
                json.WriteNull("Publishers");
            }
            else
            {
                json.WriteStartArray("Publishers");
                foreach (var p in Publishers)
                {
                    json.WriteStartObject();
                    json.WriteString("URL", p.Url);
                    json.WriteNumber("TargetPort", p.Target);
                    json.WriteNumber("PublishedPort", p.Published);
                    json.WriteString("Protocol", p.Protocol);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteString("RunningFor", RunningFor);
            json.WriteString("Service", Service);
            json.WriteString("Size", "0B");
            json.WriteString("State", State);
            json.WriteString("Status", Status);
            json.WriteEndObject();
        });

        return text;
    }
}

/// <summary>The subset of Go templates <c>--format</c> needs: <c>{{.Field}}</c> and <c>{{json .Field}}</c>, with \t and \n.</summary>
public static class GoTemplate
{
    public static string Render(string template, Func<string, string?> field)
    {
        var text = template.Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(text, @"\{\{\s*(json\s+)?\.(\w+)\s*\}\}", m =>
        {
            var value = field(m.Groups[2].Value) ?? throw new UsageException($"template: unknown field {m.Groups[2].Value} in \"{template}\"");
            return m.Groups[1].Success ? JsonSerializer.Serialize(value, CliJsonContext.Default.String) : value;
        });
    }
}
