using System.Security.Cryptography;
using System.Text;
using SharpCompose.Loading;
using SharpCompose.Loading.Yaml;
using SharpCompose.Model;

namespace SharpCompose.Cli;

/// <summary>
/// The com.docker.compose.config-hash of each service: SHA-256 over the service's canonical (normalised) tree,
/// minus the attributes that do not change a container (build, pull_policy, scale, deploy.replicas).
/// </summary>
internal static class ServiceHash
{
    public static Func<ServiceSpec, string> For(LoadResult result)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result.Tree.Get("services") is YMapping services)
        {
            foreach (var entry in services.Entries)
            {
                var sb = new StringBuilder();
                Write(entry.Value, sb, top: true);
                hashes[entry.Name] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
            }
        }

        return service => hashes.TryGetValue(service.Name, out var hash) ? hash : string.Empty;
    }

    private static void Write(YNode node, StringBuilder sb, bool top)
    {
        switch (node)
        {
            case YMapping map:
                sb.Append('{');
                foreach (var e in map.Entries.OrderBy(e => e.Name, StringComparer.Ordinal))
                {
                    if (top && e.Name is "build" or "pull_policy" or "scale")
                    {
                        continue;
                    }

                    sb.Append(e.Name).Append(':');
                    if (top && e.Name == "deploy" && e.Value is YMapping deploy)
                    {
                        var copy = (YMapping)deploy.DeepClone();
                        copy.Remove("replicas");
                        Write(copy, sb, top: false);
                    }
                    else
                    {
                        Write(e.Value, sb, top: false);
                    }

                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case YSequence seq:
                sb.Append('[');
                foreach (var item in seq.Items)
                {
                    Write(item, sb, top: false);
                    sb.Append(',');
                }

                sb.Append(']');
                break;
            case YScalar scalar:
                sb.Append('"').Append(scalar.Value.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
        }
    }
}
