using System.Net;

namespace SharpCompose.Engine;

/// <summary>An error reported by, or about, the Docker Engine. <see cref="StatusCode"/> is null when no HTTP status applies.</summary>
public class EngineException : Exception
{
    public EngineException(string message, HttpStatusCode? statusCode = null, Exception? inner = null)
        : base(message, inner) => StatusCode = statusCode;

    public HttpStatusCode? StatusCode { get; }

    internal static EngineException FromStatus(HttpStatusCode status, string message) => status switch
    {
        HttpStatusCode.NotFound => new EngineNotFoundException(message),
        HttpStatusCode.Conflict => new EngineConflictException(message),
        HttpStatusCode.BadRequest => new EngineBadRequestException(message),
        HttpStatusCode.NotModified => new EngineNotModifiedException(message),
        >= HttpStatusCode.InternalServerError => new EngineServerErrorException(message, status),
        _ => new EngineException(message, status),
    };
}

/// <summary>404: no such container, image, network, volume or exec.</summary>
public sealed class EngineNotFoundException(string message) : EngineException(message, HttpStatusCode.NotFound);

/// <summary>409: name in use, container running, ...</summary>
public sealed class EngineConflictException(string message) : EngineException(message, HttpStatusCode.Conflict);

/// <summary>400: the engine refused the request's parameters.</summary>
public sealed class EngineBadRequestException(string message) : EngineException(message, HttpStatusCode.BadRequest);

/// <summary>304 where it is not treated as success.</summary>
public sealed class EngineNotModifiedException(string message) : EngineException(message, HttpStatusCode.NotModified);

/// <summary>5xx: the engine failed.</summary>
public sealed class EngineServerErrorException(string message, HttpStatusCode status) : EngineException(message, status);

/// <summary>The engine cannot be reached, or did not answer in time. The message names the endpoint and the fix.</summary>
public sealed class EngineUnavailableException(string message, Exception? inner = null) : EngineException(message, null, inner);

/// <summary>The endpoint is not a usable Docker Engine API (no Api-Version header, or too old).</summary>
public sealed class EngineIncompatibleException(string message) : EngineException(message);

/// <summary>An "error" message inside a pull, push or build progress stream.</summary>
public sealed class EngineProgressException(string message, int? code = null) : EngineException(message)
{
    public int? Code { get; } = code;
}
