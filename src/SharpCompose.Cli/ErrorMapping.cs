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
        EngineUnavailableException unavailable => (ExitCodes.Failure, unavailable.Message),
        EngineIncompatibleException incompatible => (ExitCodes.Failure, incompatible.Message),
        EngineException engine => (ExitCodes.Failure, "Error response from daemon: " + engine.Message),
        Model.DependencyCycleException cycle => (ExitCodes.InvalidComposeFile, cycle.Message),
        _ => null,
    };
}
