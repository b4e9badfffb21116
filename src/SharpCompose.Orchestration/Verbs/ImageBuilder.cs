using SharpCompose.Model;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>The flags of <c>build</c> (and the build half of <c>up --build</c>).</summary>
public sealed record BuildOptions
{
    public bool NoCache { get; init; }

    public bool Pull { get; init; }

    public bool Quiet { get; init; }

    /// <summary>--build-arg KEY=VALUE overrides (KEY alone: from the environment).</summary>
    public IReadOnlyDictionary<string, string?> BuildArgs { get; init; } = new Dictionary<string, string?>();
}

/// <summary>Builds services' images through the engine's /build with a streamed context.</summary>
public sealed class ImageBuilder(ProjectSession session)
{
    public Task<IReadOnlyList<(string Service, string ImageId)>> BuildAsync(IReadOnlyList<ServiceSpec> services, BuildOptions options, CancellationToken cancellationToken)
    {
        _ = session;
        _ = options;
        _ = cancellationToken;
        throw new OrchestrationException($"building images is not available yet (services: {string.Join(", ", services.Select(s => s.Name))})");
    }
}
