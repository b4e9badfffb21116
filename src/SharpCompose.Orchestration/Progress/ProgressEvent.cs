namespace SharpCompose.Orchestration.Progress;

/// <summary>What kind of resource an event is about; rendered as Compose v2 names them.</summary>
public enum ResourceKind
{
    Network,
    Volume,
    Image,
    Container,
    Service,
}

/// <summary>Where a resource's work stands.</summary>
public enum ProgressStatus
{
    Working,
    Done,
    Warning,
    Error,
}

/// <summary>
/// One state change of one resource: "Container demo-web-1  Started". The orchestrator emits these;
/// the CLI renders them (tty, plain, json, quiet). <paramref name="Current"/>/<paramref name="Total"/> carry
/// byte or step progress for pulls and builds.
/// </summary>
public sealed record ProgressEvent(
    ResourceKind Kind,
    string Name,
    string Text,
    ProgressStatus Status,
    string? Detail = null,
    string? ParentName = null,
    long Current = 0,
    long Total = 0)
{
    public string KindName => Kind.ToString();
}

/// <summary>Receives progress events. Implementations must be thread-safe: the executor reports from many tasks.</summary>
public interface IProgressSink
{
    void Report(ProgressEvent progressEvent);
}

/// <summary>A sink that drops everything (quiet mode, tests).</summary>
public sealed class NullProgressSink : IProgressSink
{
    public static readonly NullProgressSink Instance = new();

    public void Report(ProgressEvent progressEvent)
    {
    }
}

/// <summary>Shorthands for the states Compose v2 prints.</summary>
public static class ProgressSinkExtensions
{
    public static void Working(this IProgressSink sink, ResourceKind kind, string name, string text) =>
        sink.Report(new ProgressEvent(kind, name, text, ProgressStatus.Working));

    public static void Done(this IProgressSink sink, ResourceKind kind, string name, string text) =>
        sink.Report(new ProgressEvent(kind, name, text, ProgressStatus.Done));

    public static void Warning(this IProgressSink sink, ResourceKind kind, string name, string text, string? detail = null) =>
        sink.Report(new ProgressEvent(kind, name, text, ProgressStatus.Warning, detail));

    public static void Failed(this IProgressSink sink, ResourceKind kind, string name, string text, string? detail = null) =>
        sink.Report(new ProgressEvent(kind, name, text, ProgressStatus.Error, detail));
}
