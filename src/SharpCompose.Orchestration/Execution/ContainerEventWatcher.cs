using System.Collections.Concurrent;
using System.Threading.Channels;
using SharpCompose.Engine;

namespace SharpCompose.Orchestration.Execution;

/// <summary>
/// One engine event subscription for a project's containers, shared by every waiter. Waiting is driven by
/// events, never by sleep-polling: a waiter inspects the container, and re-inspects only when an event about it
/// arrives. The subscription replays from just before the watcher was made, so nothing between "inspect" and "wait"
/// is missed; it is opened on first use (an up with nothing to start or wait for never opens it).
/// </summary>
public sealed class ContainerEventWatcher : IAsyncDisposable
{
    private readonly IDockerEngine _engine;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Guid, (string ContainerId, ChannelWriter<EngineEvent> Writer)> _waiters = new();
    private readonly EventsOptions _options;
    private readonly object _startLock = new();
    private Task? _pump;
    private readonly ConcurrentQueue<Action<EngineEvent>> _listeners = new();
    private bool _broken;

    private ContainerEventWatcher(IDockerEngine engine, string project)
    {
        _engine = engine;
        var since = DateTimeOffset.UtcNow.AddSeconds(-2).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var filters = new EngineFilters().Add("type", "container").Label(ComposeLabels.Project, project);
        _options = new EventsOptions { Since = since, Filters = filters };
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _pump) is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _pump ??= Task.Run(() => PumpAsync(_options, _stop.Token));
        }
    }

    public static ContainerEventWatcher Start(IDockerEngine engine, string project) => new(engine, project);

    /// <summary>Called for every event (from the pump's thread; keep it quick).</summary>
    public void Listen(Action<EngineEvent> listener)
    {
        _listeners.Enqueue(listener);
        EnsureStarted();
    }

    private async Task PumpAsync(EventsOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in _engine.System.GetEventsAsync(options, cancellationToken).ConfigureAwait(false))
            {
                foreach (var listener in _listeners)
                {
                    listener(e);
                }

                var id = e.Actor?.ID;
                if (id is null)
                {
                    continue;
                }

                foreach (var (_, waiter) in _waiters)
                {
                    if (waiter.ContainerId == id)
                    {
                        waiter.Writer.TryWrite(e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception)
        {
            // The stream broke (engine gone?): wake every waiter so it re-inspects and sees the truth.
            Volatile.Write(ref _broken, true);
            foreach (var (_, waiter) in _waiters)
            {
                waiter.Writer.TryComplete();
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="evaluate"/> returns a verdict for the container's inspected state:
    /// true = done, false = keep waiting; it throws to fail the wait.
    /// </summary>
    public async Task WaitAsync(string containerId, Func<ContainerInspect, bool> evaluate, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<EngineEvent>(new UnboundedChannelOptions { SingleReader = true });
        var key = Guid.NewGuid();
        _waiters[key] = (containerId, channel.Writer);
        EnsureStarted();
        if (Volatile.Read(ref _broken))
        {
            channel.Writer.TryComplete(); // no stream any more: fall through to a last inspect
        }

        try
        {
            while (true)
            {
                var state = await _engine.Containers.InspectAsync(containerId, cancellationToken).ConfigureAwait(false);
                if (evaluate(state))
                {
                    return;
                }

                if (!await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    // The stream broke: one more look says why (an engine that is gone throws its own clear error).
                    state = await _engine.Containers.InspectAsync(containerId, cancellationToken).ConfigureAwait(false);
                    if (evaluate(state))
                    {
                        return;
                    }

                    throw new OrchestrationException("lost the engine's event stream while waiting for container " + state.Name?.TrimStart('/'));
                }

                while (channel.Reader.TryRead(out _))
                {
                }
            }
        }
        finally
        {
            _waiters.TryRemove(key, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            if (_pump is { } pump)
            {
                await pump.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
