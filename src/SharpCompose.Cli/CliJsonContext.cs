using System.Text.Json.Serialization;

namespace SharpCompose.Cli;

[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
