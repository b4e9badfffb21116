namespace SharpCompose.Orchestration.Build;

/// <summary>Where the Dockerfile of a build context came from.</summary>
public enum DockerfileSource
{
    /// <summary>A file inside the context directory, sent at its own path.</summary>
    Context,

    /// <summary>A file outside the context directory, added to the tar under a generated name.</summary>
    External,

    /// <summary><c>dockerfile_inline</c> text, added to the tar under a generated name.</summary>
    Inline,
}

/// <summary>
/// The Dockerfile as the engine will see it inside the context tar.
/// </summary>
/// <param name="Name">The value to pass as the <c>dockerfile</c> query parameter of <c>POST /build</c> (a <c>/</c>-separated path in the tar).</param>
/// <param name="Source">Where the Dockerfile came from.</param>
/// <param name="IgnoreFile">Full path of the ignore file in effect (<c>&lt;Dockerfile&gt;.dockerignore</c> or the context's <c>.dockerignore</c>), or null when there is none.</param>
public sealed record ContextDockerfile(string Name, DockerfileSource Source, string? IgnoreFile);
