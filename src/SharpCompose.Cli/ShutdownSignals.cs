using System.Runtime.InteropServices;

namespace SharpCompose.Cli;

/// <summary>
/// SIGINT/SIGTERM handling as Compose v2 does it: the first signal asks for a graceful stop
/// (<see cref="Graceful"/> is cancelled), the second forces it (<see cref="Forceful"/> is cancelled).
/// The process is never killed by the runtime: commands finish their cleanup and return 130.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _forceful = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _count;

    public ShutdownSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }

        // Losing the terminal must not kill a stop half-way: treat SIGHUP as a request, not a death.
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx => ctx.Cancel = true));
    }

    public CancellationToken Graceful => _graceful.Token;

    public CancellationToken Forceful => _forceful.Token;

    public bool Interrupted => Volatile.Read(ref _count) > 0;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        var n = Interlocked.Increment(ref _count);
        try
        {
            if (n == 1)
            {
                _graceful.Cancel();
            }
            else
            {
                _forceful.Cancel();
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }

        _graceful.Dispose();
        _forceful.Dispose();
    }
}
