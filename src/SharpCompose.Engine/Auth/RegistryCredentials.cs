using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SharpCompose.Engine;

internal sealed record DockerConfigAuthEntry
{
    /// <summary>base64("user:password").</summary>
    public string? Auth { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? IdentityToken { get; init; }
    public string? RegistryToken { get; init; }
}

internal sealed record DockerConfigFile
{
    public Dictionary<string, DockerConfigAuthEntry>? Auths { get; init; }
    public string? CredsStore { get; init; }
    public Dictionary<string, string>? CredHelpers { get; init; }
}

internal sealed record CredentialHelperOutput
{
    public string? ServerURL { get; init; }
    public string? Username { get; init; }
    public string? Secret { get; init; }
}

/// <summary>
/// Registry credentials from a docker config directory (config.json): "auths" (base64 auth field),
/// "credHelpers" and "credsStore" (run as docker-credential-&lt;helper&gt; get).
/// </summary>
public sealed class RegistryCredentialStore
{
    /// <summary>The key Docker Hub credentials are stored under.</summary>
    public const string DockerHubKey = "https://index.docker.io/v1/";

    private readonly string _configDirectory;
    private readonly TimeSpan _helperTimeout;
    private readonly IReadOnlyList<string> _helperDirectories;

    /// <param name="configDirectory">The directory holding config.json.</param>
    /// <param name="helperTimeout">Bound on one credential helper run (default 30 s).</param>
    /// <param name="helperDirectories">Directories searched for docker-credential-* before PATH.</param>
    public RegistryCredentialStore(string configDirectory, TimeSpan? helperTimeout = null, IReadOnlyList<string>? helperDirectories = null)
    {
        _configDirectory = configDirectory;
        _helperTimeout = helperTimeout ?? TimeSpan.FromSeconds(30);
        _helperDirectories = helperDirectories ?? [];
    }

    /// <summary>DOCKER_CONFIG, else ~/.docker.</summary>
    public static string DefaultConfigDirectory() =>
        Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } d
            ? d
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    /// <summary>The registry host of an image reference: "docker.io" when it names none.</summary>
    public static string RegistryOf(string image)
    {
        var slash = image.IndexOf('/');
        if (slash < 0) return "docker.io";
        var first = image[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? first : "docker.io";
    }

    /// <summary>Credentials for a registry host ("docker.io", "127.0.0.1:5000"), or null when none are configured.</summary>
    public async Task<RegistryAuth?> GetAsync(string registry, CancellationToken cancellationToken = default)
    {
        var config = ReadConfig();
        if (config is null) return null;
        var key = registry is "docker.io" or "index.docker.io" or "registry-1.docker.io" ? DockerHubKey : registry;

        string? helper = null;
        if (config.CredHelpers is { } helpers)
            helper = helpers.FirstOrDefault(kv => SameRegistry(kv.Key, key)).Value;
        helper ??= config.CredsStore;
        if (!string.IsNullOrEmpty(helper))
        {
            var fromHelper = await RunHelperAsync(helper, key, cancellationToken).ConfigureAwait(false);
            if (fromHelper is not null) return fromHelper;
        }

        if (config.Auths is { } auths)
        {
            foreach (var (k, entry) in auths)
                if (SameRegistry(k, key))
                    return FromEntry(k, entry);
        }
        return null;
    }

    /// <summary>
    /// Every credential known (for X-Registry-Config of a build): the "auths" section, then what the credential
    /// helpers give for the registries of "credHelpers" and, with a "credsStore", for the registries its "list" names.
    /// A helper that fails only leaves its registries out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, RegistryAuth>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, RegistryAuth>(GetAllFromFile(), StringComparer.Ordinal);
        var config = ReadConfig();
        if (config is null) return result;
        var registries = new List<(string Registry, string Helper)>();
        foreach (var (registry, helper) in config.CredHelpers ?? []) registries.Add((registry, helper));
        if (!string.IsNullOrEmpty(config.CredsStore))
        {
            try
            {
                var listed = await RunHelperListAsync(config.CredsStore, cancellationToken).ConfigureAwait(false);
                foreach (var registry in listed)
                    if (!registries.Any(r => SameRegistry(r.Registry, registry))) registries.Add((registry, config.CredsStore));
            }
            catch (EngineException) { }
        }
        foreach (var (registry, helper) in registries)
        {
            try
            {
                if (await RunHelperAsync(helper, registry, cancellationToken).ConfigureAwait(false) is { } auth) result[registry] = auth;
            }
            catch (EngineException) { }
        }
        return result;
    }

    /// <summary>All credentials of the "auths" section.</summary>
    public IReadOnlyDictionary<string, RegistryAuth> GetAllFromFile()
    {
        var result = new Dictionary<string, RegistryAuth>(StringComparer.Ordinal);
        if (ReadConfig()?.Auths is { } auths)
            foreach (var (k, entry) in auths)
                result[k] = FromEntry(k, entry);
        return result;
    }

