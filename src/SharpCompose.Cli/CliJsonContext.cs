using System.Text.Json.Serialization;

namespace SharpCompose.Cli;

[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>How the CLI writes JSON for people and scripts: like Go's encoder (no \u0022 for quotes, + or ').</summary>
internal static class CliJson
{
    public static readonly System.Text.Json.JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
