using System.Runtime.CompilerServices;
using SharpCompose.Engine.Streams;
using SharpCompose.Engine.Transport;

namespace SharpCompose.Engine;

internal sealed class EngineSystem(EngineChannel channel) : IEngineSystem
{
    public Task PingAsync(CancellationToken cancellationToken = default) => channel.PingAsync(cancellationToken);

    public Task<EngineVersion> GetVersionAsync(CancellationToken cancellationToken = default) =>
        channel.GetJsonAsync("/version", null, EngineJsonContext.Default.EngineVersion, cancellationToken);

    public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        channel.GetJsonAsync("/info", null, EngineJsonContext.Default.EngineInfo, cancellationToken);

    public async IAsyncEnumerable<EngineEvent> GetEventsAsync(EventsOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new EventsOptions();
        var query = new Query().Add("since", options.Since).Add("until", options.Until).AddFilters(options.Filters);
        using var response = await channel.BoundedAsync("GET /events", CallBound.Request, TimeSpan.Zero,
            ct => channel.SendAsync(HttpMethod.Get, "/events", query, null, null, ct), cancellationToken).ConfigureAwait(false);
        await foreach (var e in JsonLineReader.ReadAsync(response.Body, EngineJsonContext.Default.EngineEvent, cancellationToken).ConfigureAwait(false))
            yield return e;
    }
}