    private static RegistryAuth FromEntry(string key, DockerConfigAuthEntry entry)
    {
        string? user = entry.Username, password = entry.Password;
        if (!string.IsNullOrEmpty(entry.Auth))
        {
            string decoded;
            try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(entry.Auth)); }
            catch (FormatException) { throw new EngineException($"the auth of \"{key}\" in the docker config is not base64"); }
            var colon = decoded.IndexOf(':');
            if (colon < 0) throw new EngineException($"the auth of \"{key}\" in the docker config is not user:password");
            user = decoded[..colon];
            password = decoded[(colon + 1)..];
        }
        return new RegistryAuth
        {
            Username = user,
            Password = password,
            ServerAddress = key,
            IdentityToken = entry.IdentityToken,
            RegistryToken = entry.RegistryToken,
        };
    }

    private static string Normalize(string key)
    {
        var k = key;
        var scheme = k.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) k = k[(scheme + 3)..];
        var slash = k.IndexOf('/');
        if (slash >= 0) k = k[..slash];
        return k is "index.docker.io" or "registry-1.docker.io" or "docker.io" ? "docker.io" : k;
    }

    private static bool SameRegistry(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    private DockerConfigFile? ReadConfig()
    {
        var file = Path.Combine(_configDirectory, "config.json");
        if (!File.Exists(file)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(file), EngineJsonContext.Default.DockerConfigFile);
        }
        catch (JsonException e)
        {
            throw new EngineException($"{file} is not valid JSON: {e.Message}", null, e);
        }
    }

    private async Task<RegistryAuth?> RunHelperAsync(string helper, string serverAddress, CancellationToken cancellationToken)
    {
        var (exitCode, stdout, stderr) = await RunHelperProcessAsync(helper, "get", serverAddress, cancellationToken).ConfigureAwait(false);
        var program = "docker-credential-" + helper;
        if (exitCode != 0)
        {
            var text = (stdout + stderr).Trim();
            if (text.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)) return null;
            throw new EngineException($"{program} get failed (exit {exitCode}): {text}");
        }
        try
        {
            var output = JsonSerializer.Deserialize(stdout, EngineJsonContext.Default.CredentialHelperOutput);
            if (output is null || string.IsNullOrEmpty(output.Secret)) return null;
            return output.Username == "<token>"
                ? new RegistryAuth { IdentityToken = output.Secret, ServerAddress = serverAddress }
                : new RegistryAuth { Username = output.Username, Password = output.Secret, ServerAddress = serverAddress };
        }
        catch (JsonException e)
        {
            throw new EngineException($"{program} get printed unreadable JSON: {e.Message}", null, e);
        }
    }

    private async Task<IReadOnlyList<string>> RunHelperListAsync(string helper, CancellationToken cancellationToken)
    {
        var (exitCode, stdout, stderr) = await RunHelperProcessAsync(helper, "list", "", cancellationToken).ConfigureAwait(false);
        if (exitCode != 0) throw new EngineException($"docker-credential-{helper} list failed (exit {exitCode}): {(stdout + stderr).Trim()}");
        try
        {
            return JsonSerializer.Deserialize(stdout, EngineJsonContext.Default.DictionaryStringString)?.Keys.ToList() ?? [];
        }
        catch (JsonException e)
        {
            throw new EngineException($"docker-credential-{helper} list printed unreadable JSON: {e.Message}", null, e);
        }
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunHelperProcessAsync(string helper, string verb, string input,
        CancellationToken cancellationToken)
    {
        var program = "docker-credential-" + helper;
        var executable = _helperDirectories.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists) ?? program;
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(verb);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new EngineException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EngineException($"the docker config names the credential helper \"{helper}\" but {program} cannot be run: {e.Message}", null, e);
        }
        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_helperTimeout);
            try
            {
                var stdoutTask = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderrTask = process.StandardError.ReadToEndAsync(timeout.Token);
                try
                {
                    var stdin = process.StandardInput.BaseStream;
                    await stdin.WriteAsync(Encoding.UTF8.GetBytes(input), timeout.Token).ConfigureAwait(false);
                    await stdin.FlushAsync(timeout.Token).ConfigureAwait(false);
                    stdin.Close();
                }
                catch (IOException)
                {
                    // The helper did not read its stdin (it exited early): its answer still tells.
                }
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return (process.ExitCode, await stdoutTask.ConfigureAwait(false), await stderrTask.ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new EngineException($"{program} {verb} did not answer within {_helperTimeout.TotalSeconds:0} s");
            }
        }
    }

    /// <summary>The X-Registry-Auth value: URL-safe base64 of the JSON credentials ("{}" when none).</summary>
    public static string EncodeHeader(RegistryAuth? auth)
    {
        var json = auth is null ? "{}"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(auth, EngineJsonContext.Default.RegistryAuth);
        return Convert.ToBase64String(json).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The X-Registry-Config value: base64 of a JSON map registry → credentials.</summary>
    public static string EncodeConfigHeader(IReadOnlyDictionary<string, RegistryAuth> auths)
    {
        var map = new Dictionary<string, RegistryAuth>(auths, StringComparer.Ordinal);
        var json = JsonSerializer.SerializeToUtf8Bytes(map, EngineJsonContext.Default.DictionaryStringRegistryAuth);
        return Convert.ToBase64String(json).Replace('+', '-').Replace('/', '_');
    }
}
