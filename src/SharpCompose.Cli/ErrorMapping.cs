using SharpCompose.Engine;
using SharpCompose.Loading;
using SharpCompose.Orchestration;

namespace SharpCompose.Cli;

/// <summary>Exit codes and one-line messages for the exception types of the layers below the CLI.</summary>
internal static class ErrorMapping
{
    public static (int Code, string? Message)? Map(Exception e) => e switch
    {
        ComposeException compose => ((int)compose.ExitCode, compose.Message),
        OrchestrationException orchestration => (orchestration.ExitCode, orchestration.Message),
        EngineUnavailableException unavailable => (ExitCodes.Failure, Unreachable(unavailable.Message)),
        EngineIncompatibleException incompatible => (ExitCodes.Failure, incompatible.Message),
        EngineException engine => (ExitCodes.Failure, "Error response from daemon: " + engine.Message),
        Model.DependencyCycleException cycle => (ExitCodes.InvalidComposeFile, cycle.Message),
        _ => null,
    };

    /// <summary>
    /// A local socket that does not answer: said as the docker CLI and Compose v2 say it, with how to start one.
    /// Other endpoints (tcp, ssh, TLS) keep the engine layer's more specific message.
    /// </summary>
    private static string Unreachable(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"^cannot connect to the Docker Engine at (unix://\S+?): is the daemon running\?");
        return match.Success
            ? $"Cannot connect to the Docker daemon at {match.Groups[1].Value}. Is the docker daemon running? (scripts/engine-up starts one)"
            : message;
    }
}
