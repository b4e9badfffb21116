using System.Runtime.CompilerServices;
using SharpCompose.Loading.Output;
using SharpCompose.Loading.Yaml;

namespace SharpCompose.Loading.Tests;

/// <summary>The YAML `config` output must load back to the same JSON value as the JSON output (round trip).</summary>
public class YamlOutputTests
{
    private static string Dir([CallerFilePath] string self = "") => Path.Combine(Path.GetDirectoryName(self)!, "testdata", "config");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var d in Directory.GetDirectories(Dir()).Where(d => File.Exists(Path.Combine(d, "expected.json"))).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(d));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task YamlRoundTripsToTheSameValue(string name)
    {
        var dir = Path.Combine(Dir(), name);
        var files = new List<string> { "compose.yaml" };
        if (File.Exists(Path.Combine(dir, "compose.override.yaml"))) files.Add("compose.override.yaml");
        var profiles = File.Exists(Path.Combine(dir, "args")) && File.ReadAllText(Path.Combine(dir, "args")).Contains("--profile") ? new[] { "tools" } : [];
        var r = await ProjectLoader.LoadAsync(new LoadOptions
        {
            Files = files,
            WorkingDirectory = dir,
            Profiles = profiles,
            Environment = new Dictionary<string, string> { ["HOME"] = "/home/conformance" },
        }, TestContext.Current.CancellationToken);
        if (r.Project is null) return;
        var yaml = ConfigWriter.Render(r.Project, ConfigFormat.Yaml, escapeDollars: false);
        var json = ConfigWriter.Render(r.Project, ConfigFormat.Json, escapeDollars: false);
        if (Environment.GetEnvironmentVariable("YAML_DUMP") is { Length: > 0 } dump)
            File.WriteAllText(Path.Combine(dump, name + ".yaml"), ConfigWriter.Render(r.Project, ConfigFormat.Yaml));
        var bag = new DiagnosticBag();
        var back = YamlTreeReader.Read(yaml, "out.yaml", bag);
        Assert.False(bag.HasErrors, string.Join("\n", bag.Errors) + "\n" + yaml);
        var reparsedNode = System.Text.Json.Nodes.JsonNode.Parse(JsonText.Render(Stages.ProjectBinder.ToValue(back[0]), indent: true))!;
        // YAML carries service extensions inline (as Compose v2 prints them); JSON does not
        if (reparsedNode["services"] is System.Text.Json.Nodes.JsonObject services)
            foreach (var (_, svc) in services)
                if (svc is System.Text.Json.Nodes.JsonObject so)
                    foreach (var k in so.Select(p => p.Key).Where(k => k.StartsWith("x-", StringComparison.Ordinal)).ToList()) so.Remove(k);
        var reparsed = reparsedNode.ToJsonString();
        var diff = ConfigCase.Diff(ConfigCase.Clean(System.Text.Json.Nodes.JsonNode.Parse(json)), ConfigCase.Clean(System.Text.Json.Nodes.JsonNode.Parse(reparsed)));
        Assert.True(diff.Count == 0, string.Join("\n", diff) + "\n" + yaml);
    }
}
