using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SharpCompose.Engine.Streams;

/// <summary>Reads a stream of JSON messages (one per line, as the engine writes them), one at a time.</summary>
internal static class JsonLineReader
{
    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, JsonTypeInfo<T> typeInfo,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (IOException e)
            {
                throw new EngineUnavailableException($"the connection to the Docker Engine broke while streaming: {e.Message}", e);
            }
            if (line is null) yield break;
            if (string.IsNullOrWhiteSpace(line)) continue;
            T? item;
            try
            {
                item = JsonSerializer.Deserialize(line, typeInfo);
            }
            catch (JsonException e)
            {
                throw new EngineException($"the engine sent an unreadable stream message: {e.Message}", null, e);
            }
            if (item is not null) yield return item;
        }
    }

    /// <summary>Progress messages; an error message throws <see cref="EngineProgressException"/>.</summary>
    public static async IAsyncEnumerable<ProgressMessage> ReadProgressAsync(Stream stream,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var m in ReadAsync(stream, EngineJsonContext.Default.ProgressMessage, cancellationToken).ConfigureAwait(false))
        {
            if (m.ErrorDetail is { Message: { Length: > 0 } detail })
                throw new EngineProgressException(detail.Trim(), m.ErrorDetail.Code);
            if (!string.IsNullOrEmpty(m.Error))
                throw new EngineProgressException(m.Error.Trim());
            yield return m;
        }
    }
}
