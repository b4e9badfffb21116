using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace SharpCompose.Loading.Tests;

/// <summary>
/// Golden `config --format json` cases under testdata/config/&lt;case&gt;/ (compose.yaml, optional compose.override.yaml,
/// .env, args = global flags, env = extra variables, expected.json or expected.err made by regen.sh with the real peer).
/// </summary>
public class GoldenConfigTests
{
    private static string Dir([CallerFilePath] string self = "") => Path.Combine(Path.GetDirectoryName(self)!, "testdata", "config");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var d in Directory.GetDirectories(Dir()).OrderBy(x => x, StringComparer.Ordinal))
            data.Add(Path.GetFileName(d));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MatchesPeer(string name)
    {
        var dir = Path.Combine(Dir(), name);
        var args = new List<string>();
        if (File.Exists(Path.Combine(dir, "compose.override.yaml"))) args.AddRange(["-f", "compose.override.yaml"]);
        if (File.Exists(Path.Combine(dir, "args")))
            args.AddRange(File.ReadAllText(Path.Combine(dir, "args")).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        if (File.Exists(Path.Combine(dir, "config-args")))
            args.AddRange(File.ReadAllText(Path.Combine(dir, "config-args")).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        var env = new Dictionary<string, string>();
        if (File.Exists(Path.Combine(dir, "env")))
            foreach (var w in File.ReadAllText(Path.Combine(dir, "env")).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
                env[w[..w.IndexOf('=')]] = w[(w.IndexOf('=') + 1)..];
        var outcome = await ConfigCase.RunAsync(dir, "compose.yaml", args, env);
        var expectedJson = Path.Combine(dir, "expected.json");
        if (File.Exists(expectedJson))
        {
            Assert.True(outcome.Error is null, outcome.Error?.Message);
            var expected = ConfigCase.Clean(JsonNode.Parse(File.ReadAllText(expectedJson)));
            var actual = ConfigCase.Clean(JsonNode.Parse(outcome.Json!.Replace(dir, "{{DIR}}", StringComparison.Ordinal)));
            var diff = ConfigCase.Diff(expected, actual);
            Assert.True(diff.Count == 0, string.Join("\n", diff));
        }
        else
        {
            var err = File.ReadAllLines(Path.Combine(dir, "expected.err"));
            var code = int.Parse(err[0]["exit ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(outcome.Error is not null, "expected an error, got success");
            Assert.Equal(code, (int)outcome.Error!.ExitCode);
            Assert.True(outcome.Error.Diagnostics.Any(d => d.At.IsKnown), "error must give file:line:col: " + outcome.Error.Message);
        }
    }
}

