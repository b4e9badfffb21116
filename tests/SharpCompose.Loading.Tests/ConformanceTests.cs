using System.Text.Json.Nodes;

namespace SharpCompose.Loading.Tests;

/// <summary>Every case of /work/shared/conformance run in-process through loader + JSON writer.</summary>
public class ConformanceTests
{
    private const string Root = "/work/shared/conformance";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var tsv = Path.Combine(Root, "cases.tsv");
        if (!File.Exists(tsv)) return data;
        foreach (var line in File.ReadLines(tsv).Skip(1))
            if (line.Length > 0) data.Add(line.Split('\t')[0]);
        return data;
    }

    public static (string Id, string File, int Exit, string[] Args, Dictionary<string, string> Env) Case(string id)
    {
        foreach (var line in File.ReadLines(Path.Combine(Root, "cases.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            if (f[0] != id) continue;
            var args = f.Length > 3 && f[3].Length > 0 ? f[3].Split(' ') : [];
            var env = new Dictionary<string, string>();
            if (f.Length > 4 && f[4].Length > 0)
            {
                // KEY=value pairs separated by spaces; values may contain spaces
                string? key = null;
                var value = new System.Text.StringBuilder();
                foreach (var tok in f[4].Split(' '))
                {
                    var eq = tok.IndexOf('=');
                    if (eq > 0 && tok[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && char.IsUpper(tok[0]))
                    {
                        if (key is not null) env[key] = value.ToString();
                        key = tok[..eq];
                        value.Clear().Append(tok[(eq + 1)..]);
                    }
                    else value.Append(' ').Append(tok);
                }
                if (key is not null) env[key] = value.ToString();
            }
            return (id, f[1], int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), args, env);
        }
        throw new InvalidOperationException(id);
    }

    /// <summary>Cases where Compose v2.26.1 fails on a bug of its own; we print the model instead.</summary>
    private static readonly Dictionary<string, string> KnownDivergences = new()
    {
        ["e2e-fixtures__build-test__ssh__compose"] = "the peer cannot marshal build.ssh entries with a path (json: error calling MarshalJSON for type types.SSHKey)",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Conforms(string id)
    {
        var c = Case(id);
        var full = Path.Combine(Root, "files", c.File);
        var dir = Path.GetDirectoryName(full)!;
        var outcome = await ConfigCase.RunAsync(dir, Path.GetFileName(full), c.Args, c.Env);
        var filesRoot = Path.Combine(Root, "files");
        if (Environment.GetEnvironmentVariable("CONFORMANCE_DUMP") is { Length: > 0 } dump && outcome.Json is not null)
            File.WriteAllText(Path.Combine(dump, id + ".json"), outcome.Json.Replace(filesRoot, "{{ROOT}}", StringComparison.Ordinal));
        if (KnownDivergences.ContainsKey(id))
        {
            Assert.True(outcome.Error is null, outcome.Error?.Message);
            return;
        }
        if (c.Exit == 0)
        {
            Assert.True(outcome.Error is null, outcome.Error?.Message);
            var expected = ConfigCase.Clean(JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "expected", id + ".json"))));
            var actual = ConfigCase.Clean(JsonNode.Parse(outcome.Json!.Replace(filesRoot, "{{ROOT}}", StringComparison.Ordinal)));
            var diff = ConfigCase.Diff(expected, actual);
            Assert.True(diff.Count == 0, string.Join("\n", diff));
        }
        else
        {
            Assert.True(outcome.Error is not null, "expected an error (exit " + c.Exit + "), got success");
            Assert.Equal(c.Exit, (int)outcome.Error!.ExitCode);
            Assert.True(ConfigCase.HasLocation(outcome.Error), "error must say where: " + outcome.Error.Message);
        }
    }
}
