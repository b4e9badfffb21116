namespace SharpCompose.Loading.Tests;

public class InterpolationTests
{
    private static readonly Dictionary<string, string> Env = new() { ["SET"] = "value", ["EMPTY"] = "" };

    private static string Sub(string t, List<string>? unset = null) =>
        Interpolation.Substitute(t, (string n, out string v) => Env.TryGetValue(n, out v!), n => unset?.Add(n));

    [Theory]
    [InlineData("$SET", "value")]
    [InlineData("${SET}", "value")]
    [InlineData("a${SET}b", "avalueb")]
    [InlineData("$SET/x", "value/x")]
    [InlineData("${UNSET:-def}", "def")]
    [InlineData("${EMPTY:-def}", "def")]
    [InlineData("${EMPTY-def}", "")]
    [InlineData("${UNSET-def}", "def")]
    [InlineData("${SET:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET+alt}", "")]
    [InlineData("${UNSET:-${SET}}", "value")]
    [InlineData("${UNSET:-${ALSO_UNSET:-deep}}", "deep")]
    [InlineData("${UNSET:-a}-${SET}", "a-value")]
    [InlineData("$$SET", "$SET")]
    [InlineData("$${SET}", "${SET}")]
    [InlineData("no dollar", "no dollar")]
    public void Substitutes(string template, string expected) => Assert.Equal(expected, Sub(template));

    [Fact]
    public void UnsetWithoutDefaultIsEmptyAndReported()
    {
        var unset = new List<string>();
        Assert.Equal("x---y", Sub("x-$NOPE-${NOPE2}-y", unset));
        Assert.Equal(["NOPE", "NOPE2"], unset);
    }

    [Theory]
    [InlineData("${UNSET:?must be set}", "required variable UNSET is missing a value: must be set")]
    [InlineData("${EMPTY:?}", "required variable EMPTY is missing a value")]
    [InlineData("${UNSET?}", "required variable UNSET is missing a value")]
    public void RequiredVariables(string template, string message) =>
        Assert.Equal(message, Assert.Throws<InterpolationException>(() => Sub(template)).Message);

    [Fact]
    public void EmptyButSetPassesQuestionMark() => Assert.Equal("", Sub("${EMPTY?boom}"));

    [Theory]
    [InlineData("${")]
    [InlineData("${SET")]
    [InlineData("$")]
    [InlineData("cost $5")]
    [InlineData("${SET:bad}")]
    [InlineData("${1abc}")]
    public void MalformedExpressionsThrow(string template) => Assert.Throws<InterpolationException>(() => Sub(template));

    [Fact]
    public async Task ErrorNamesFileLineColumnAndKeyPath()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  web:\n    image: nginx\n    environment:\n      KEY: ${REQ:?set it}\n");
        var e = await Assert.ThrowsAsync<ComposeException>(() => dir.LoadAsync());
        Assert.Equal(Model.Diagnostics.ExitCodeClass.InvalidFile, e.ExitCode);
        Assert.Equal("compose.yaml:5:12: services.web.environment.KEY: required variable REQ is missing a value: set it", e.Diagnostics[0].ToString());
    }

    [Fact]
    public async Task UnsetVariableWarnsLikeCompose()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  web:\n    image: nginx:${TAG}\n");
        var r = await dir.LoadAsync();
        Assert.Equal("nginx:", r.Project!.Services["web"].Image);
        Assert.Contains(r.Warnings, w => w.Message == "The \"TAG\" variable is not set. Defaulting to a blank string.");
    }

    [Fact]
    public async Task NoInterpolateKeepsTemplates()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  web:\n    image: nginx:${TAG}\n");
        var r = await dir.LoadAsync(o => o with { NoInterpolate = true });
        Assert.Equal("nginx:${TAG}", r.Project!.Services["web"].Image);
    }

    [Fact]
    public async Task CastsInterpolatedNumbersAndBooleans()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  web:\n    image: nginx\n    scale: ${N}\n    privileged: ${P}\n");
        var r = await dir.LoadAsync(o => o with { Environment = new Dictionary<string, string> { ["N"] = "3", ["P"] = "true" } });
        Assert.Equal(3, r.Project!.Services["web"].Scale);
        Assert.True(r.Project.Services["web"].Privileged);
    }
}

/// <summary>A temporary project directory.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sc-load-").FullName;

    public void Write(string name, string content)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void WriteBytes(string name, byte[] content) => File.WriteAllBytes(System.IO.Path.Combine(Path, name), content);

    public Task<LoadResult> LoadAsync(Func<LoadOptions, LoadOptions>? configure = null)
    {
        var o = new LoadOptions { WorkingDirectory = Path, Environment = new Dictionary<string, string> { ["HOME"] = "/home/test" } };
        if (configure is not null) o = configure(o);
        return ProjectLoader.LoadAsync(o, TestContext.Current.CancellationToken);
    }

    public void Dispose() => Directory.Delete(Path, true);
}
