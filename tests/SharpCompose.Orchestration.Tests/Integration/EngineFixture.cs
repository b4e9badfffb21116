using SharpCompose.Engine;

namespace SharpCompose.Orchestration.Tests.Integration;

/// <summary>
/// A connection to the real Docker Engine. Unreachable: a skip on a developer machine, a failure in CI (CI=true).
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private DockerEngine? _engine;
    private Exception? _error;

    public IDockerEngine Engine
    {
        get
        {
            if (_engine is not null)
            {
                return _engine;
            }

            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException("the Docker Engine is unreachable (CI=true makes that a failure)", _error);
            }

            Assert.Skip("the Docker Engine is unreachable: " + _error?.Message);
            return null!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        try
        {
            _engine = await DockerEngine.ConnectAsync(new EngineOptions { Endpoint = EngineEndpoint.FromEnvironment() }, CancellationToken.None);
        }
        catch (Exception e)
        {
            _error = e;
        }
    }

    public ValueTask DisposeAsync()
    {
        _engine?.Dispose();
        return ValueTask.CompletedTask;
    }
}
