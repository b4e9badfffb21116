namespace SharpCompose.Orchestration;

/// <summary>A project cannot be brought to the state its file describes; the message says why, in one line.</summary>
public sealed class OrchestrationException(string message, int exitCode = 1, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
