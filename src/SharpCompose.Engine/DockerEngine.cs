using SharpCompose.Engine.Transport;

namespace SharpCompose.Engine;

/// <summary>The Docker Engine API client. Create with <see cref="ConnectAsync(EngineOptions, CancellationToken)"/>.</summary>
public sealed class DockerEngine : IDockerEngine
{
    private readonly EngineChannel _channel;

    private DockerEngine(EngineChannel channel, RegistryCredentialStore credentials, EngineApiVersion serverApiVersion)
    {
        _channel = channel;
        ServerApiVersion = serverApiVersion;
        System = new EngineSystem(channel);
        Containers = new EngineContainers(channel);
        Exec = new EngineExecs(channel);
        Images = new EngineImages(channel, credentials);
        Networks = new EngineNetworks(channel);
        Volumes = new EngineVolumes(channel);
    }

    public EngineEndpoint Endpoint => _channel.Endpoint;
    public EngineApiVersion ApiVersion => _channel.ApiVersion;
    public EngineApiVersion ServerApiVersion { get; }
    public IEngineSystem System { get; }
    public IEngineContainers Containers { get; }
    public IEngineExecs Exec { get; }
    public IEngineImages Images { get; }
    public IEngineNetworks Networks { get; }
    public IEngineVolumes Volumes { get; }

    /// <summary>
    /// Connects: pings the engine (bounded by <see cref="EngineOptions.PingTimeout"/>) and negotiates the API version.
    /// Throws <see cref="EngineUnavailableException"/> (unreachable, silent) or <see cref="EngineIncompatibleException"/>.
    /// </summary>
    public static async Task<DockerEngine> ConnectAsync(EngineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var channel = new EngineChannel(options);
        try
        {
            var header = await channel.PingAsync(cancellationToken).ConfigureAwait(false);
            channel.ApiVersion = EngineApiVersion.Negotiate(header, options.PinnedApiVersion ?? options.Endpoint.PinnedApiVersion,
                options.Endpoint.Host);
            var credentials = new RegistryCredentialStore(options.DockerConfigDirectory ?? RegistryCredentialStore.DefaultConfigDirectory(),
                helperDirectories: options.CredentialHelperDirectories);
            var server = EngineApiVersion.TryParse(header, out var spoken) ? spoken : channel.ApiVersion;
            return new DockerEngine(channel, credentials, server);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>Connects to the endpoint resolved from the process environment (DOCKER_HOST, contexts, default socket).</summary>
    public static Task<DockerEngine> ConnectAsync(CancellationToken cancellationToken = default) =>
        ConnectAsync(new EngineOptions { Endpoint = EngineEndpoint.FromEnvironment() }, cancellationToken);

    public void Dispose() => _channel.Dispose();
}
