using System.Text.Json;

namespace SharpCompose.Engine;

/// <summary>
/// Reads GET /containers/json by hand with <see cref="Utf8JsonReader"/>. Every command lists containers first, and
/// the source-generated metadata for this type graph costs a CLI start ~180 methods to JIT (≈ 35 ms); this costs none.
/// Unknown properties are skipped, like the serializer does; names match case-insensitively like
/// <see cref="EngineJsonContext"/>.
/// </summary>
internal static class ContainerListReader
{
    public static List<ContainerSummary> Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        reader.Read();
        var result = new List<ContainerSummary>();
        if (reader.TokenType == JsonTokenType.Null) return result;
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            result.Add(ReadSummary(ref reader));
        return result;
    }

    private static ContainerSummary ReadSummary(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var summary = new ContainerSummary();
        while (NextProperty(ref reader, out var name))
        {
            summary = name switch
            {
                "id" => summary with { Id = String(ref reader) ?? "" },
                "names" => summary with { Names = Strings(ref reader) },
                "image" => summary with { Image = String(ref reader) },
                "imageid" => summary with { ImageID = String(ref reader) },
                "command" => summary with { Command = String(ref reader) },
                "created" => summary with { Created = Long(ref reader) ?? 0 },
                "ports" => summary with { Ports = Array(ref reader, ReadPort) },
                "sizerw" => summary with { SizeRw = Long(ref reader) },
                "sizerootfs" => summary with { SizeRootFs = Long(ref reader) },
                "labels" => summary with { Labels = StringMap(ref reader) },
                "state" => summary with { State = String(ref reader) },
                "status" => summary with { Status = String(ref reader) },
                "hostconfig" => summary with { HostConfig = ReadHostConfig(ref reader) },
                "networksettings" => summary with { NetworkSettings = ReadNetworks(ref reader) },
                "mounts" => summary with { Mounts = Array(ref reader, ReadMount) },
                _ => Skip(ref reader, summary),
            };
        }
        return summary;
    }

    private static ContainerPort ReadPort(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var port = new ContainerPort();
        while (NextProperty(ref reader, out var name))
        {
            port = name switch
            {
                "ip" => port with { IP = String(ref reader) },
                "privateport" => port with { PrivatePort = (int)(Long(ref reader) ?? 0) },
                "publicport" => port with { PublicPort = (int?)Long(ref reader) },
                "type" => port with { Type = String(ref reader) },
                _ => Skip(ref reader, port),
            };
        }
        return port;
    }

    private static ContainerSummaryHostConfig? ReadHostConfig(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var config = new ContainerSummaryHostConfig();
        while (NextProperty(ref reader, out var name))
            config = name == "networkmode" ? config with { NetworkMode = String(ref reader) } : Skip(ref reader, config);
        return config;
    }

    private static ContainerSummaryNetworks? ReadNetworks(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var settings = new ContainerSummaryNetworks();
        while (NextProperty(ref reader, out var name))
        {
            if (name != "networks")
            {
                Skip(ref reader, 0);
                continue;
            }
            if (reader.TokenType == JsonTokenType.Null) continue;
            Expect(ref reader, JsonTokenType.StartObject);
            var networks = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var network = reader.GetString()!;
                reader.Read();
                networks[network] = ReadEndpoint(ref reader);
            }
            settings = settings with { Networks = networks };
        }
        return settings;
    }

    private static EndpointSettings ReadEndpoint(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return new EndpointSettings();
        Expect(ref reader, JsonTokenType.StartObject);
        var e = new EndpointSettings();
        while (NextProperty(ref reader, out var name))
        {
            e = name switch
            {
                "ipamconfig" => e with { IPAMConfig = ReadIpam(ref reader) },
                "links" => e with { Links = Strings(ref reader) },
                "aliases" => e with { Aliases = Strings(ref reader) },
                "networkid" => e with { NetworkID = String(ref reader) },
                "endpointid" => e with { EndpointID = String(ref reader) },
                "gateway" => e with { Gateway = String(ref reader) },
                "ipaddress" => e with { IPAddress = String(ref reader) },
                "ipprefixlen" => e with { IPPrefixLen = (int?)Long(ref reader) },
                "ipv6gateway" => e with { IPv6Gateway = String(ref reader) },
                "globalipv6address" => e with { GlobalIPv6Address = String(ref reader) },
                "globalipv6prefixlen" => e with { GlobalIPv6PrefixLen = (int?)Long(ref reader) },
                "macaddress" => e with { MacAddress = String(ref reader) },
                "driveropts" => e with { DriverOpts = StringMap(ref reader) },
                "dnsnames" => e with { DNSNames = Strings(ref reader) },
                _ => Skip(ref reader, e),
            };
        }
        return e;
    }

    private static EndpointIpamConfig? ReadIpam(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var ipam = new EndpointIpamConfig();
        while (NextProperty(ref reader, out var name))
        {
            ipam = name switch
            {
                "ipv4address" => ipam with { IPv4Address = String(ref reader) },
                "ipv6address" => ipam with { IPv6Address = String(ref reader) },
                "linklocalips" => ipam with { LinkLocalIPs = Strings(ref reader) },
                _ => Skip(ref reader, ipam),
            };
        }
        return ipam;
    }

    private static MountPoint ReadMount(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var m = new MountPoint();
        while (NextProperty(ref reader, out var name))
        {
            m = name switch
            {
                "type" => m with { Type = String(ref reader) },
                "name" => m with { Name = String(ref reader) },
                "source" => m with { Source = String(ref reader) },
                "destination" => m with { Destination = String(ref reader) },
                "driver" => m with { Driver = String(ref reader) },
                "mode" => m with { Mode = String(ref reader) },
                "rw" => m with { RW = reader.TokenType == JsonTokenType.True },
                "propagation" => m with { Propagation = String(ref reader) },
                _ => Skip(ref reader, m),
            };
        }
        return m;
    }

    // ---------- primitives ----------

    private delegate T ItemReader<out T>(ref Utf8JsonReader reader);

    /// <summary>Moves to the next property's value; false at the end of the object. The name comes lower-cased.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader, out string name)
    {
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndObject)
        {
            name = "";
            return false;
        }
        name = reader.GetString()!.ToLowerInvariant();
        reader.Read();
        return true;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
            throw new JsonException($"expected {type} but found {reader.TokenType} at byte {reader.TokenStartIndex}");
    }

    private static T Skip<T>(ref Utf8JsonReader reader, T value)
    {
        reader.Skip();
        return value;
    }

    private static string? String(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            _ => throw new JsonException($"expected a string but found {reader.TokenType} at byte {reader.TokenStartIndex}"),
        };

    private static long? Long(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => reader.GetInt64(),
            _ => throw new JsonException($"expected a number but found {reader.TokenType} at byte {reader.TokenStartIndex}"),
        };

    private static List<T>? Array<T>(ref Utf8JsonReader reader, ItemReader<T> item)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartArray);
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            list.Add(item(ref reader));
        return list;
    }

    private static List<string>? Strings(ref Utf8JsonReader reader) => Array(ref reader, static (ref Utf8JsonReader r) => String(ref r) ?? "");

    private static Dictionary<string, string>? StringMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = String(ref reader) ?? "";
        }
        return map;
    }
}
