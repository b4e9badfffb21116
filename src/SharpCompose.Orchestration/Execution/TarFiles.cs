using System.Formats.Tar;

namespace SharpCompose.Orchestration.Execution;

/// <summary>Small in-memory tars for files written into containers (secrets and configs with content).</summary>
internal static class TarFiles
{
    public static MemoryStream Single(string name, byte[] content, int mode, int uid, int gid)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(content),
                Mode = (UnixFileMode)mode,
                Uid = uid,
                Gid = gid,
                ModificationTime = DateTimeOffset.UtcNow,
            };
            writer.WriteEntry(entry);
        }

        stream.Position = 0;
        return stream;
    }
}

/// <summary>Recognises the engine's "port already allocated" failures and says it plainly.</summary>
internal static class PortConflict
{
    public static string? Describe(string engineMessage)
    {
        var m = System.Text.RegularExpressions.Regex.Match(engineMessage, @"(?:Bind for |listen \w+ )(?<addr>[^ ]*?):(?<port>\d+)(?: failed: port is already allocated|: bind: address already in use)");
        if (!m.Success)
        {
            return null;
        }

        return $"host port {m.Groups["port"].Value} is already in use ({m.Groups["addr"].Value}:{m.Groups["port"].Value}); free it or change the service's published port";
    }
}
