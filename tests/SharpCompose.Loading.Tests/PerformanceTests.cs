using System.Diagnostics;
using System.Text;
using SharpCompose.Loading.Output;

namespace SharpCompose.Loading.Tests;

/// <summary>
/// Large projects load and print completely. Speed itself is measured in bench/ (bench/run, bench/run big), side by
/// side with Compose v2, never asserted as a time here.
/// </summary>
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
    [InlineData(1000)]
    [InlineData(20000)]
    public async Task LargeProjectLoadsAndPrintsCompletely(int services)
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
            Assert.Contains($"\"svc{services - 1}\"", json);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
