using SharpCompose.Model;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Execution;

/// <summary>Waiting for one dependency container to satisfy a depends_on condition (healthy, completed successfully).</summary>
public static class DependencyConditions
{
    public static async Task WaitAsync(IProgressSink progress, string dependent, string depName, ObservedContainer container, DependencyCondition condition, ContainerEventWatcher watcher, CancellationToken cancellationToken)
    {
        progress.Working(ResourceKind.Container, container.Name, "Waiting");
        if (condition == DependencyCondition.ServiceHealthy)
        {
            await watcher.WaitAsync(container.Id, inspect =>
            {
                var state = inspect.State;
                if (state?.Health is null or { Status: null or "none" })
                {
                    throw new OrchestrationException($"dependency failed to start: container {container.Name} has no healthcheck configured (service \"{dependent}\" waits for \"{depName}\" to be healthy)");
                }

                if (state.Health.Status == "unhealthy")
                {
                    throw new OrchestrationException($"dependency failed to start: container {container.Name} is unhealthy (service \"{dependent}\" depends on \"{depName}\")");
                }

                if (state.Status is "exited" or "dead")
                {
                    throw new OrchestrationException($"dependency failed to start: container {container.Name} exited ({state.ExitCode}) (service \"{dependent}\" depends on \"{depName}\")");
                }

                return state.Health.Status == "healthy";
            }, cancellationToken).ConfigureAwait(false);
            progress.Done(ResourceKind.Container, container.Name, "Healthy");
        }
        else
        {
            var exitCode = 0;
            await watcher.WaitAsync(container.Id, inspect =>
            {
                if (inspect.State is { Status: "exited" or "dead" } state)
                {
                    exitCode = state.ExitCode;
                    return true;
                }

                return false;
            }, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                progress.Failed(ResourceKind.Container, container.Name, "Exited", $"({exitCode})");
                throw new OrchestrationException($"service \"{depName}\" didn't complete successfully: exit {exitCode} (service \"{dependent}\" waits for it)");
            }

            progress.Done(ResourceKind.Container, container.Name, "Exited");
        }
    }
}
