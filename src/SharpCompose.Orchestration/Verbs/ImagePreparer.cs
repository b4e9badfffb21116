using System.Globalization;
using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>The image flags of up/run/create: --build, --no-build, --pull, --quiet-pull.</summary>
public sealed record ImageOptions
{
    /// <summary>--build: build every service that has a build section, before starting.</summary>
    public bool Build { get; init; }

    /// <summary>--no-build: never build; a missing image is an error.</summary>
    public bool NoBuild { get; init; }

    /// <summary>--pull always|missing|never|build (overrides pull_policy).</summary>
    public string? Pull { get; init; }

    public bool QuietPull { get; init; }

    /// <summary>Build options passed through to the builder (--no-cache etc.).</summary>
    public BuildOptions BuildOptions { get; init; } = new();
}

/// <summary>Images resolved for a set of services: image id per service, and the services just rebuilt.</summary>
public sealed record PreparedImages(IReadOnlyDictionary<string, string> Ids, IReadOnlyCollection<string> Rebuilt);

/// <summary>What to do about one service's image.</summary>
public enum ImageAction
{
    /// <summary>The local image as it is.</summary>
    UseLocal,
    Pull,
    Build,
    /// <summary>Not here, and neither a pull nor a build is allowed: an error.</summary>
    Unavailable,
}

/// <summary>A local image as the decision needs it: present, and when a tag last pointed at it.</summary>
public sealed record LocalImage(string Id, DateTimeOffset? LastTagTime)
{
    public static LocalImage From(ImageInspect inspect) =>
        new(inspect.Id, DateTimeOffset.TryParse(inspect.Metadata?.LastTagTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at.Year > 1 ? at : null);
}

/// <summary>Makes sure every service has its image: pulled or built per pull_policy and the flags, as Compose v2.</summary>
public sealed class ImagePreparer(ProjectSession session)
{
    /// <summary>
    /// PURE: pull, build, use what is here, or fail, for one service (Compose v2's <c>mustPull</c> and build rules).
    /// --pull overrides pull_policy; no policy means "missing". daily / weekly / every_&lt;interval&gt; pull when the
    /// image is missing or its last pull (the engine's LastTagTime) is older than the interval at <paramref name="now"/>.
    /// </summary>
    public static ImageAction Decide(ServiceSpec service, ImageOptions options, LocalImage? present, DateTimeOffset now)
    {
        var policy = PolicyOf(service, options);
        if (service.Build is not null && !options.NoBuild && (options.Build || policy.Kind == PullPolicyKind.Build || (present is null && policy.Kind != PullPolicyKind.Always)))
        {
            return ImageAction.Build;
        }

        var pull = policy.Kind switch
        {
            PullPolicyKind.Always => true,
            PullPolicyKind.Never or PullPolicyKind.Build => false,
            PullPolicyKind.Refresh => present is null || policy.IsDue(present.LastTagTime, now),
            _ => present is null,
        };
        return pull ? ImageAction.Pull : present is null ? ImageAction.Unavailable : ImageAction.UseLocal;
    }

    /// <summary>--pull (always|missing|never|build, any case) over pull_policy (validated by the loader).</summary>
    public static ImagePullPolicy PolicyOf(ServiceSpec service, ImageOptions options) =>
        options.Pull is { } flag ? ImagePullPolicy.TryParse(flag.ToLowerInvariant(), out var forced, out _) ? forced : ImagePullPolicy.Missing
        : service.PullPolicy is { } text && ImagePullPolicy.TryParse(text, out var policy, out _) ? policy : ImagePullPolicy.Missing;

