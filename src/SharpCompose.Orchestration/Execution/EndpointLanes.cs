using System.Collections.Concurrent;
using SharpCompose.Engine;

namespace SharpCompose.Orchestration.Execution;

/// <summary>
/// Paces the stops of containers that share a network, so that the engine never deletes two endpoints of one
/// network at the same moment.
/// </summary>
/// <remarks>
/// Why: libnetwork as shipped in Engine 20.10 keeps a persisted endpoint count per network, and two endpoint
/// deletions running at once on one network can lose a decrement (every lookup hands out the one cached network
/// object, whose count object concurrent deletions then share, and a retry after a write conflict copies over the
/// other deletion's pending change). The network is then left with a count above zero and no endpoint: removing it
/// fails with "has active endpoints" until the engine restarts, and no API call can repair it. A container's
/// endpoints are deleted while its stop call is in flight (the engine releases the network before it reports the
/// container stopped), so a lane per network admits one stop at a time. Measured on this engine with a 30-service,
/// two-network project, up + down in rounds beside two other projects cycling and a disk writer: parallel stops left
/// such a network in round 1 and round 2 (Compose v2's down in round 4), two stops at a time per network in round 11,
/// one at a time in none of 15.
/// A stop holds its lanes until it returns or <see cref="Hold"/> has passed, whichever comes first: a container that
/// quickly honours its stop signal (the common case) is stopped alone; one still shutting down after the hold keeps
/// its grace period while the next starts, and the forced exits of such containers come a hold apart.
/// </remarks>
public sealed class EndpointLanes
{
    /// <summary>The first engine without the per-network endpoint count (Engine 28.1, API 1.49).</summary>
    public static readonly EngineApiVersion FixedIn = new(1, 49);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _lanes = new(StringComparer.Ordinal);

    /// <summary>Lanes for an engine that speaks <paramref name="serverApiVersion"/>: none (stops all in parallel)
    /// from <see cref="FixedIn"/> on.</summary>
    public static EndpointLanes For(EngineApiVersion serverApiVersion) => new() { Enabled = serverApiVersion < FixedIn };

    /// <summary>Off: every stop runs at once.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How many stops of one network may be in flight together: one (two at a time still lost a decrement,
    /// in round 11 of the stress below).</summary>
    public int Width { get; init; } = 1;

    /// <summary>How long a stop that has not returned keeps the others of its networks waiting.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The networks whose endpoints a container's stop deletes (the engine's predefined ones excepted).</summary>
    public static IReadOnlyList<string> NetworksOf(ContainerSummary container) =>
        Keys(container.NetworkSettings?.Networks);

    /// <summary>Runs <paramref name="stop"/> (a stop or restart of <paramref name="container"/>) once the lanes of the
    /// container's networks are free.</summary>
    public Task RunAsync(ObservedContainer container, Func<Task> stop, CancellationToken cancellationToken) =>
        RunAsync(NetworksOf(container.Summary), stop, cancellationToken);

    /// <summary>Runs <paramref name="stop"/> once the lanes of <paramref name="networks"/> are free; see the remarks.</summary>
    public async Task RunAsync(IReadOnlyCollection<string> networks, Func<Task> stop, CancellationToken cancellationToken)
    {
        if (networks.Count == 0 || !Enabled)
        {
            await stop().ConfigureAwait(false);
            return;
        }

        // Always taken in the same order, so two containers sharing two networks cannot wait on each other.
        var taken = new List<SemaphoreSlim>(networks.Count);
        var running = Task.CompletedTask;
        try
        {
            foreach (var network in networks.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var lane = _lanes.GetOrAdd(network, _ => new SemaphoreSlim(Width, Width));
                await lane.WaitAsync(cancellationToken).ConfigureAwait(false);
                taken.Add(lane);
            }

            running = stop();
            using var hold = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var held = Task.Delay(Hold, hold.Token);
            if (await Task.WhenAny(running, held).ConfigureAwait(false) == running)
            {
                await hold.CancelAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var lane in taken)
            {
                lane.Release();
            }
        }

        await running.ConfigureAwait(false);
    }

    private static List<string> Keys(IReadOnlyDictionary<string, EndpointSettings>? networks)
    {
        var keys = new List<string>();
        if (networks is null)
        {
            return keys;
        }

        foreach (var (name, endpoint) in networks)
        {
            if (name is "host" or "none" or "bridge")
            {
                continue; // never removed by compose; a stale count there harms nothing
            }

            keys.Add(string.IsNullOrEmpty(endpoint.NetworkID) ? name : endpoint.NetworkID);
        }

        return keys;
    }
}
