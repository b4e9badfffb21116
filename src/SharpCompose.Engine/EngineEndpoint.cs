using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SharpCompose.Engine;

public enum EndpointKind { Unix, Tcp, Ssh }

/// <summary>TLS material and policy for a tcp endpoint. Files are PEM.</summary>
public sealed record EngineTls
{
    public string? CaFile { get; init; }
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }
    /// <summary>Verify the server certificate (against <see cref="CaFile"/> when given, else the system roots).</summary>
    public bool Verify { get; init; } = true;
}

/// <summary>What endpoint resolution reads: the explicit options, the environment and the home directory.</summary>
public sealed record EndpointInputs
{
    /// <summary>An explicit host (-H / --host), wins over everything.</summary>
    public string? Host { get; init; }
    /// <summary>An explicit context (--context).</summary>
    public string? Context { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required string HomeDirectory { get; init; }

    /// <summary>The process environment and the user's home.</summary>
    public static EndpointInputs FromProcess(string? host = null, string? context = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            if (e.Key is string k && e.Value is string v) env[k] = v;
        return new EndpointInputs
        {
            Host = host,
            Context = context,
            Environment = env,
            HomeDirectory = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile),
        };
    }
}

/// <summary>
/// Where the Docker Engine is: unix:///path, tcp://host:port (optionally TLS) or ssh://[user@]host[:port].
/// <see cref="Resolve"/> picks it the way the docker CLI does.
/// </summary>
public sealed record EngineEndpoint
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>The host URL, e.g. "unix:///var/run/docker.sock".</summary>
    public required string Host { get; init; }
    public EndpointKind Kind { get; init; }
    public EngineTls? Tls { get; init; }
    /// <summary>The context it came from, if any.</summary>
    public string? ContextName { get; init; }
    /// <summary>Where the choice came from, for messages: "--host", "DOCKER_HOST", "context foo", "default".</summary>
    public string Source { get; init; } = "default";
    /// <summary>The API version pinned by DOCKER_API_VERSION, if any.</summary>
    public EngineApiVersion? PinnedApiVersion { get; init; }

    /// <summary>Unix socket path (Unix only).</summary>
    public string UnixPath => Kind == EndpointKind.Unix ? Host["unix://".Length..] : throw new InvalidOperationException("not a unix endpoint");

    /// <summary>Host name or address (Tcp and Ssh).</summary>
    public string HostName => new Uri(Host).Host.Trim('[', ']');

    /// <summary>Port (Tcp: default 2375, or 2376 with TLS; Ssh: null unless given).</summary>
    public int? Port
    {
        get
        {
            var uri = new Uri(Host);
            if (!uri.IsDefaultPort && uri.Port > 0) return uri.Port;
            return Kind == EndpointKind.Tcp ? (Tls is null ? 2375 : 2376) : null;
        }
    }

    /// <summary>Ssh user, if given.</summary>
    public string? UserName => Kind == EndpointKind.Ssh && new Uri(Host).UserInfo is { Length: > 0 } u ? Uri.UnescapeDataString(u) : null;

    public override string ToString() => Host;

    public static EngineEndpoint Default { get; } = new() { Host = DefaultHost, Kind = EndpointKind.Unix };

    /// <summary>Parses a host URL (unix://, tcp://, ssh://; a bare path is a unix socket).</summary>
    public static EngineEndpoint Parse(string host, EngineTls? tls = null, string source = "--host")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var h = host.Trim();
        if (h.StartsWith('/')) h = "unix://" + h;
        if (h.StartsWith("unix://", StringComparison.Ordinal))
        {
            if (h.Length == "unix://".Length) throw new ArgumentException($"invalid engine host \"{host}\": no socket path");
            return new EngineEndpoint { Host = h, Kind = EndpointKind.Unix, Source = source };
        }
        if (h.StartsWith("tcp://", StringComparison.Ordinal) || h.StartsWith("http://", StringComparison.Ordinal)
            || h.StartsWith("https://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(h, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
                throw new ArgumentException($"invalid engine host \"{host}\"");
            if (h.StartsWith("https://", StringComparison.Ordinal)) tls ??= new EngineTls { Verify = true };
            var port = uri.IsDefaultPort || uri.Port <= 0 ? (tls is null ? 2375 : 2376) : uri.Port;
            var hostPart = uri.HostNameType == UriHostNameType.IPv6 ? "[" + uri.Host.Trim('[', ']') + "]" : uri.Host;
            return new EngineEndpoint
            {
                Host = $"tcp://{hostPart}:{port}",
                Kind = EndpointKind.Tcp,
                Tls = tls,
                Source = source,
            };
        }
        if (h.StartsWith("ssh://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(h, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
                throw new ArgumentException($"invalid engine host \"{host}\"");
            return new EngineEndpoint { Host = h.TrimEnd('/'), Kind = EndpointKind.Ssh, Source = source };
        }
        if (h.StartsWith("npipe://", StringComparison.Ordinal))
            throw new ArgumentException($"engine host \"{host}\": named pipes are Windows only");
        throw new ArgumentException($"invalid engine host \"{host}\": expected unix://, tcp:// or ssh://");
    }

    /// <summary>
    /// Resolves the endpoint like the docker CLI: explicit host, explicit context, DOCKER_HOST, DOCKER_CONTEXT,
    /// config.json currentContext, then the default socket. TLS from DOCKER_TLS_VERIFY / DOCKER_CERT_PATH or from
    /// the context's TLS store. DOCKER_API_VERSION is carried as <see cref="PinnedApiVersion"/>.
    /// Reads only the files under the given home (or DOCKER_CONFIG); never talks to a daemon.
    /// </summary>
    public static EngineEndpoint Resolve(EndpointInputs inputs)
    {
        var env = inputs.Environment;
        string? Env(string name) => env.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;

        EngineApiVersion? pinned = null;
        if (Env("DOCKER_API_VERSION") is { } apiText)
        {
            if (!EngineApiVersion.TryParse(apiText, out var pv))
                throw new ArgumentException($"DOCKER_API_VERSION=\"{apiText}\" is not an API version like 1.41");
            pinned = pv;
        }

        var configDir = Env("DOCKER_CONFIG") ?? Path.Combine(inputs.HomeDirectory, ".docker");
        var envTls = EnvironmentTls(Env, configDir);

        EngineEndpoint result;
        if (!string.IsNullOrWhiteSpace(inputs.Host))
            result = Parse(inputs.Host, TlsFor(inputs.Host, envTls), "--host");
        else if (!string.IsNullOrWhiteSpace(inputs.Context))
            result = FromContext(inputs.Context, configDir, Env, envTls, "--context");
        else if (Env("DOCKER_HOST") is { } dockerHost)
            result = Parse(dockerHost, TlsFor(dockerHost, envTls), "DOCKER_HOST");
        else if (Env("DOCKER_CONTEXT") is { } envContext)
            result = FromContext(envContext, configDir, Env, envTls, "DOCKER_CONTEXT");
        else if (CurrentContext(configDir) is { } current)
            result = FromContext(current, configDir, Env, envTls, "config.json currentContext");
        else
            result = Default;

        return result with { PinnedApiVersion = pinned };
    }

    /// <summary>Resolves from the process environment and home directory.</summary>
    public static EngineEndpoint FromEnvironment(string? host = null, string? context = null) =>
        Resolve(EndpointInputs.FromProcess(host, context));

    /// <summary>The context store directory name of a context: hex SHA-256 of its name.</summary>
    public static string ContextDirectoryName(string contextName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contextName)));

    private static EngineTls? TlsFor(string host, EngineTls? envTls) =>
        host.StartsWith("tcp://", StringComparison.Ordinal) || host.StartsWith("https://", StringComparison.Ordinal) ? envTls : null;

    private static EngineTls? EnvironmentTls(Func<string, string?> env, string configDir)
    {
        // Like the docker CLI: any non-empty DOCKER_TLS_VERIFY (even "0") turns verification on; DOCKER_TLS turns TLS on.
        var verify = env("DOCKER_TLS_VERIFY") is not null;
        var tlsOn = verify || env("DOCKER_TLS") is { } t && t != "0" && !t.Equals("false", StringComparison.OrdinalIgnoreCase);
        if (!tlsOn) return null;
        var certPath = env("DOCKER_CERT_PATH") ?? configDir;
        return new EngineTls
        {
            CaFile = ExistingOrNull(Path.Combine(certPath, "ca.pem")),
            CertFile = ExistingOrNull(Path.Combine(certPath, "cert.pem")),
            KeyFile = ExistingOrNull(Path.Combine(certPath, "key.pem")),
            Verify = verify,
        };
    }

    private static string? ExistingOrNull(string path) => File.Exists(path) ? path : null;

    private static string? CurrentContext(string configDir)
    {
        var file = Path.Combine(configDir, "config.json");
        if (!File.Exists(file)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("currentContext", out var cc)
                   && cc.ValueKind == JsonValueKind.String && cc.GetString() is { Length: > 0 } name
                ? name
                : null;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{file} is not valid JSON: {e.Message}", e);
        }
    }

    private static EngineEndpoint FromContext(string name, string configDir, Func<string, string?> env, EngineTls? envTls, string source)
    {
        if (name == "default")
        {
            // The default context is DOCKER_HOST or the default socket.
            var defaultHost = env("DOCKER_HOST") ?? DefaultHost;
            return Parse(defaultHost, TlsFor(defaultHost, envTls), source) with { ContextName = "default" };
        }
        var id = ContextDirectoryName(name);
        var metaFile = Path.Combine(configDir, "contexts", "meta", id, "meta.json");
        if (!File.Exists(metaFile))
            throw new ArgumentException($"docker context \"{name}\" (from {source}) does not exist: no {metaFile}");
        string? host;
        var skipVerify = false;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(metaFile));
            if (!doc.RootElement.TryGetProperty("Endpoints", out var eps) || eps.ValueKind != JsonValueKind.Object
                || !eps.TryGetProperty("docker", out var docker) || docker.ValueKind != JsonValueKind.Object)
                throw new ArgumentException($"docker context \"{name}\" has no docker endpoint ({metaFile})");
            host = docker.TryGetProperty("Host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            skipVerify = docker.TryGetProperty("SkipTLSVerify", out var s) && s.ValueKind == JsonValueKind.True;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"docker context \"{name}\": {metaFile} is not valid JSON: {e.Message}", e);
        }
        if (string.IsNullOrWhiteSpace(host)) host = DefaultHost;

        EngineTls? tls = null;
        var tlsDir = Path.Combine(configDir, "contexts", "tls", id, "docker");
        var ca = ExistingOrNull(Path.Combine(tlsDir, "ca.pem"));
        var cert = ExistingOrNull(Path.Combine(tlsDir, "cert.pem"));
        var key = ExistingOrNull(Path.Combine(tlsDir, "key.pem"));
        var isTcp = host.StartsWith("tcp://", StringComparison.Ordinal) || host.StartsWith("https://", StringComparison.Ordinal);
        if (isTcp && (ca is not null || cert is not null || skipVerify))
            tls = new EngineTls { CaFile = ca, CertFile = cert, KeyFile = key, Verify = !skipVerify };
        return Parse(host, tls, $"context \"{name}\" ({source})") with { ContextName = name };
    }
}
