namespace SharpCompose.Loading.Tests;

public class DotEnvParserTests
{
    [Fact]
    public void ParsesComposeSyntax()
    {
        var env = DotEnvParser.Parse("""
            # a comment
            export A=exported
            B = spaced   # trailing comment
            C='single $A quoted'
            D="double ${A} \n quoted"
            E="multi
            line"
            F=${A}-ref
            G=unquoted#kept
            I="esc \"quote\""
            J=
            K:colon
            """);
        Assert.Equal("exported", env["A"]);
        Assert.Equal("spaced", env["B"]);
        Assert.Equal("single $A quoted", env["C"]);
        Assert.Equal("double exported \n quoted", env["D"]);
        Assert.Equal("multi\nline", env["E"]);
        Assert.Equal("exported-ref", env["F"]);
        Assert.Equal("unquoted#kept", env["G"]);
        Assert.Equal("esc \"quote\"", env["I"]);
        Assert.Equal("", env["J"]);
        Assert.Equal("colon", env["K"]);
    }

    [Fact]
    public void LookupComesFirstAndInheritedKeysNeedIt()
    {
        var env = DotEnvParser.Parse("X=${OUTER}\nINHERITED\nMISSING\n", k => k is "OUTER" or "INHERITED" ? "outer-" + k : null);
        Assert.Equal("outer-OUTER", env["X"]);
        Assert.Equal("outer-INHERITED", env["INHERITED"]);
        Assert.False(env.ContainsKey("MISSING"));
    }

    [Fact]
    public void DefaultsInsideValues() =>
        Assert.Equal("fallback", DotEnvParser.Parse("V=${NOPE:-fallback}")["V"]);

    [Theory]
    [InlineData("KEY WITH SPACE=1")]
    [InlineData("A='unterminated")]
    [InlineData("B\"=x")]
    public void SyntaxErrorsNameTheLine(string text) =>
        Assert.StartsWith("line ", Assert.Throws<FormatException>(() => DotEnvParser.Parse(text)).Message);

    [Fact]
    public async Task ProcessEnvironmentWinsOverDotEnv()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  web:\n    image: ${IMG}:${TAG}\n");
        dir.Write(".env", "IMG=fromfile\nTAG=filetag\n");
        var r = await dir.LoadAsync(o => o with { Environment = new Dictionary<string, string> { ["TAG"] = "process" } });
        Assert.Equal("fromfile:process", r.Project!.Services["web"].Image);
    }

    [Fact]
    public async Task EnvFileOptionReplacesDotEnv()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  web:\n    image: ${IMG:-none}\n");
        dir.Write(".env", "IMG=dotenv\n");
        dir.Write("other.env", "IMG=other\n");
        var r = await dir.LoadAsync(o => o with { EnvFiles = ["other.env"] });
        Assert.Equal("other", r.Project!.Services["web"].Image);
    }
}
