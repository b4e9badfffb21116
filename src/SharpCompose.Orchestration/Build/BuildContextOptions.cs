namespace SharpCompose.Orchestration.Build;

/// <summary>What to send as a build context: a compose service's <c>build</c> section, resolved to paths.</summary>
public sealed record BuildContextOptions
{
    /// <summary>The context directory (compose <c>build.context</c>), absolute or relative to the working directory.</summary>
    public required string ContextDirectory { get; init; }

    /// <summary>
    /// Compose <c>build.dockerfile</c>: relative to the context directory, or absolute (possibly outside the
    /// context, in which case it is sent under a generated name). Default <c>Dockerfile</c>.
    /// </summary>
    public string? Dockerfile { get; init; }

    /// <summary>Compose <c>build.dockerfile_inline</c>: Dockerfile text sent under a generated name. Excludes <see cref="Dockerfile"/>.</summary>
    public string? DockerfileInline { get; init; }
}
