using SharpCompose.Engine;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>One log line of one container, for the CLI's log printer.</summary>
public sealed record ContainerLogLine(string Service, string Container, int Number, OutputStream Stream, string Text, DateTimeOffset? Timestamp);

/// <summary>Where log lines go (the CLI's printer). Must be thread-safe.</summary>
public interface ILogSink
{
    void Write(ContainerLogLine line);
}

/// <summary>The flags of <c>logs</c>.</summary>
public sealed record LogsOptions
{
    public IReadOnlyCollection<string> Services { get; init; } = [];

    public bool Follow { get; init; }

    public string? Tail { get; init; }

    public string? Since { get; init; }

    public string? Until { get; init; }

    public bool Timestamps { get; init; }

    /// <summary>--index: only the container with this number.</summary>
    public int? Index { get; init; }
}

/// <summary><c>logs</c>: the containers' output, each stream kept apart, multiplexed into one sink.</summary>
public sealed class LogsVerb(ProjectSession session)
{
    public async Task RunAsync(LogsOptions options, ILogSink sink, CancellationToken cancellationToken)
    {
        var containers = await new LifecycleVerbs(session).ContainersAsync(options.Services, all: true, cancellationToken).ConfigureAwait(false);
        if (options.Index is { } index)
        {
            containers = containers.Where(c => c.Number == index).ToList();
        }

        await Task.WhenAll(containers.Select(c => FollowAsync(session.Engine, c.Id, c.Service, c.Name, c.Number, new Engine.LogsOptions
        {
            Follow = options.Follow,
            Tail = options.Tail,
            Since = options.Since,
            Until = options.Until,
            Timestamps = options.Timestamps,
        }, sink, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Streams one container's log lines into the sink until its log ends (or cancellation).</summary>
    public static async Task FollowAsync(IDockerEngine engine, string id, string service, string name, int number, Engine.LogsOptions options, ILogSink sink, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in engine.Containers.GetLogLinesAsync(id, options, cancellationToken).ConfigureAwait(false))
            {
                sink.Write(new ContainerLogLine(service, name, number, line.Stream, line.Text, line.Timestamp));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (EngineNotFoundException)
        {
            // removed while we followed it
        }
    }
}
