using System.Globalization;

namespace SharpCompose.Engine;

/// <summary>A Docker Engine API version such as 1.41, with the feature gates the orchestrator needs.</summary>
public readonly record struct EngineApiVersion(int Major, int Minor) : IComparable<EngineApiVersion>
{
    /// <summary>The newest API version this client speaks.</summary>
    public static readonly EngineApiVersion ClientMax = new(1, 47);
    /// <summary>The oldest API version this client accepts.</summary>
    public static readonly EngineApiVersion Minimum = new(1, 41);

    public static EngineApiVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"\"{text}\" is not an API version like 1.41");

    public static bool TryParse(string? text, out EngineApiVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        if (t.StartsWith('v') || t.StartsWith('V')) t = t[1..];
        var parts = t.Split('.');
        if (parts.Length != 2) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) return false;
        version = new EngineApiVersion(major, minor);
        return true;
    }

    public int CompareTo(EngineApiVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(EngineApiVersion a, EngineApiVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(EngineApiVersion a, EngineApiVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(EngineApiVersion a, EngineApiVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(EngineApiVersion a, EngineApiVersion b) => a.CompareTo(b) >= 0;

    public static EngineApiVersion Min(EngineApiVersion a, EngineApiVersion b) => a <= b ? a : b;

    /// <summary>Container create accepts several EndpointsConfig entries (API 1.44+); before, connect the rest after create.</summary>
    public bool SupportsMultipleNetworksAtCreate => this >= new EngineApiVersion(1, 44);
    /// <summary>Network create needs CheckDuplicate=true to refuse duplicate names (deprecated from 1.44).</summary>
    public bool NeedsCheckDuplicate => this < new EngineApiVersion(1, 44);
    /// <summary>Healthcheck StartInterval is honoured (API 1.44+).</summary>
    public bool SupportsHealthStartInterval => this >= new EngineApiVersion(1, 44);
    /// <summary>EndpointSettings.MacAddress per network at create (API 1.44+).</summary>
    public bool SupportsPerNetworkMacAddress => this >= new EngineApiVersion(1, 44);
    /// <summary>Volume mount Subpath (API 1.45+).</summary>
    public bool SupportsVolumeSubpath => this >= new EngineApiVersion(1, 45);

    /// <summary>"1.41".</summary>
    public override string ToString() => Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The version rule: a pinned version (DOCKER_API_VERSION) wins; otherwise min(client max, server's Api-Version).
    /// A missing header means the endpoint is not a Docker Engine API; a server older than 1.41 is refused.
    /// </summary>
    public static EngineApiVersion Negotiate(string? serverApiVersionHeader, EngineApiVersion? pinned, string endpoint)
    {
        if (pinned is { } p)
        {
            if (p < Minimum)
                throw new EngineIncompatibleException(
                    $"the API version {p} pinned by DOCKER_API_VERSION is older than {Minimum}, the oldest SharpCompose supports");
            return p;
        }
        if (string.IsNullOrWhiteSpace(serverApiVersionHeader))
            throw new EngineIncompatibleException(
                $"{endpoint} answered /_ping without an Api-Version header: it is not a Docker Engine API");
        if (!TryParse(serverApiVersionHeader, out var server))
            throw new EngineIncompatibleException(
                $"{endpoint} answered /_ping with an unreadable Api-Version \"{serverApiVersionHeader}\": it is not a Docker Engine API");
        if (server < Minimum)
            throw new EngineIncompatibleException(
                $"the Docker Engine at {endpoint} speaks API {server}, older than {Minimum} (Docker 20.10), the oldest SharpCompose supports: upgrade the engine");
        return Min(ClientMax, server);
    }
}
