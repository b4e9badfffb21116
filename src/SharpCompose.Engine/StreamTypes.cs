namespace SharpCompose.Engine;

public enum OutputStream { Stdin = 0, Stdout = 1, Stderr = 2 }

/// <summary>One frame of a container's output: which stream, and its bytes.</summary>
public readonly record struct OutputChunk(OutputStream Stream, ReadOnlyMemory<byte> Data);

/// <summary>One line of a container's logs, without its line end.</summary>
public sealed record LogLine(OutputStream Stream, string Text, DateTimeOffset? Timestamp = null);

/// <summary>The tar stream of GET /containers/{id}/archive and the stat of the path. Dispose it.</summary>
public sealed class ContainerArchive(Stream content, ContainerPathStat? stat, IDisposable owner) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;
    public ContainerPathStat? Stat { get; } = stat;

    public void Dispose()
    {
        Content.Dispose();
        owner.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A wait registered with the engine. Await <see cref="Completion"/>; dispose to abandon it.</summary>
public sealed class ContainerWait(Task<ContainerWaitResponse> completion, CancellationTokenSource abandon) : IDisposable
{
    private int _disposed;

    public Task<ContainerWaitResponse> Completion { get; } = completion;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (!Completion.IsCompleted) abandon.Cancel();
        abandon.Dispose();
    }
}
