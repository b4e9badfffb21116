namespace SharpCompose.Orchestration.Build;

/// <summary>
/// Build contexts that are URLs rather than directories. The loader keeps them as written (compose-go's
/// <c>isRemoteContext</c>); the engine fetches the ones its classic builder knows, so no tar is made for them.
/// </summary>
public static class RemoteContext
{
    private static readonly string[] RemotePrefixes = ["https://", "http://", "git://", "ssh://", "github.com/", "git@"];

    private static readonly string[] EnginePrefixes = ["https://", "http://", "git://", "github.com/", "git@"];

    /// <summary>True when <paramref name="context"/> is not a path: a git reference, an http(s) URL, or any other
    /// <c>scheme://</c> (compose-go's rule, so a context the loader left unresolved is never taken for a directory).</summary>
    public static bool IsRemote(string context) =>
        context.Contains("://", StringComparison.Ordinal) || RemotePrefixes.Any(p => context.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// True for the remote contexts the engine's <c>POST /build?remote=</c> accepts (moby's urlutil): git URLs
    /// (<c>git://</c>, <c>git@</c>, <c>github.com/</c>, <c>http(s)://....git[#ref[:subdir]]</c>, cloned by the engine with
    /// its own <c>git</c>) and other http(s) URLs (a tarball, or a plain Dockerfile, downloaded by the engine).
    /// <c>ssh://</c> and other schemes are not among them.
    /// </summary>
    public static bool IsFetchableByEngine(string context) =>
        EnginePrefixes.Any(p => context.StartsWith(p, StringComparison.Ordinal));
}
