using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>One image a service uses, for <c>images</c>.</summary>
public sealed record ServiceImage(string Container, string Repository, string Tag, string Id, long Size, long Created);

/// <summary><c>build</c>, <c>pull</c>, <c>push</c>, <c>images</c>.</summary>
public sealed class ImageVerbs(ProjectSession session)
{
    public async Task BuildAsync(IReadOnlyCollection<string> services, BuildOptions options, CancellationToken cancellationToken)
    {
        var selected = session.SelectServices(services, noDeps: true).Where(s => s.Build is not null).ToList();
        await new ImageBuilder(session).BuildAsync(selected, options, cancellationToken).ConfigureAwait(false);
    }

    public async Task PullAsync(IReadOnlyCollection<string> services, bool includeDeps, bool ignoreFailures, bool quiet, string? policy, CancellationToken cancellationToken)
    {
        var selected = session.SelectServices(services, noDeps: !includeDeps);
        var failures = new List<string>();
        var byImage = selected.Where(s => s.Image is not null && (s.Build is null || s.PullPolicy is "always" || policy is "always"))
            .GroupBy(s => s.Image!, StringComparer.Ordinal).ToList();
        await Task.WhenAll(byImage.Select(async group =>
        {
            var image = group.Key;
            var service = group.First();
            if (policy is "missing" or "if_not_present" && await session.Engine.Images.TryInspectAsync(image, cancellationToken).ConfigureAwait(false) is not null)
            {
                session.Progress.Done(ResourceKind.Image, image, "Skipped - Image is already present locally");
                return;
            }

            session.Progress.Working(ResourceKind.Image, image, "Pulling");
            var puller = new ImagePuller(session.Engine);
            try
            {
                await foreach (var message in puller.PullAsync(image, service.Platform, cancellationToken).ConfigureAwait(false))
                {
                    if (!quiet && message.Id is { } layer && message.ProgressDetail is { Total: > 0 } detail)
                    {
                        session.Progress.Report(new ProgressEvent(ResourceKind.Image, layer, message.Status ?? string.Empty, ProgressStatus.Working, ParentName: image, Current: detail.Current ?? 0, Total: detail.Total ?? 0));
                    }
                }

                // A later up under daily / weekly / every_<interval> counts from this pull.
                if (group.Any(s => ImagePullPolicy.TryParse(s.PullPolicy, out var p, out _) && p.Kind == PullPolicyKind.Refresh))
                {
                    await puller.RecordPullAsync(image, cancellationToken).ConfigureAwait(false);
                }

                session.Progress.Done(ResourceKind.Image, image, "Pulled");
            }
            catch (EngineException e)
            {
                session.Progress.Failed(ResourceKind.Image, image, "Error", e.Message);
                lock (failures)
                {
                    failures.Add($"{image}: {e.Message}");
                }
            }
        })).ConfigureAwait(false);
        if (failures.Count > 0 && !ignoreFailures)
        {
            throw new OrchestrationException("pull failed: " + string.Join("; ", failures));
        }
    }

    public async Task PushAsync(IReadOnlyCollection<string> services, bool ignoreFailures, CancellationToken cancellationToken)
    {
        var selected = session.SelectServices(services, noDeps: true).Where(s => s.Build is not null).Select(s => ImageNames.WithImage(session.Project, s)).ToList();
        var store = new RegistryCredentialStore(RegistryCredentialStore.DefaultConfigDirectory());
        var failures = new List<string>();
        foreach (var image in selected.SelectMany(s => new[] { s.Image! }.Concat(s.Build!.Tags)).Distinct(StringComparer.Ordinal))
        {
            session.Progress.Working(ResourceKind.Image, image, "Pushing");
            try
            {
                var auth = await store.GetAsync(RegistryCredentialStore.RegistryOf(image), cancellationToken).ConfigureAwait(false);
                await foreach (var message in session.Engine.Images.PushAsync(image, new ImagePushOptions { Auth = auth }, cancellationToken).ConfigureAwait(false))
                {
                    if (message.Id is { } layer && message.ProgressDetail is { Total: > 0 } detail)
                    {
                        session.Progress.Report(new ProgressEvent(ResourceKind.Image, layer, message.Status ?? string.Empty, ProgressStatus.Working, ParentName: image, Current: detail.Current ?? 0, Total: detail.Total ?? 0));
                    }
                }

                session.Progress.Done(ResourceKind.Image, image, "Pushed");
            }
            catch (EngineException e)
            {
                session.Progress.Failed(ResourceKind.Image, image, "Error", e.Message);
                failures.Add($"{image}: {e.Message}");
            }
        }

        if (failures.Count > 0 && !ignoreFailures)
        {
            throw new OrchestrationException("push failed: " + string.Join("; ", failures));
        }
    }

    /// <summary>The images of the project's containers (Compose v2's <c>images</c>).</summary>
    public async Task<IReadOnlyList<ServiceImage>> ListAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        var containers = await new LifecycleVerbs(session).ContainersAsync(services, all: true, cancellationToken).ConfigureAwait(false);
        var images = await Task.WhenAll(containers.Select(async c =>
        {
            var inspect = await session.Engine.Images.TryInspectAsync(c.Summary.ImageID ?? c.Summary.Image ?? string.Empty, cancellationToken).ConfigureAwait(false);
            var reference = inspect?.RepoTags?.FirstOrDefault() ?? c.Summary.Image ?? "<none>";
            var colon = reference.LastIndexOf(':');
            var (repo, tag) = colon > reference.LastIndexOf('/') && colon > 0 ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
            var created = inspect?.Created is { } at && DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeSeconds() : 0;
            return new ServiceImage(c.Name, repo, tag, inspect?.Id ?? c.Summary.ImageID ?? string.Empty, inspect?.Size ?? 0, created);
        })).ConfigureAwait(false);
        return images;
    }
}
