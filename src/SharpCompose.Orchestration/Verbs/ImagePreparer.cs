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

/// <summary>Makes sure every service has its image: pulled or built per pull_policy and the flags, as Compose v2.</summary>
public sealed class ImagePreparer(ProjectSession session)
{
    public async Task<PreparedImages> PrepareAsync(IReadOnlyList<ServiceSpec> services, ImageOptions options, CancellationToken cancellationToken)
    {
        services = services.Select(s => ImageNames.WithImage(session.Project, s)).ToList();
        var engine = session.Engine;
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var rebuilt = new System.Collections.Concurrent.ConcurrentBag<string>();
        var toBuild = new List<ServiceSpec>();
        var byImage = services.Where(s => s.Image is not null).GroupBy(s => s.Image!, StringComparer.Ordinal).ToList();
        var inspected = new Dictionary<string, ImageInspect?>(StringComparer.Ordinal);
        var inspections = await Task.WhenAll(byImage.Select(async g => (g.Key, Image: await engine.Images.TryInspectAsync(g.Key, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        foreach (var (image, result) in inspections)
        {
            inspected[image] = result;
        }

        var pulls = new List<Task>();
        foreach (var service in services)
        {
            if (service.Image is null)
            {
                continue;
            }

            var present = inspected[service.Image];
            var policy = (options.Pull ?? service.PullPolicy ?? (service.Build is null ? "missing" : "build-if-missing")).ToLowerInvariant();
            if (service.Build is not null && !options.NoBuild && (options.Build || policy == "build" || (present is null && policy != "always")))
            {
                toBuild.Add(service);
                continue;
            }

            var pull = policy switch
            {
                "always" => true,
                "never" => false,
                "build" => false,
                _ => present is null,
            };
            if (pull)
            {
                pulls.Add(PullAsync(service, options.QuietPull, ids, cancellationToken));
            }
            else if (present is null)
            {
                throw new OrchestrationException(service.Build is not null
                    ? $"service \"{service.Name}\" has no image {service.Image} and --no-build was given"
                    : $"image {service.Image} of service \"{service.Name}\" is not present locally and pull_policy is \"{policy}\"");
            }
            else
            {
                ids[service.Name] = present.Id;
            }
        }

        await Task.WhenAll(pulls).ConfigureAwait(false);
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

    private async Task PullAsync(ServiceSpec service, bool quiet, System.Collections.Concurrent.ConcurrentDictionary<string, string> ids, CancellationToken cancellationToken)
    {
        var image = service.Image!;
        var progress = session.Progress;
        progress.Working(ResourceKind.Image, image, "Pulling");
        try
        {
            await foreach (var message in new ImagePuller(session.Engine).PullAsync(image, service.Platform, cancellationToken).ConfigureAwait(false))
            {
                if (!quiet && message.Id is { } layer && message.ProgressDetail is { Total: > 0 } detail)
                {
                    progress.Report(new ProgressEvent(ResourceKind.Image, layer, message.Status ?? string.Empty, ProgressStatus.Working, ParentName: image, Current: detail.Current ?? 0, Total: detail.Total ?? 0));
                }
            }
        }
        catch (EngineException e)
        {
            progress.Failed(ResourceKind.Image, image, "Error", e.Message);
            throw new OrchestrationException($"service \"{service.Name}\": pulling image {image} failed: {e.Message}", inner: e);
        }

        progress.Done(ResourceKind.Image, image, "Pulled");
        var inspect = await session.Engine.Images.InspectAsync(image, cancellationToken).ConfigureAwait(false);
        ids[service.Name] = inspect.Id;
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
}
