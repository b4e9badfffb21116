using System.Threading.Channels;
using SharpCompose.Engine;
using SharpCompose.Orchestration.Execution;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>The flags of an attached <c>up</c>.</summary>
public sealed record AttachedRunOptions
{
    public bool AbortOnContainerExit { get; init; }

    /// <summary>--exit-code-from: the run's exit code is this service's; it ends when it exits, or when another attached container fails.</summary>
    public string? ExitCodeFrom { get; init; }

    /// <summary>Services whose logs are shown (<see cref="AttachSelection"/>).</summary>
    public IReadOnlyCollection<string> Attach { get; init; } = [];

    /// <summary>Services whose containers' exits end the run (empty: the attached ones; none attached: all).</summary>
    public IReadOnlyCollection<string> Required { get; init; } = [];

    public int? StopTimeout { get; init; }

    public bool Timestamps { get; init; }
}

/// <summary>What the CLI shows besides log lines during an attached run.</summary>
public interface IAttachedRunObserver
{
    void Attaching(IReadOnlyList<ServiceContainer> containers);

    void Exited(string container, string service, long exitCode);

    void Stopping(string reason);
}

/// <summary>
/// An attached <c>up</c>: multiplexes the containers' logs live, follows restarts, and decides when the run ends
/// and with which exit code. First Ctrl-C stops the project gracefully; a second kills.
/// </summary>
public sealed class AttachedRun(ProjectSession session)
{
    public async Task<int> RunAsync(UpResult up, AttachedRunOptions options, ILogSink sink, IAttachedRunObserver observer, CancellationToken graceful, CancellationToken forceful)
    {
        var engine = session.Engine;
        var attached = up.Containers.Where(c => options.Attach.Contains(c.Service)).ToList();
        observer.Attaching(attached);

        using var logsStop = new CancellationTokenSource();
        var logTasks = attached.ToDictionary(c => c.Id, c => FollowWithRestartsAsync(engine, c, options.Timestamps, sink, logsStop.Token), StringComparer.Ordinal);

        // Watched: the attached containers, those the run waits for, and --exit-code-from's; other exits go unnoticed.
        var required = options.Required.Count > 0 ? options.Required : options.Attach;
        bool IsRequired(ServiceContainer c) => required.Count == 0 || required.Contains(c.Service);
        var watched = up.Containers.Where(c => attached.Contains(c) || IsRequired(c) || c.Service == options.ExitCodeFrom).ToList();
        var byId = watched.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var pending = watched.Where(IsRequired).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var events = Channel.CreateUnbounded<EngineEvent>();
        await using var watcher = ContainerEventWatcher.Start(engine, session.ProjectName);
        watcher.Listen(e =>
        {
            if (e.Action is "die" or "start" && e.Actor?.ID is { } id && byId.ContainsKey(id))
            {
                events.Writer.TryWrite(e);
            }
        });

        // Containers that already ended before we listened (one-shots) count too.
        foreach (var c in watched)
        {
            var inspect = await engine.Containers.TryInspectAsync(c.Id, CancellationToken.None).ConfigureAwait(false);
            if (inspect?.State is { Status: "exited" or "dead" } state && !state.Restarting)
            {
                var finished = DateTimeOffset.TryParse(state.FinishedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                    ? (at - DateTimeOffset.UnixEpoch).Ticks * 100
                    : 0;
                events.Writer.TryWrite(new EngineEvent { Action = "die", TimeNano = finished, Actor = new EventActor { ID = c.Id, Attributes = new Dictionary<string, string> { ["exitCode"] = state.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) } } });
            }
        }

        int? exitCode = null;
        string? stopReason = null;
        // The same exit can arrive twice (the event replay and the inspect above): an exit is new only if it is
        // more than a second from the last one handled, or a start happened in between (times, not arrival order).
        var lastDie = new Dictionary<string, long>(StringComparer.Ordinal);
        var lastStart = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            while (pending.Count > 0 && stopReason is null)
            {
                var e = await events.Reader.ReadAsync(graceful).ConfigureAwait(false);
                var container = byId[e.Actor!.ID!];
                var died = lastDie.TryGetValue(container.Id, out var previousDie);
                if (e.Action == "start")
                {
                    if (e.TimeNano > lastStart.GetValueOrDefault(container.Id))
                    {
                        lastStart[container.Id] = e.TimeNano;
                    }

                    if ((!died || e.TimeNano > previousDie) && IsRequired(container))
                    {
                        pending.Add(container.Id);
                    }

                    continue;
                }

                var code = long.TryParse(e.Actor.Attributes?.GetValueOrDefault("exitCode"), out var parsed) ? parsed : 0;
                if (died && Math.Abs(e.TimeNano - previousDie) < 1_000_000_000 && lastStart.GetValueOrDefault(container.Id) <= Math.Min(previousDie, e.TimeNano))
                {
                    continue;
                }

                lastDie[container.Id] = Math.Max(previousDie, e.TimeNano);
                if (attached.Contains(container))
                {
                    observer.Exited(container.Name, container.Service, code);
                }

                var inspect = await engine.Containers.TryInspectAsync(container.Id, graceful).ConfigureAwait(false);
                var restarting = inspect?.State is { Restarting: true } or { Running: true };
                if (options.ExitCodeFrom is { } from)
                {
                    if (container.Service == from)
                    {
                        exitCode = (int)code;
                        stopReason = "Aborting on container exit...";
                    }
                    else if (code != 0 && !restarting)
                    {
                        exitCode = (int)code;
                        stopReason = $"Aborting: {container.Name} failed (exit code {code}) before {from} finished...";
                    }
                }
                else if (options.AbortOnContainerExit)
                {
                    exitCode = (int)code;
                    stopReason = "Aborting on container exit...";
                }

                if (!restarting)
                {
                    pending.Remove(container.Id);
                }
            }
        }
        catch (OperationCanceledException) when (graceful.IsCancellationRequested)
        {
            observer.Stopping("Gracefully stopping... (press Ctrl+C again to force)");
            await StopAllAsync(options.StopTimeout, forceful).ConfigureAwait(false);
            await logsStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(logTasks.Values).ConfigureAwait(false);
            throw;
        }

