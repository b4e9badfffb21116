using System.Text;

namespace SharpCompose.Orchestration.Build;

/// <summary>Slash-separated relative paths as Go's <c>path/filepath</c> treats them on Unix.</summary>
internal static class SlashPath
{
    /// <summary>
    /// Go's <c>filepath.Clean</c> (Unix): collapses repeated separators, drops <c>.</c> elements, resolves <c>..</c>
    /// against a preceding real element (or drops it at the root), strips a trailing separator; empty becomes <c>.</c>.
    /// </summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var kept = new List<string>();
        var dotDots = 0; // leading ".." elements that cannot be resolved (unrooted paths only)
        foreach (var element in path.Split('/'))
        {
            if (element.Length == 0 || element == ".")
            {
                continue;
            }

            if (element == "..")
            {
                if (kept.Count > 0)
                {
                    kept.RemoveAt(kept.Count - 1);
                }
                else if (!rooted)
                {
                    dotDots++;
                }

                continue;
            }

            kept.Add(element);
        }

        var builder = new StringBuilder(path.Length);
        if (rooted)
        {
            builder.Append('/');
        }

        for (var i = 0; i < dotDots; i++)
        {
            if (builder.Length > 0 && builder[^1] != '/')
            {
                builder.Append('/');
            }

            builder.Append("..");
        }

        foreach (var element in kept)
        {
            if (builder.Length > 0 && builder[^1] != '/')
            {
                builder.Append('/');
            }

            builder.Append(element);
        }

        return builder.Length == 0 ? "." : builder.ToString();
    }
}
