using System.Net;
using System.Net.Http.Headers;

namespace SharpCompose.Orchestration.Build;

/// <summary>
/// The body of <c>POST /build</c>: the context tar, produced while the request is being sent (chunked, no
/// length, nothing buffered beyond a few tens of KiB).
/// </summary>
public sealed class BuildContextContent : HttpContent
{
    private readonly BuildContext _context;

    public BuildContextContent(BuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _context.WriteToAsync(stream, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _context.WriteToAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