        if (stopReason is not null)
        {
            observer.Stopping(stopReason);
            await StopAllAsync(options.StopTimeout, forceful).ConfigureAwait(false);
        }

        // Let the log streams of the containers that ended drain what they printed last, then end (attached
        // containers the run did not wait for may still run: their streams are cut at once).
        var draining = stopReason is not null ? logTasks.Values : logTasks.Where(t => lastDie.ContainsKey(t.Key)).Select(t => t.Value);
        await Task.WhenAll(draining).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        await logsStop.CancelAsync().ConfigureAwait(false);
        return exitCode ?? 0;
    }

    private async Task StopAllAsync(int? timeout, CancellationToken forceful)
    {
        var verbs = new LifecycleVerbs(session);
        try
        {
            await verbs.StopAsync([], timeout, forceful).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (forceful.IsCancellationRequested)
        {
            var running = await verbs.ContainersAsync([], all: false, CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(running.Select(async c =>
            {
                session.Progress.Working(ResourceKind.Container, c.Name, "Killing");
                try
                {
                    await session.Engine.Containers.KillAsync(c.Id, null, CancellationToken.None).ConfigureAwait(false);
                }
                catch (EngineException)
                {
                }

                session.Progress.Done(ResourceKind.Container, c.Name, "Killed");
            })).ConfigureAwait(false);
        }
    }

    private static async Task FollowWithRestartsAsync(IDockerEngine engine, ServiceContainer container, bool timestamps, ILogSink sink, CancellationToken cancellationToken)
    {
        string? since = null;
        var tail = container.Fresh ? null : "0";
        while (!cancellationToken.IsCancellationRequested)
        {
            var followedFrom = DateTimeOffset.UtcNow;
            await LogsVerb.FollowAsync(engine, container.Id, container.Service, container.Name, container.Number,
                new Engine.LogsOptions { Follow = true, Since = since, Tail = since is null ? tail : null, Timestamps = timestamps }, sink, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            // The stream ends when the container stops; a restart policy may bring it back: wait for that, bounded.
            ContainerInspect? inspect;
            try
            {
                inspect = await engine.Containers.TryInspectAsync(container.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (inspect?.State is not { Restarting: true } and not { Running: true })
            {
                return;
            }

            // Only what the next run writes: from the moment the last run ended, to the engine's nanosecond (a whole
            // second would replay the lines the last run wrote in its final second).
            since = LogSince(inspect.State.FinishedAt) ?? followedFrom.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                using var wait = await engine.Containers.BeginWaitAsync(container.Id, WaitCondition.NextExit, cancellationToken).ConfigureAwait(false);
                if (inspect.State is { Restarting: true })
                {
                    continue;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>An engine time (RFC 3339 with nanoseconds, e.g. State.FinishedAt) as the logs API's "since": seconds.nanoseconds.</summary>
    public static string? LogSince(string? engineTime)
    {
        if (engineTime is not { Length: >= 20 } || engineTime.StartsWith("0001-", StringComparison.Ordinal))
        {
            return null;
        }

        // DateTimeOffset keeps 100 ns ticks; the engine writes up to 9 digits: split them off and keep them whole.
        var dot = engineTime.IndexOf('.', StringComparison.Ordinal);
        var zone = engineTime.IndexOfAny(['Z', '+', '-'], Math.Max(dot, 19));
        var whole = dot > 0 && zone > dot ? engineTime[..dot] + engineTime[zone..] : engineTime;
        var fraction = dot > 0 && zone > dot ? engineTime[(dot + 1)..zone] : string.Empty;
        if (!DateTimeOffset.TryParse(whole, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            || fraction.Any(c => !char.IsAsciiDigit(c)))
        {
            return null;
        }

        return time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + fraction.PadRight(9, '0')[..9];
    }
}
