using System.Runtime.CompilerServices;
using System.Text.Json;
using SharpCompose.Engine.Streams;
using SharpCompose.Engine.Transport;

namespace SharpCompose.Engine;

internal sealed class EngineImages(EngineChannel channel, RegistryCredentialStore credentials) : IEngineImages
{
    /// <summary>Splits "repo[:tag]" / "repo@digest" into repository and tag-or-digest (null when absent).</summary>
    internal static (string Repository, string? Tag) SplitReference(string image)
    {
        var at = image.IndexOf('@');
        if (at >= 0) return (image[..at], image[(at + 1)..]);
        var colon = image.LastIndexOf(':');
        var slash = image.LastIndexOf('/');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, null);
    }

    public async Task<IReadOnlyList<ImageSummary>> ListAsync(ImageListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImageListOptions();
        return await channel.GetJsonAsync("/images/json", new Query().AddIfTrue("all", options.All).AddFilters(options.Filters),
            EngineJsonContext.Default.ListImageSummary, cancellationToken).ConfigureAwait(false);
    }

    public Task<ImageInspect> InspectAsync(string name, CancellationToken cancellationToken = default) =>
        channel.GetJsonAsync($"/images/{name}/json", null, EngineJsonContext.Default.ImageInspect, cancellationToken);

    public async Task<ImageInspect?> TryInspectAsync(string name, CancellationToken cancellationToken = default)
    {
        try { return await InspectAsync(name, cancellationToken).ConfigureAwait(false); }
        catch (EngineNotFoundException) { return null; }
    }

    private async Task<string> AuthHeaderAsync(string image, RegistryAuth? explicitAuth, CancellationToken cancellationToken)
    {
        var auth = explicitAuth ?? await credentials.GetAsync(RegistryCredentialStore.RegistryOf(image), cancellationToken).ConfigureAwait(false);
        return RegistryCredentialStore.EncodeHeader(auth);
    }

    private async IAsyncEnumerable<ProgressMessage> ProgressAsync(string what, string path, Query query, EngineRequestBody? content,
        IReadOnlyList<KeyValuePair<string, string>> headers, CallBound bound, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await channel.BoundedAsync(what, bound, TimeSpan.Zero,
            ct => channel.SendAsync(HttpMethod.Post, path, query, content, headers, ct), cancellationToken).ConfigureAwait(false);
        await foreach (var message in JsonLineReader.ReadProgressAsync(response.Body, cancellationToken).ConfigureAwait(false))
            yield return message;
    }

    public async IAsyncEnumerable<ProgressMessage> PullAsync(string image, ImagePullOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ImagePullOptions();
        var (repository, tag) = SplitReference(image);
        var auth = await AuthHeaderAsync(image, options.Auth, cancellationToken).ConfigureAwait(false);
        var query = new Query().Add("fromImage", repository).Add("tag", tag ?? "latest").Add("platform", options.Platform);
        await foreach (var m in ProgressAsync("POST /images/create", "/images/create", query, null,
                           [new("X-Registry-Auth", auth)], CallBound.Request, cancellationToken).ConfigureAwait(false))
            yield return m;
    }

    public async IAsyncEnumerable<ProgressMessage> PushAsync(string image, ImagePushOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ImagePushOptions();
        var (repository, tag) = SplitReference(image);
        var auth = await AuthHeaderAsync(image, options.Auth, cancellationToken).ConfigureAwait(false);
        var path = $"/images/{repository}/push";
        await foreach (var m in ProgressAsync("POST " + path, path, new Query().Add("tag", tag), null,
                           [new("X-Registry-Auth", auth)], CallBound.Request, cancellationToken).ConfigureAwait(false))
            yield return m;
    }

    public Task TagAsync(string source, string target, CancellationToken cancellationToken = default)
    {
        var (repository, tag) = SplitReference(target);
        return channel.SendAsync(HttpMethod.Post, $"/images/{source}/tag", new Query().Add("repo", repository).Add("tag", tag), null, cancellationToken);
    }

    public async Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string name, ImageRemoveOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImageRemoveOptions();
        var query = new Query().AddIfTrue("force", options.Force).AddIfTrue("noprune", options.NoPrune);
        return await channel.BoundedAsync("DELETE /images", CallBound.Request, TimeSpan.Zero, async ct =>
        {
            using var response = await channel.SendAsync(HttpMethod.Delete, $"/images/{name}", query, null, null, ct).ConfigureAwait(false);
            return (IReadOnlyList<ImageDeleteItem>)await EngineChannel.ReadJsonAsync(response, EngineJsonContext.Default.ListImageDeleteItem, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ProgressMessage> BuildAsync(Stream? tarContext, ImageBuildOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ImageBuildOptions();
        var remote = string.IsNullOrEmpty(options.Remote) ? null : options.Remote;
        if (remote is null) ArgumentNullException.ThrowIfNull(tarContext);
        else if (tarContext is not null) throw new ArgumentException("a build takes a tar context or a remote one, not both", nameof(tarContext));
        var query = new Query().Add("remote", remote);
        foreach (var t in options.Tags ?? []) query.Add("t", t);
        query.Add("dockerfile", options.Dockerfile).Add("target", options.Target);
        if (options.BuildArgs is { Count: > 0 } args)
            query.Add("buildargs", JsonSerializer.Serialize(new Dictionary<string, string>(args!), EngineJsonContext.Default.DictionaryStringString));
        if (options.Labels is { Count: > 0 } labels)
            query.Add("labels", JsonSerializer.Serialize(new Dictionary<string, string>(labels), EngineJsonContext.Default.DictionaryStringString));
        if (options.CacheFrom is { Count: > 0 } cacheFrom)
            query.Add("cachefrom", JsonSerializer.Serialize(cacheFrom.ToArray(), EngineJsonContext.Default.StringArray));
        query.Add("networkmode", options.NetworkMode);
        foreach (var h in options.ExtraHosts ?? []) query.Add("extrahosts", h); // repeated, as the docker CLI sends it
        query.Add("shmsize", options.ShmSize).AddIfTrue("nocache", options.NoCache).AddIfTrue("pull", options.Pull)
            .Add("rm", options.Remove).AddIfTrue("forcerm", options.ForceRemove).AddIfTrue("q", options.Quiet).Add("platform", options.Platform);

        var auths = options.RegistryAuths ?? await credentials.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var registryConfig = RegistryCredentialStore.EncodeConfigHeader(auths);

        // Sent chunked as it is read: the context is never buffered. A remote context: no body.
        var content = tarContext is null ? null : EngineRequestBody.Tar(tarContext);
        await foreach (var m in ProgressAsync("POST /build", "/build", query, content,
                           [new("X-Registry-Config", registryConfig)], CallBound.Unbounded, cancellationToken).ConfigureAwait(false))
            yield return m;
    }
}


internal sealed class EngineNetworks(EngineChannel channel) : IEngineNetworks
{
    private static string Id(string id) => Uri.EscapeDataString(id);

    public Task<NetworkCreateResponse> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken = default)
    {
        if (channel.ApiVersion.NeedsCheckDuplicate && request.CheckDuplicate is null) request = request with { CheckDuplicate = true };
        if (!channel.ApiVersion.NeedsCheckDuplicate) request = request with { CheckDuplicate = null };
        return channel.SendJsonAsync(HttpMethod.Post, "/networks/create", null, request, EngineJsonContext.Default.NetworkCreateRequest,
            EngineJsonContext.Default.NetworkCreateResponse, cancellationToken);
    }

    public Task<NetworkInspect> InspectAsync(string idOrName, CancellationToken cancellationToken = default) =>
        channel.GetJsonAsync($"/networks/{Id(idOrName)}", null, EngineJsonContext.Default.NetworkInspect, cancellationToken);

    public async Task<NetworkInspect?> TryInspectAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        try { return await InspectAsync(idOrName, cancellationToken).ConfigureAwait(false); }
        catch (EngineNotFoundException) { return null; }
    }

    public async Task<IReadOnlyList<NetworkInspect>> ListAsync(NetworkListOptions? options = null, CancellationToken cancellationToken = default) =>
        await channel.GetJsonAsync("/networks", new Query().AddFilters(options?.Filters), EngineJsonContext.Default.ListNetworkInspect, cancellationToken)
            .ConfigureAwait(false);

    public async Task ConnectAsync(string network, string container, NetworkConnectOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NetworkConnectOptions();
        var settings = new EndpointSettings
        {
            Aliases = options.Aliases,
            Links = options.Links,
            DriverOpts = options.DriverOpts,
            IPAMConfig = options.IPv4Address is null && options.IPv6Address is null
                ? null
                : new EndpointIpamConfig { IPv4Address = options.IPv4Address, IPv6Address = options.IPv6Address },
        };
        var content = EngineChannel.JsonContent(new NetworkConnectRequest { Container = container, EndpointConfig = settings },
            EngineJsonContext.Default.NetworkConnectRequest);
        await channel.SendAsync(HttpMethod.Post, $"/networks/{Id(network)}/connect", null, content, cancellationToken).ConfigureAwait(false);
    }

    public async Task DisconnectAsync(string network, string container, bool force = false, CancellationToken cancellationToken = default)
    {
        var content = EngineChannel.JsonContent(new NetworkDisconnectRequest { Container = container, Force = force },
            EngineJsonContext.Default.NetworkDisconnectRequest);
        await channel.SendAsync(HttpMethod.Post, $"/networks/{Id(network)}/disconnect", null, content, cancellationToken).ConfigureAwait(false);
    }

    public Task RemoveAsync(string idOrName, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Delete, $"/networks/{Id(idOrName)}", null, null, cancellationToken);
}