    public async Task<PreparedImages> PrepareAsync(IReadOnlyList<ServiceSpec> services, ImageOptions options, CancellationToken cancellationToken)
    {
        services = services.Select(s => ImageNames.WithImage(session.Project, s)).ToList();
        var engine = session.Engine;
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var rebuilt = new System.Collections.Concurrent.ConcurrentBag<string>();
        var toBuild = new List<ServiceSpec>();
        var byImage = services.Where(s => s.Image is not null).GroupBy(s => s.Image!, StringComparer.Ordinal).ToList();
        var inspected = new Dictionary<string, LocalImage?>(StringComparer.Ordinal);
        var inspections = await Task.WhenAll(byImage.Select(async g => (g.Key, Image: await engine.Images.TryInspectAsync(g.Key, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        foreach (var (image, result) in inspections)
        {
            inspected[image] = result is null ? null : LocalImage.From(result);
        }

        var now = session.Time.GetUtcNow();
        var pulls = new List<Task>();
        var fallBackToBuild = new System.Collections.Concurrent.ConcurrentBag<ServiceSpec>();
        var pullsByImage = new Dictionary<string, Task<string>>(StringComparer.Ordinal); // one pull per image
        foreach (var service in services)
        {
            if (service.Image is null)
            {
                continue;
            }

            var present = inspected[service.Image];
            switch (Decide(service, options, present, now))
            {
                case ImageAction.Build:
                    toBuild.Add(service);
                    break;
                case ImageAction.Pull:
                    pulls.Add(PullOrFallBackAsync(service, present, options, pullsByImage, ids, fallBackToBuild, cancellationToken));
                    break;
                case ImageAction.Unavailable:
                    throw new OrchestrationException(service.Build is not null
                        ? $"service \"{service.Name}\" has no image {service.Image} and --no-build was given"
                        : $"image {service.Image} of service \"{service.Name}\" is not present locally and pull_policy is \"{options.Pull ?? service.PullPolicy}\"");
                default:
                    ids[service.Name] = present!.Id;
                    break;
            }
        }

        await Task.WhenAll(pulls).ConfigureAwait(false);
        toBuild.AddRange(fallBackToBuild.OrderBy(s => s.Name, StringComparer.Ordinal));
        if (toBuild.Count > 0)
        {
            var built = await new ImageBuilder(session).BuildAsync(toBuild, options.BuildOptions, cancellationToken).ConfigureAwait(false);
            foreach (var (service, id) in built)
            {
                ids[service] = id;
                rebuilt.Add(service);
            }
        }

        return new PreparedImages(new Dictionary<string, string>(ids, StringComparer.Ordinal), rebuilt.ToList());
    }

    /// <summary>
    /// Pulls; like Compose v2, a service that can be built does not fail on a failed pull: it keeps the image it has,
    /// or builds one.
    /// </summary>
    private async Task PullOrFallBackAsync(ServiceSpec service, LocalImage? present, ImageOptions options,
        Dictionary<string, Task<string>> pullsByImage,
        System.Collections.Concurrent.ConcurrentDictionary<string, string> ids, System.Collections.Concurrent.ConcurrentBag<ServiceSpec> fallBackToBuild,
        CancellationToken cancellationToken)
    {
        try
        {
            Task<string> pull;
            lock (pullsByImage)
            {
                if (!pullsByImage.TryGetValue(service.Image!, out pull!))
                {
                    pullsByImage[service.Image!] = pull = PullAsync(service, options.QuietPull, PolicyOf(service, options).Kind == PullPolicyKind.Refresh, cancellationToken);
                }
            }

            ids[service.Name] = await pull.ConfigureAwait(false);
        }
        catch (OrchestrationException e) when (service.Build is not null && !options.NoBuild && e.InnerException is EngineException)
        {
            session.Progress.Warning(ResourceKind.Image, service.Image!, "Warning",
                $"{e.Message}; {(present is not null ? "using the local image" : "building it")}");
            if (present is not null)
            {
                ids[service.Name] = present.Id;
            }
            else
            {
                fallBackToBuild.Add(service);
            }
        }
    }

    private async Task<string> PullAsync(ServiceSpec service, bool quiet, bool recordPull, CancellationToken cancellationToken)
    {
        var image = service.Image!;
        var progress = session.Progress;
        var puller = new ImagePuller(session.Engine);
        progress.Working(ResourceKind.Image, image, "Pulling");
        try
        {
            await foreach (var message in puller.PullAsync(image, service.Platform, cancellationToken).ConfigureAwait(false))
            {
                if (!quiet && message.Id is { } layer && message.ProgressDetail is { Total: > 0 } detail)
                {
                    progress.Report(new ProgressEvent(ResourceKind.Image, layer, message.Status ?? string.Empty, ProgressStatus.Working, ParentName: image, Current: detail.Current ?? 0, Total: detail.Total ?? 0));
                }
            }

            if (recordPull)
            {
                await puller.RecordPullAsync(image, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (EngineException e)
        {
            progress.Failed(ResourceKind.Image, image, "Error", e.Message);
            throw new OrchestrationException($"service \"{service.Name}\": pulling image {image} failed: {e.Message}", inner: e);
        }

        progress.Done(ResourceKind.Image, image, "Pulled");
        var inspect = await session.Engine.Images.InspectAsync(image, cancellationToken).ConfigureAwait(false);
        return inspect.Id;
    }
}

/// <summary>Pulls with the registry credentials from ~/.docker/config.json (auths, credsStore, credHelpers).</summary>
public sealed class ImagePuller(IDockerEngine engine)
{
    public async IAsyncEnumerable<ProgressMessage> PullAsync(string image, string? platform, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var store = new RegistryCredentialStore(RegistryCredentialStore.DefaultConfigDirectory());
        RegistryAuth? auth = null;
        try
        {
            auth = await store.GetAsync(RegistryCredentialStore.RegistryOf(image), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A broken credential helper must not stop an anonymous pull.
        }

        await foreach (var message in engine.Images.PullAsync(image, new ImagePullOptions { Auth = auth, Platform = platform }, cancellationToken).ConfigureAwait(false))
        {
            yield return message;
        }
    }

    /// <summary>
    /// Makes the engine note "now" as the image's last tag time, by tagging the image onto its own name. Compose
    /// v2 reads that time (image inspect Metadata.LastTagTime) as "last pulled" for pull_policy daily / weekly /
    /// every_&lt;interval&gt;, but a 20.10 engine does not set it when a pull brings new content, nor when the image
    /// was already up to date: without this, such a policy would pull on every up. A digest reference cannot be
    /// tagged and never changes: nothing to record.
    /// </summary>
    public async Task RecordPullAsync(string image, CancellationToken cancellationToken)
    {
        if (!image.Contains('@', StringComparison.Ordinal))
        {
            await engine.Images.TagAsync(image, image, cancellationToken).ConfigureAwait(false);
        }
    }
}
