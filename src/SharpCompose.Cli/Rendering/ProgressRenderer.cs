using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Cli.Rendering;

/// <summary>How progress is shown: --progress auto|tty|plain|quiet|json (or COMPOSE_PROGRESS).</summary>
public enum ProgressMode
{
    Auto,
    Tty,
    Plain,
    Quiet,
    Json,
}

/// <summary>A progress sink that draws on the console; <see cref="Stop"/> flushes the final state.</summary>
public abstract class ProgressRenderer : IProgressSink
{
    /// <summary>The text Compose v2 puts before every progress line in dry-run mode.</summary>
    public const string DryRunPrefix = "DRY-RUN MODE - ";

    /// <summary>--dry-run: every line says so.</summary>
    public bool DryRun { get; set; }

    public abstract void Report(ProgressEvent progressEvent);

    /// <summary>Ends the live view (if any), leaving its final state on screen. Idempotent.</summary>
    public virtual void Stop()
    {
    }

    public static ProgressRenderer Create(ProgressMode mode, ConsoleWriter console, string title, TimeProvider time)
    {
        if (mode == ProgressMode.Auto)
        {
            mode = console.ErrorIsTerminal && console.ColorError ? ProgressMode.Tty : ProgressMode.Plain;
        }

        return mode switch
        {
            ProgressMode.Tty => new TtyProgressRenderer(console, title, time),
            ProgressMode.Json => new JsonProgressRenderer(console, time),
            ProgressMode.Quiet => new QuietProgressRenderer(),
            _ => new PlainProgressRenderer(console),
        };
    }

    public static ProgressMode Parse(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "auto" => ProgressMode.Auto,
        "tty" => ProgressMode.Tty,
        "plain" => ProgressMode.Plain,
        "quiet" => ProgressMode.Quiet,
        "json" => ProgressMode.Json,
        _ => throw new UsageException($"unsupported --progress value \"{value}\" (expected auto, tty, plain, quiet or json)"),
    };
}

/// <summary>Nothing but errors (which the error presenter prints anyway).</summary>
public sealed class QuietProgressRenderer : ProgressRenderer
{
    public override void Report(ProgressEvent progressEvent)
    {
    }
}

/// <summary>One line per state change, as Compose v2's plain mode: " Container demo-web-1  Started".</summary>
public sealed class PlainProgressRenderer(ConsoleWriter console) : ProgressRenderer
{
    public override void Report(ProgressEvent progressEvent)
    {
        if (progressEvent.Current > 0 && progressEvent.Status == ProgressStatus.Working && progressEvent.Total > 0)
        {
            return; // byte-level progress is for the live view only
        }

        var line = $"{(DryRun ? " " + DryRunPrefix : string.Empty)} {progressEvent.KindName} {progressEvent.Name}  {progressEvent.Text}";
        if (!string.IsNullOrEmpty(progressEvent.Detail))
        {
            line += " " + progressEvent.Detail;
        }

        console.WriteErrorLine(line);
    }
}

/// <summary>One JSON object per event, on stderr, for tools.</summary>
public sealed class JsonProgressRenderer(ConsoleWriter console, TimeProvider time) : ProgressRenderer
{
    public override void Report(ProgressEvent progressEvent)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", time.GetUtcNow());
            json.WriteString("kind", progressEvent.KindName);
            json.WriteString("id", progressEvent.Name);
            if (progressEvent.ParentName is not null)
            {
                json.WriteString("parent_id", progressEvent.ParentName);
            }

            json.WriteString("status", progressEvent.Text);
            json.WriteString("state", progressEvent.Status.ToString().ToLowerInvariant());
            if (DryRun)
            {
                json.WriteBoolean("dry_run", true);
            }

            if (progressEvent.Detail is not null)
            {
                json.WriteString("details", progressEvent.Detail);
            }

            if (progressEvent.Total > 0)
            {
                json.WriteNumber("current", progressEvent.Current);
                json.WriteNumber("total", progressEvent.Total);
            }

            json.WriteEndObject();
        }

        console.WriteErrorLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
