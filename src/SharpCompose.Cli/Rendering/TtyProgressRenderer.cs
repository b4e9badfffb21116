using System.Text;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Cli.Rendering;

/// <summary>
/// The live view on a terminal, like Compose v2's: a title with done/total, then one line per resource with a
/// spinner (or ✔/✘), its state and its elapsed time, redrawn in place ten times a second.
/// </summary>
public sealed class TtyProgressRenderer : ProgressRenderer, IDisposable
{
    private static readonly string[] Spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly ConsoleWriter _console;
    private readonly string _title;
    private readonly TimeProvider _time;
    private readonly List<Line> _lines = [];
    private readonly Dictionary<string, Line> _byId = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private int _drawnLines;
    private int _frame;
    private bool _stopped;

    public TtyProgressRenderer(ConsoleWriter console, string title, TimeProvider time)
    {
        _console = console;
        _title = title;
        _time = time;
        _timer = time.CreateTimer(_ => Draw(final: false), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    public override void Report(ProgressEvent progressEvent)
    {
        lock (_console.SyncRoot)
        {
            if (_stopped)
            {
                new PlainProgressRenderer(_console).Report(progressEvent);
                return;
            }

            var id = progressEvent.KindName + " " + progressEvent.Name;
            if (!_byId.TryGetValue(id, out var line))
            {
                line = new Line(id, _time.GetTimestamp());
                _byId[id] = line;
                _lines.Add(line);
            }

            line.Event = progressEvent;
            if (progressEvent.Status != ProgressStatus.Working)
            {
                line.Ended ??= _time.GetTimestamp();
            }
            else
            {
                line.Ended = null;
            }
        }
    }

    public override void Stop()
    {
        lock (_console.SyncRoot)
        {
            if (_stopped)
            {
                return;
            }

            _timer.Dispose();
            Draw(final: true);
            _stopped = true;
        }
    }

    public void Dispose() => Stop();

    private void Draw(bool final)
    {
        lock (_console.SyncRoot)
        {
            if (_stopped)
            {
                return;
            }

            _frame++;
            var width = _console.TerminalWidth;
            var sb = new StringBuilder();
            sb.Append(Ansi.CursorUp(_drawnLines));
            var done = _lines.Count(l => l.Event?.Status is ProgressStatus.Done or ProgressStatus.Warning);
            var failed = _lines.Any(l => l.Event?.Status == ProgressStatus.Error);
            var verb = final ? (failed ? "Failed" : "Running") : "Running";
            sb.Append(Ansi.ClearLine).Append(Ansi.Bold).Append(Ansi.Blue).Append("[+] ").Append(verb == "Running" ? _title : verb)
              .Append(' ').Append(done).Append('/').Append(_lines.Count).Append(Ansi.Reset).Append('\n');
            var nameWidth = _lines.Count == 0 ? 0 : _lines.Max(l => l.Id.Length);
            foreach (var line in _lines)
            {
                var e = line.Event!;
                var (symbol, color) = e.Status switch
                {
                    ProgressStatus.Done => ("✔", Ansi.Green),
                    ProgressStatus.Warning => ("!", Ansi.Yellow),
                    ProgressStatus.Error => ("✘", Ansi.Red),
                    _ => (Spinner[_frame % Spinner.Length], Ansi.Blue),
                };
                var elapsed = _time.GetElapsedTime(line.Started, line.Ended ?? _time.GetTimestamp());
                var text = e.Text;
                if (e.Total > 0 && e.Status == ProgressStatus.Working)
                {
                    text += $" [{FormatBytes(e.Current)}/{FormatBytes(e.Total)}]";
                }

                if (!string.IsNullOrEmpty(e.Detail))
                {
                    text += " " + e.Detail;
                }

                var left = $" {symbol} {line.Id.PadRight(nameWidth)}  {text}";
                var time = $"{elapsed.TotalSeconds:0.0}s";
                var visible = Math.Max(10, width - time.Length - 2);
                if (left.Length > visible)
                {
                    left = left[..(visible - 1)] + "…";
                }

                sb.Append(Ansi.ClearLine).Append(color).Append(left.PadRight(visible)).Append(Ansi.Reset)
                  .Append(' ').Append(Ansi.Dim).Append(time).Append(Ansi.Reset).Append('\n');
            }

            _drawnLines = _lines.Count + 1;
            _console.Error.Write(sb.ToString());
            _console.Error.Flush();
        }
    }

    private static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes}B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0}kB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.0}MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.00}GB",
    };

    private sealed class Line(string id, long started)
    {
        public string Id { get; } = id;

        public long Started { get; } = started;

        public long? Ended { get; set; }

        public ProgressEvent? Event { get; set; }
    }
}
