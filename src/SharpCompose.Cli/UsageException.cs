namespace SharpCompose.Cli;

/// <summary>The command line itself is wrong (unknown flag, bad value): exit code 16, like Compose v2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A failure the user can act on, with its exit code; printed as one line.</summary>
public sealed class CommandFailedException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
