using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Cli.Rendering;

/// <summary>
/// Prints container log lines as Compose v2 does: "web-1  | text", the prefix padded to the longest name and
/// coloured per service (a stable colour: the service's place in the project), or bare with --no-log-prefix.
/// </summary>
public sealed class LogPrinter : ILogSink, IAttachedRunObserver
{
    private readonly ConsoleWriter _console;
    private readonly bool _prefix;
    private readonly bool _color;
    private readonly bool _timestamps;
    private readonly Dictionary<string, string> _colors = new(StringComparer.Ordinal);
    private int _width;

    public LogPrinter(ConsoleWriter console, IEnumerable<string> services, IEnumerable<string> prefixes, bool prefix = true, bool color = true, bool timestamps = false)
    {
        _console = console;
        _prefix = prefix;
        _color = color && console.ColorOut;
        _timestamps = timestamps;
        var i = 0;
        foreach (var service in services.Order(StringComparer.Ordinal))
        {
            _colors[service] = Ansi.ServicePalette[i++ % Ansi.ServicePalette.Length];
        }

        _width = prefixes.Select(p => p.Length).DefaultIfEmpty(0).Max();
    }

    /// <summary>"web-1" for a compose-named container, the container name when container_name is set.</summary>
    public static string PrefixOf(string projectName, string service, string container, int number) =>
        container == $"{projectName}-{service}-{number}" ? $"{service}-{number}" : container;

    public string ProjectName { get; init; } = string.Empty;

    public void Write(ContainerLogLine line)
    {
        var text = line.Text.TrimEnd('\n', '\r');
        if (_timestamps && line.Timestamp is { } ts)
        {
            text = ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffff'Z'", System.Globalization.CultureInfo.InvariantCulture) + " " + text;
        }

        if (!_prefix)
        {
            _console.WriteOutLine(text);
            return;
        }

        var name = PrefixOf(ProjectName, line.Service, line.Container, line.Number);
        lock (_console.SyncRoot)
        {
            if (name.Length > _width)
            {
                _width = name.Length;
            }
        }

        var prefix = name.PadRight(_width) + "  | ";
        if (_color && _colors.TryGetValue(line.Service, out var color))
        {
            prefix = color + prefix + Ansi.Reset;
        }

        _console.WriteOutLine(prefix + text);
    }

    /// <summary>"Attaching to app-1, db-1": the names as the log prefixes show them, in name order (as Compose v2).</summary>
    public void Attaching(IReadOnlyList<ServiceContainer> containers) =>
        _console.WriteOutLine("Attaching to " + string.Join(", ", containers.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => PrefixOf(ProjectName, c.Service, c.Name, c.Number))));

    public void Exited(string container, string service, long exitCode)
    {
        var name = PrefixOf(ProjectName, service, container, ParseNumber(container));
        var text = $"{name} exited with code {exitCode}";
        _console.WriteOutLine(_color && _colors.TryGetValue(service, out var color) ? color + text + Ansi.Reset : text);
    }

    public void Stopping(string reason) => _console.WriteOutLine(reason);

    private static int ParseNumber(string container)
    {
        var dash = container.LastIndexOf('-');
        return dash >= 0 && int.TryParse(container.AsSpan(dash + 1), out var n) ? n : 0;
    }
}
