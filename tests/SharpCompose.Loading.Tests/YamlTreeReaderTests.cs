using System.Diagnostics;
using System.Text;
using SharpCompose.Loading.Yaml;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Tests;

public class YamlTreeReaderTests
{
    private static List<YNode> Read(string text, DiagnosticBag? bag = null) => YamlTreeReader.Read(text, "compose.yaml", bag ?? new DiagnosticBag());

    [Fact]
    public void EveryNodeKnowsItsPosition()
    {
        var root = (YMapping)Read("services:\n  web:\n    image: nginx\n")[0];
        var image = ((YMapping)((YMapping)root.Get("services")!).Get("web")!).GetEntry("image")!;
        Assert.Equal(new SourceSpan("compose.yaml", 3, 5), image.Key.Span);
        Assert.Equal(new SourceSpan("compose.yaml", 3, 12), image.Value.Span);
    }

    [Fact]
    public void DuplicateKeysAreErrorsWithBothLines()
    {
        var bag = new DiagnosticBag();
        Read("a: 1\nb: 2\na: 3\nb: 4\n", bag);
        Assert.Equal(2, bag.Errors.Count);
        Assert.Equal("compose.yaml:3:1: a: mapping key \"a\" already defined at line 1", bag.Errors[0].ToString());
        Assert.Equal("compose.yaml:4:1: b: mapping key \"b\" already defined at line 2", bag.Errors[1].ToString());
    }

    [Fact]
    public void MergeKeysAndAliases()
    {
        var root = (YMapping)Read("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nl: &l [1, 2]\nk: *l\n")[0];
        var m = (YMapping)root.Get("m")!;
        Assert.Equal("1", m.GetString("x"));
        Assert.Equal("3", m.GetString("y"));
        Assert.False(m.ContainsKey("<<"));
        Assert.Equal(2, ((YSequence)root.Get("k")!).Items.Count);
    }

    [Fact]
    public void TagsAreKept()
    {
        var root = (YMapping)Read("a: !reset []\nb: !override {x: 1}\n")[0];
        Assert.Equal("!reset", root.Get("a")!.Tag);
        Assert.Equal("!override", root.Get("b")!.Tag);
    }

    [Fact]
    public void ScalarsResolveLikeYaml12()
    {
        var root = (YMapping)Read("a: 1\nb: 1.0\nc: true\nd: ~\ne: yes\nf: '1'\ng: 0x1F\nh: 1e3\n")[0];
        Assert.Equal(ScalarKind.Int, ((YScalar)root.Get("a")!).Kind);
        Assert.Equal("1", ((YScalar)root.Get("b")!).GoText);
        Assert.Equal(ScalarKind.Bool, ((YScalar)root.Get("c")!).Kind);
        Assert.Equal(ScalarKind.Null, ((YScalar)root.Get("d")!).Kind);
        Assert.Equal(ScalarKind.String, ((YScalar)root.Get("e")!).Kind);
        Assert.Equal(ScalarKind.String, ((YScalar)root.Get("f")!).Kind);
        Assert.Equal("31", ((YScalar)root.Get("g")!).GoText);
        Assert.Equal("1000", ((YScalar)root.Get("h")!).GoText);
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(100_000)]
    public void DeepNestingFailsCleanly(int depth)
    {
        var text = new string('[', depth) + new string(']', depth);
        var e = Assert.Throws<ComposeException>(() => Read(text));
        Assert.Contains("maximum depth", e.Message);
    }

    [Fact]
    public void DeepBlockNestingFailsCleanly()
    {
        var block = new StringBuilder();
        for (var i = 0; i < 3000; i++) block.Append(' ', i).Append("a:\n");
        var sw = Stopwatch.StartNew();
        Assert.Contains("maximum depth", Assert.Throws<ComposeException>(() => Read(block.ToString())).Message);
        Assert.True(sw.ElapsedMilliseconds < 5000, $"{sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void BillionLaughsFailsFast()
    {
        var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            var prev = (char)('a' + i - 1);
            var cur = (char)('a' + i);
            sb.Append($"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n");
        }
        Assert.True(sb.Length < 1024);
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<ComposeException>(() => Read(sb.ToString()));
        Assert.True(sw.ElapsedMilliseconds < 1000, $"{sw.ElapsedMilliseconds} ms");
        Assert.Contains("alias expansion", e.Message);
        Assert.Equal(ExitCodeClass.InvalidFile, e.ExitCode);
    }

    [Fact]
    public void ModestAliasUseIsFine()
    {
        var docs = Read("x: &x {a: 1}\ns: [*x, *x, *x]\n");
        Assert.Equal(3, ((YSequence)((YMapping)docs[0]).Get("s")!).Items.Count);
    }

    [Fact]
    public async Task InvalidUtf8IsAnErrorWithPosition()
    {
        using var dir = new TempDir();
        dir.WriteBytes("compose.yaml", [.. "services:\n  web:\n    image: "u8.ToArray(), 0xC3, 0x28, (byte)'\n']);
        var e = await Assert.ThrowsAsync<ComposeException>(() => dir.LoadAsync());
        Assert.Equal(ExitCodeClass.InvalidFile, e.ExitCode);
        Assert.StartsWith("compose.yaml:3:12: invalid UTF-8", e.Diagnostics[0].ToString());
    }

    [Fact]
    public void SyntaxErrorsArePositioned()
    {
        var e = Assert.Throws<ComposeException>(() => Read("services:\n  web: [\n"));
        Assert.True(e.Diagnostics[0].At.IsKnown);
    }

    [Fact]
    public void SeveralDocuments() => Assert.Equal(2, Read("a: 1\n---\nb: 2\n").Count);
}
