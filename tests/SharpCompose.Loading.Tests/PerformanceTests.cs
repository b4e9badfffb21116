using System.Diagnostics;
using System.Text;
using SharpCompose.Loading.Output;

namespace SharpCompose.Loading.Tests;

/// <summary>In-process timing of large projects: load + config --format json.</summary>
public class PerformanceTests
{
    public static string Generate(int services)
    {
        var sb = new StringBuilder("name: perf\nservices:\n");
        for (var i = 0; i < services; i++)
        {
            sb.Append($"  svc{i}:\n    image: registry.example.com/team/app-{i % 50}:1.{i % 7}\n");
            sb.Append($"    environment:\n      MODE: production\n      INDEX: \"{i}\"\n");
            sb.Append($"    ports:\n      - \"{10000 + i % 50000}:80\"\n");
            sb.Append($"    volumes:\n      - data{i % 10}:/data\n");
            if (i > 0) sb.Append($"    depends_on:\n      - svc{i - 1}\n");
        }
        sb.Append("volumes:\n");
        for (var i = 0; i < 10; i++) sb.Append($"  data{i}: {{}}\n");
        return sb.ToString();
    }

    [Theory]
    // Budgets are regression guards for a shared, loaded 2-core machine; see the report for measured times.
    [InlineData(1000, 20000)]
    [InlineData(20000, 60000)]
    public async Task LargeProjectLoadsAndPrintsQuickly(int services, int budgetMs)
    {
        var dir = Directory.CreateTempSubdirectory("sc-perf-").FullName;
        try
        {
            var text = Generate(services);
            await File.WriteAllTextAsync(Path.Combine(dir, "compose.yaml"), text, TestContext.Current.CancellationToken);
            var sw = Stopwatch.StartNew();
            var result = await ProjectLoader.LoadAsync(new LoadOptions
            {
                WorkingDirectory = dir,
                Environment = new Dictionary<string, string> { ["HOME"] = "/root" },
            }, TestContext.Current.CancellationToken);
            var loaded = sw.ElapsedMilliseconds;
            var json = ConfigWriter.Render(result.Project!, ConfigFormat.Json);
            sw.Stop();
            TestContext.Current.TestOutputHelper?.WriteLine($"{services} services, {text.Length / 1024} KiB: load {loaded} ms, load+json {sw.ElapsedMilliseconds} ms, {json.Length / 1024} KiB out");
            Assert.Equal(services, result.Project!.Services.Count);
            Assert.True(sw.ElapsedMilliseconds < budgetMs, $"took {sw.ElapsedMilliseconds} ms");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

public class ParserBaselineTests
{
    [Fact]
    public void RawYamlDotNetParseBaseline()
    {
        var text = PerformanceTests.Generate(20000);
        var sw = Stopwatch.StartNew();
        var parser = new YamlDotNet.Core.Parser(new StringReader(text));
        var n = 0;
        while (parser.MoveNext()) n++;
        var raw = sw.ElapsedMilliseconds;
        sw.Restart();
        var bag = new DiagnosticBag();
        var docs = SharpCompose.Loading.Yaml.YamlTreeReader.Read(text, "compose.yaml", bag);
        TestContext.Current.TestOutputHelper?.WriteLine($"raw events {n}: {raw} ms; tree: {sw.ElapsedMilliseconds} ms");
        Assert.Single(docs);
    }
}
