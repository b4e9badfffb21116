using System.CommandLine;
using SharpCompose.Cli.Rendering;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Commands;

/// <summary><c>logs</c>.</summary>
public static class LogsCommand
{
    public static Command Create(CliApplication app)
    {
        var services = CommandSupport.Services();
        var follow = new Option<bool>("--follow", "-f") { Description = "Follow log output" };
        var tail = new Option<string?>("--tail", "-n") { Description = "Number of lines to show from the end of the logs for each container (default \"all\")" };
        var since = new Option<string?>("--since") { Description = "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)" };
        var until = new Option<string?>("--until") { Description = "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Show timestamps" };
        var noColor = new Option<bool>("--no-color") { Description = "Produce monochrome output" };
        var noLogPrefix = new Option<bool>("--no-log-prefix") { Description = "Don't print prefix in logs" };
        var index = new Option<int?>("--index") { Description = "index of the container if service has multiple replicas" };
        var command = new Command("logs", "View output from containers") { services, follow, tail, since, until, timestamps, noColor, noLogPrefix, index };
        command.Action(app, async (context, result, cancellationToken) =>
        {
            var names = result.GetValue(services) ?? [];
            var session = await context.OpenSessionAsync(names, cancellationToken, allowNameOnly: true).ConfigureAwait(false);
            var containers = await new LifecycleVerbs(session).ContainersAsync(names, all: true, cancellationToken).ConfigureAwait(false);
            var printer = new LogPrinter(context.Console, session.Project.Services.Keys.Concat(containers.Select(c => c.Service)).Distinct(),
                containers.Select(c => LogPrinter.PrefixOf(session.ProjectName, c.Service, c.Name, c.Number)),
                prefix: !result.GetValue(noLogPrefix), color: !result.GetValue(noColor), timestamps: result.GetValue(timestamps))
            {
                ProjectName = session.ProjectName,
            };
            try
            {
                await new LogsVerb(session).RunAsync(new LogsOptions
                {
                    Services = names,
                    Follow = result.GetValue(follow),
                    Tail = result.GetValue(tail),
                    Since = TimeArgument.ToEngine(result.GetValue(since), context.App.Time),
                    Until = TimeArgument.ToEngine(result.GetValue(until), context.App.Time),
                    Timestamps = result.GetValue(timestamps),
                    Index = result.GetValue(index),
                }, printer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.App.Signals?.Interrupted == true)
            {
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>--since/--until values as the engine takes them: a unix timestamp, from RFC 3339 or a relative "42m".</summary>
public static class TimeArgument
{
    public static string? ToEngine(string? value, TimeProvider time)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (long.TryParse(value, out _) || double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var m = System.Text.RegularExpressions.Regex.Match(value, @"^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$");
        if (!m.Success)
        {
            throw new UsageException($"invalid time value \"{value}\" (expected a timestamp or a duration like 42m)");
        }

        var n = double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var span = m.Groups[2].Value switch
        {
            "h" => TimeSpan.FromHours(n),
            "m" => TimeSpan.FromMinutes(n),
            "s" => TimeSpan.FromSeconds(n),
            "ms" => TimeSpan.FromMilliseconds(n),
            _ => TimeSpan.Zero,
        };
        return (time.GetUtcNow() - span).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
