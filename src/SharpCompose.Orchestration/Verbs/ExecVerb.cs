using SharpCompose.Engine;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>The process's standard streams, as the CLI hands them to run/exec/attach.</summary>
public sealed record Stdio(Stream Input, Stream Output, Stream Error)
{
    /// <summary>Whether stdin is to be forwarded (run -i / exec without -T and with a stdin).</summary>
    public bool ForwardInput { get; init; } = true;
}

/// <summary>The flags of <c>exec</c>.</summary>
public sealed record ExecOptions
{
    public required string Service { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    public int Index { get; init; } = 1;

    public bool Detach { get; init; }

    public bool Tty { get; init; }

    public bool Interactive { get; init; } = true;

    public IReadOnlyList<string> Environment { get; init; } = [];

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public bool Privileged { get; init; }
}

/// <summary><c>exec</c>: runs a command in a running service container; the exit code is the command's.</summary>
public sealed class ExecVerb(ProjectSession session)
{
    public async Task<int> RunAsync(ExecOptions options, Stdio stdio, CancellationToken cancellationToken)
    {
        var engine = session.Engine;
        session.CheckServiceNames([options.Service]);
        var containers = await new LifecycleVerbs(session).ContainersAsync([options.Service], all: false, cancellationToken).ConfigureAwait(false);
        var container = containers.FirstOrDefault(c => c.Number == options.Index)
            ?? throw new OrchestrationException(containers.Count == 0
                ? $"service \"{options.Service}\" is not running"
                : $"service \"{options.Service}\" has no running container with index {options.Index}");
        var execId = await engine.Exec.CreateAsync(container.Id, new ExecCreateRequest
        {
            AttachStdin = !options.Detach && options.Interactive,
            AttachStdout = !options.Detach,
            AttachStderr = !options.Detach,
            Tty = options.Tty,
            Env = options.Environment.Count > 0 ? options.Environment : null,
            Cmd = options.Command,
            User = options.User,
            WorkingDir = options.WorkingDir,
            Privileged = options.Privileged ? true : null,
        }, cancellationToken).ConfigureAwait(false);
        if (options.Detach)
        {
            await engine.Exec.StartDetachedAsync(execId, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        await using (var io = await engine.Exec.StartAsync(execId, new ExecStartOptions { Tty = options.Tty }, cancellationToken).ConfigureAwait(false))
        {
            await StdioPump.RunAsync(io, stdio with { ForwardInput = stdio.ForwardInput && options.Interactive }, cancellationToken).ConfigureAwait(false);
        }

        var inspect = await engine.Exec.InspectAsync(execId, CancellationToken.None).ConfigureAwait(false);
        return inspect.ExitCode ?? 0;
    }
}

/// <summary>Copies stdin into a hijacked session and its output out, until the output ends.</summary>
public static class StdioPump
{
    public static async Task RunAsync(StdioSession io, Stdio stdio, CancellationToken cancellationToken)
    {
        using var inputStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var input = stdio.ForwardInput
            ? Task.Run(async () =>
            {
                try
                {
                    await io.CopyInputFromAsync(stdio.Input, inputStop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                }
            }, CancellationToken.None)
            : Task.CompletedTask;
        if (!stdio.ForwardInput)
        {
            try
            {
                await io.CloseInputAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }

        await foreach (var chunk in io.ReadAllOutputAsync(cancellationToken).ConfigureAwait(false))
        {
            var target = chunk.Stream == OutputStream.Stderr ? stdio.Error : stdio.Output;
            await target.WriteAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await inputStop.CancelAsync().ConfigureAwait(false);
        // stdin of a terminal cannot be interrupted: do not wait for the copy to notice.
        _ = input;
    }
}
