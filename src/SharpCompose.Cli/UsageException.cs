namespace SharpCompose.Cli;

/// <summary>
/// The command line is wrong. Like Compose v2: what the flag parser rejects (unknown flag or command, a missing
/// value) exits 16 (<see cref="ParseError"/>); a value or combination the command itself refuses exits 1.
/// </summary>
public sealed class UsageException(string message, bool parseError = false) : Exception(message)
{
    public bool ParseError { get; } = parseError;
}

/// <summary>A failure the user can act on, with its exit code; printed as one line.</summary>
public sealed class CommandFailedException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
