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
                new PlainProgressRenderer(_console) { DryRun = DryRun }.Report(progressEvent);
                return;
            }

            var id = progressEvent.KindName + " " + progressEvent.Name;
            if (!_byId.TryGetValue(id, out var line))
            {
                line = new Line(id, progressEvent.ParentName is null ? null : progressEvent.KindName + " " + progressEvent.ParentName);
                _byId[id] = line;
                _lines.Add(line);
            }

            // A layer's "Pull complete" is its end, though the engine reports it as progress.
            var status = progressEvent.Status == ProgressStatus.Working && progressEvent.ParentName is not null
                && progressEvent.Text is "Pull complete" or "Already exists" ? ProgressStatus.Done : progressEvent.Status;
            line.Event = progressEvent with { Status = status };

            // The time shown is the time spent working (Creating→Created, Starting→Started), not the time
            // spent waiting in between for the services it depends on: as Compose v2 shows it.
            var now = _time.GetTimestamp();
            if (status == ProgressStatus.Working)
            {
                line.WorkingSince ??= now;
            }
            else if (line.WorkingSince is { } since)
            {
                line.Worked += _time.GetElapsedTime(since, now);
                line.WorkingSince = null;
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
            var height = TerminalHeight();
            var sb = new StringBuilder();
            sb.Append(Ansi.CursorUp(_drawnLines));
            var top = _lines.Where(l => l.Parent is null || !_byId.ContainsKey(l.Parent)).ToList();
            var done = top.Count(l => l.Event?.Status is ProgressStatus.Done or ProgressStatus.Warning);
            var failed = top.Any(l => l.Event?.Status == ProgressStatus.Error);
            var title = $"[+] {(final && failed ? "Failed" : _title)} {done}/{top.Count}";
            sb.Append(Ansi.ClearLine).Append(done == top.Count ? Ansi.Paint(title, Ansi.Blue, enabled: true) : title).Append('\n');

            // Children (image layers) are drawn under their parent while it works; once it is done they
            // collapse, and they are left out when the screen is too small for them.
            var rows = new List<(Line Line, bool Child)>();
            foreach (var line in top)
            {
                rows.Add((line, false));
                if (line.Event?.Status == ProgressStatus.Working)
                {
                    rows.AddRange(_lines.Where(c => c.Parent == line.Id).Select(c => (c, true)));
                }
            }

            if (rows.Count > height - 2)
            {
                rows.RemoveAll(r => r.Child);
            }

            var nameWidth = rows.Count == 0 ? 0 : rows.Max(r => r.Child ? ShortId(r.Line).Length + 2 : r.Line.Id.Length);
            var prefix = DryRun ? Ansi.Paint(DryRunPrefix, Ansi.Cyan, enabled: true) + " " : string.Empty;
            foreach (var (line, child) in rows)
            {
                var e = line.Event!;
                var (symbol, color) = e.Status switch
                {
                    ProgressStatus.Done => ("✔", Ansi.Green),
                    ProgressStatus.Warning => ("!", Ansi.Yellow + Ansi.Bold),
                    ProgressStatus.Error => ("✘", Ansi.Red + Ansi.Bold),
                    _ => (Spinner[_frame % Spinner.Length], string.Empty),
                };
                var elapsed = line.Worked + (line.WorkingSince is { } since ? _time.GetElapsedTime(since) : TimeSpan.Zero);
                var text = e.Text;
                if (e.Total > 0 && e.Status == ProgressStatus.Working)
                {
                    text += $" [{FormatBytes(e.Current)}/{FormatBytes(e.Total)}]";
                }

                if (!string.IsNullOrEmpty(e.Detail))
                {
                    text += " " + e.Detail;
                }

                var indent = child ? "   " : " ";
                var name = child ? ShortId(line) : line.Id;
                var time = $"{elapsed.TotalSeconds:0.0}s";
                var visible = Math.Max(10, width - time.Length - 2);
                var plainLength = indent.Length + 2 + (DryRun ? DryRunPrefix.Length + 1 : 0) + (child ? nameWidth - 2 : nameWidth) + 2;
                var room = Math.Max(1, visible - plainLength);
                if (text.Length > room)
                {
                    text = text[..Math.Max(0, room - 1)] + "…";
                }

                sb.Append(Ansi.ClearLine).Append(indent).Append(color.Length > 0 ? Ansi.Paint(symbol, color, enabled: true) : symbol).Append(' ')
                  .Append(prefix).Append(name.PadRight(child ? nameWidth - 2 : nameWidth)).Append("  ")
                  .Append(color.Length > 0 ? Ansi.Paint(text, color, enabled: true) : text)
                  .Append(' ', Math.Max(1, visible - plainLength - text.Length + 1))
                  .Append(Ansi.Paint(time, Ansi.Blue, enabled: true)).Append('\n');
            }

            sb.Append(ClearBelow);
            _drawnLines = rows.Count + 1;
            _console.Error.Write(sb.ToString());
            _console.Error.Flush();
        }
    }

    private const string ClearBelow = "\u001b[J";

    private static string ShortId(Line line) => line.Id[(line.Id.IndexOf(' ', StringComparison.Ordinal) + 1)..];

    private static int TerminalHeight()
    {
        try
        {
            return Console.WindowHeight > 2 ? Console.WindowHeight : 40;
        }
        catch (IOException)
        {
            return 40;
        }
    }

    private static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes}B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0}kB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.0}MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.00}GB",
    };

    private sealed class Line(string id, string? parent)
    {
        public string Id { get; } = id;

        /// <summary>The id of the line this one is a detail of (an image's layer), if any.</summary>
        public string? Parent { get; } = parent;

        public long? WorkingSince { get; set; }

        public TimeSpan Worked { get; set; }

        public ProgressEvent? Event { get; set; }
    }
}
