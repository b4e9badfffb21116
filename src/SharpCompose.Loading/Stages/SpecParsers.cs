using System.Globalization;
using System.Net;

namespace SharpCompose.Loading.Stages;

/// <summary>A parsed short-syntax volume (format.ParseVolume).</summary>
public sealed class ShortVolume
{
    public string Type = "volume";
    public string Source = "";
    public string Target = "";
    public bool ReadOnly;
    public bool NoCopy;
    public bool HasVolumeOptions;
    public string? Propagation;
    public string? SELinux;
    public bool HasBind;
    public bool CreateHostPath;
}

/// <summary>Short volume syntax "[source:]target[:options]".</summary>
public static class VolumeSpecParser
{
    public static bool TryParse(string spec, out ShortVolume volume, out string? error)
    {
        volume = new ShortVolume();
        error = null;
        switch (spec.Length)
        {
            case 0:
                error = "invalid empty volume spec";
                return false;
            case 1 or 2:
                volume.Target = spec;
                volume.HasVolumeOptions = false;
                return true;
        }
        var buffer = new System.Text.StringBuilder();
        var bufferLen = 0;
        var sourceSet = false;
        var targetSet = false;
        for (var i = 0; i <= spec.Length; i++)
        {
            var end = i == spec.Length;
            var c = end ? '\0' : spec[i];
            if (!end && c == ':' && bufferLen == 1 && char.IsLetter(buffer[0]))
            {
                buffer.Append(c);
                bufferLen++;
                continue;
            }
            if (end || c == ':')
            {
                var s = buffer.ToString();
                if (bufferLen == 0)
                {
                    error = $"invalid spec: {spec}: empty section between colons";
                    PopulateType(volume);
                    return false;
                }
                if (!sourceSet && end)
                {
                    volume.Target = s;
                    targetSet = true;
                }
                else if (!sourceSet)
                {
                    volume.Source = s;
                    sourceSet = true;
                }
                else if (!targetSet)
                {
                    volume.Target = s;
                    targetSet = true;
                }
                else if (c == ':')
                {
                    error = $"invalid spec: {spec}: too many colons";
                    PopulateType(volume);
                    return false;
                }
                else
                {
                    foreach (var option in s.Split(','))
                    {
                        switch (option)
                        {
                            case "ro": volume.ReadOnly = true; break;
                            case "rw": volume.ReadOnly = false; break;
                            case "nocopy": volume.NoCopy = true; volume.HasVolumeOptions = true; break;
                            case "rprivate" or "private" or "rshared" or "shared" or "rslave" or "slave":
                                volume.HasBind = true; volume.Propagation = option; break;
                            case "z" or "Z":
                                volume.HasBind = true; volume.SELinux = option; break;
                        }
                    }
                }
                buffer.Clear();
                bufferLen = 0;
                continue;
            }
            buffer.Append(c);
            bufferLen++;
        }
        PopulateType(volume);
        return true;
    }

    private static void PopulateType(ShortVolume v)
    {
        if (IsFilePath(v.Source))
        {
            v.Type = "bind";
            v.HasBind = true;
            v.CreateHostPath = true;
        }
        else
        {
            v.Type = "volume";
            v.HasVolumeOptions = true;
        }
    }

    private static bool IsFilePath(string source)
    {
        if (source.Length == 0) return false;
        if (source[0] is '.' or '/' or '~') return true;
        if (source.StartsWith(@"\\", StringComparison.Ordinal)) return true;
        return source.Length > 1 && char.IsLetter(source[0]) && source[1] == ':';
    }

    /// <summary>path.Clean for slash paths.</summary>
    public static string CleanPath(string p)
    {
        if (p.Length == 0) return ".";
        var rooted = p[0] == '/';
        var parts = p.Split('/');
        var stack = new List<string>();
        foreach (var part in parts)
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (stack.Count > 0 && stack[^1] != "..") stack.RemoveAt(stack.Count - 1);
                else if (!rooted) stack.Add("..");
                continue;
            }
            stack.Add(part);
        }
        var r = string.Join('/', stack);
        if (rooted) return "/" + r;
        return r.Length == 0 ? "." : r;
    }
}

/// <summary>A port mapping from short syntax.</summary>
public sealed record ShortPort(string HostIp, uint Target, string Published, string Protocol);

/// <summary>Short port syntax "[ip:[host[-range]:]]container[-range][/proto]" (nat.ParsePortSpecs).</summary>
public static class PortSpecParser
{
    public static bool TryParse(string raw, out List<ShortPort> ports, out string? error)
    {
        ports = [];
        error = null;
        var parts = raw.Split(':');
        var n = parts.Length;
        var containerPort = parts[n - 1];
        string ip = "", hostPort = "";
        switch (n)
        {
            case 1: break;
            case 2: hostPort = parts[0]; break;
            case 3: ip = parts[0]; hostPort = parts[1]; break;
            default: ip = string.Join(':', parts[..(n - 2)]); hostPort = parts[n - 2]; break;
        }
        var proto = "tcp";
        var slash = containerPort.IndexOf('/');
        if (slash >= 0)
        {
            proto = containerPort[(slash + 1)..];
            containerPort = containerPort[..slash];
            if (proto.Length == 0) proto = "tcp";
        }
        if (ip.Length > 0 && ip[0] == '[') ip = ip.Trim('[', ']');
        if (ip.Length > 0 && !IPAddress.TryParse(ip, out _))
        {
            error = $"invalid IP address: {ip}";
            return false;
        }
        if (containerPort.Length == 0)
        {
            error = $"no port specified: {raw}<empty>";
            return false;
        }
        if (!TryRange(containerPort, out var start, out var end))
        {
            error = $"invalid containerPort: {containerPort}";
            return false;
        }
        uint hStart = 0, hEnd = 0;
        if (hostPort.Length > 0 && !TryRange(hostPort, out hStart, out hEnd))
        {
            error = $"invalid hostPort: {hostPort}";
            return false;
        }
        if (hostPort.Length > 0 && end - start != hEnd - hStart && end != start)
        {
            error = $"invalid ranges specified for container and host Ports: {containerPort} and {hostPort}";
            return false;
        }
        var lp = proto.ToLowerInvariant();
        if (lp is not ("tcp" or "udp" or "sctp"))
        {
            error = $"invalid proto: {proto}";
            return false;
        }
        var list = new List<(string Key, ShortPort Port)>();
        for (uint i = 0; i <= end - start; i++)
        {
            var cp = start + i;
            var hp = hostPort.Length > 0 ? (hStart + i).ToString(CultureInfo.InvariantCulture) : "";
            if (start == end && hStart != hEnd) hp = hp + "-" + hEnd.ToString(CultureInfo.InvariantCulture);
            list.Add((cp.ToString(CultureInfo.InvariantCulture) + "/" + lp, new ShortPort(ip, cp, hp, lp)));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (_, p) in list) ports.Add(p);
        return true;
    }

    private static bool TryRange(string s, out uint start, out uint end)
    {
        start = end = 0;
        var dash = s.IndexOf('-');
        if (dash < 0)
        {
            if (!TryPort(s, out start)) return false;
            end = start;
            return true;
        }
        if (!TryPort(s[..dash], out start) || !TryPort(s[(dash + 1)..], out end)) return false;
        return end >= start;
    }

    private static bool TryPort(string s, out uint p)
    {
        p = 0;
        if (s.Length == 0 || s.Length > 5) return false;
        foreach (var c in s)
            if (!char.IsAsciiDigit(c)) return false;
        p = uint.Parse(s, CultureInfo.InvariantCulture);
        return p <= 65535;
    }
}
