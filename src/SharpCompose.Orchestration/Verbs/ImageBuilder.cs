using System.Text.Json;
using SharpCompose.Engine;
using SharpCompose.Model;
using SharpCompose.Orchestration.Build;
using SharpCompose.Orchestration.Progress;

namespace SharpCompose.Orchestration.Verbs;

/// <summary>The flags of <c>build</c> (and the build half of <c>up --build</c>).</summary>
public sealed record BuildOptions
{
    public bool NoCache { get; init; }

    public bool Pull { get; init; }

    public bool Quiet { get; init; }

    /// <summary>--build-arg KEY=VALUE overrides (KEY alone: from the environment).</summary>
    public IReadOnlyDictionary<string, string?> BuildArgs { get; init; } = new Dictionary<string, string?>();

    /// <summary>How many services build at once.</summary>
    public int Parallel { get; init; } = 2;
}

/// <summary>
/// Builds services' images through the engine's <c>POST /build</c> (the classic builder), the context streamed
/// from disk as a tar honouring .dockerignore, or, for a git or http(s) URL, fetched by the engine itself. The
/// output is reported line by line; a failing step fails the build with that step's error and the builder's last
/// lines.
/// </summary>
public sealed class ImageBuilder(ProjectSession session)
{
    public async Task<IReadOnlyList<(string Service, string ImageId)>> BuildAsync(IReadOnlyList<ServiceSpec> services, BuildOptions options, CancellationToken cancellationToken)
    {
        var built = new List<(string, string)>();
        using var gate = new SemaphoreSlim(Math.Max(1, options.Parallel));
        var results = await Task.WhenAll(services.Where(s => s.Build is not null).Select(async service =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (service.Name, await BuildOneAsync(service, options, cancellationToken).ConfigureAwait(false));
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        built.AddRange(results);
        return built;
    }

    private async Task<string> BuildOneAsync(ServiceSpec service, BuildOptions options, CancellationToken cancellationToken)
    {
        var build = service.Build!;
        var progress = session.Progress;
        if (build.BuildKitOnlyAttributes.Count > 0)
        {
            throw new OrchestrationException($"service \"{service.Name}\": build.{string.Join(", build.", build.BuildKitOnlyAttributes)} need BuildKit, which this engine's classic builder does not offer");
        }

        // A remote context (a git or http(s) URL) is fetched by the engine itself; a directory is sent as a tar.
        var remote = build.Context is { } url && RemoteContext.IsRemote(url) ? url : null;
        BuildContext? context = null;
        if (remote is not null)
        {
            if (!RemoteContext.IsFetchableByEngine(remote))
            {
                throw new OrchestrationException($"service \"{service.Name}\": build context \"{remote}\" cannot be fetched by the engine's classic builder (it takes http(s)://, git://, git@ and github.com/ URLs)");
            }

            if (build.DockerfileInline is not null)
            {
                throw new OrchestrationException($"service \"{service.Name}\": dockerfile_inline cannot be used with the remote build context \"{remote}\": the engine's classic builder reads the Dockerfile from what it fetches (use dockerfile: with a path in the repository)");
            }
        }
        else
        {
            try
            {
                context = BuildContext.Create(new BuildContextOptions
                {
                    ContextDirectory = build.Context ?? session.Project.WorkingDirectory,
                    Dockerfile = build.DockerfileInline is null ? build.Dockerfile : null,
                    DockerfileInline = build.DockerfileInline,
                });
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                throw new OrchestrationException($"service \"{service.Name}\": {e.Message}", inner: e);
            }
        }

        var image = ImageNames.Of(session.Project, service)!;
        var args = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in build.Args.Concat(options.BuildArgs))
        {
            args[key] = value ?? session.Project.Environment.GetValueOrDefault(key) ?? System.Environment.GetEnvironmentVariable(key);
        }

        var name = service.Name;
        progress.Working(ResourceKind.Service, name, "Building");
        var tail = new Queue<string>();
        string? imageId = null;
        try
        {
            await using var tar = context?.OpenRead(cancellationToken);
            await foreach (var message in session.Engine.Images.BuildAsync(tar, new ImageBuildOptions
            {
                Tags = new[] { image }.Concat(build.Tags).Distinct(StringComparer.Ordinal).ToList(),
                Dockerfile = context is not null ? context.Dockerfile.Name : build.Dockerfile,
                Remote = remote,
                BuildArgs = args.Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
                Target = build.Target,
                Labels = build.Labels.Count > 0 ? build.Labels : null,
                CacheFrom = build.CacheFrom.Count > 0 ? build.CacheFrom : null,
                NetworkMode = build.Network,
                ExtraHosts = build.ExtraHosts.Count > 0 ? build.ExtraHosts.Select(h => h.Host + ":" + h.Address).ToList() : null,
                ShmSize = build.ShmSize,
                NoCache = build.NoCache || options.NoCache,
                Pull = build.Pull || options.Pull,
                Remove = true,
                ForceRemove = true,
                Platform = service.Platform,
            }, cancellationToken).ConfigureAwait(false))
            {
                if (message.Aux is { ValueKind: JsonValueKind.Object } aux && aux.TryGetProperty("ID", out var id))
                {
                    imageId = id.GetString();
                }

                if (message.Stream is { } text)
                {
                    foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        tail.Enqueue(line);
                        if (tail.Count > 10)
                        {
                            tail.Dequeue();
                        }

                        if (!options.Quiet)
                        {
                            progress.Report(new ProgressEvent(ResourceKind.Service, name, "Building", ProgressStatus.Working, line.TrimEnd()));
                        }
                    }
                }
            }
        }
        catch (EngineException e) when (e is not EngineUnavailableException)
        {
            progress.Failed(ResourceKind.Service, name, "Error", e.Message);
            var last = tail.Count > 0 ? " (last output: " + string.Join(" | ", tail.TakeLast(4).Select(l => l.Trim())) + ")" : string.Empty;
            throw new OrchestrationException($"service \"{name}\" failed to build: {e.Message}{last}", inner: e);
        }

        imageId ??= (await session.Engine.Images.InspectAsync(image, cancellationToken).ConfigureAwait(false)).Id;
        progress.Done(ResourceKind.Service, name, "Built");
        return imageId;
    }
}