internal sealed class EngineVolumes(EngineChannel channel) : IEngineVolumes
{
    private static string Id(string id) => Uri.EscapeDataString(id);

    public Task<Volume> CreateAsync(VolumeCreateRequest request, CancellationToken cancellationToken = default) =>
        channel.SendJsonAsync(HttpMethod.Post, "/volumes/create", null, request, EngineJsonContext.Default.VolumeCreateRequest,
            EngineJsonContext.Default.Volume, cancellationToken);

    public Task<Volume> InspectAsync(string name, CancellationToken cancellationToken = default) =>
        channel.GetJsonAsync($"/volumes/{Id(name)}", null, EngineJsonContext.Default.Volume, cancellationToken);

    public async Task<Volume?> TryInspectAsync(string name, CancellationToken cancellationToken = default)
    {
        try { return await InspectAsync(name, cancellationToken).ConfigureAwait(false); }
        catch (EngineNotFoundException) { return null; }
    }

    public async Task<IReadOnlyList<Volume>> ListAsync(VolumeListOptions? options = null, CancellationToken cancellationToken = default) =>
        (await channel.GetJsonAsync("/volumes", new Query().AddFilters(options?.Filters), EngineJsonContext.Default.VolumeListResponse, cancellationToken)
            .ConfigureAwait(false)).Volumes ?? [];

    public Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default) =>
        channel.SendAsync(HttpMethod.Delete, $"/volumes/{Id(name)}", new Query().AddIfTrue("force", force), null, cancellationToken);
}
