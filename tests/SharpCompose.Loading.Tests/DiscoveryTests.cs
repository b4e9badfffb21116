using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Tests;

public class DiscoveryTests
{
    [Fact]
    public async Task FindsComposeFileInParentAndOverride()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  a:\n    image: x\n");
        dir.Write("compose.override.yml", "services:\n  a:\n    image: y\n");
        Directory.CreateDirectory(Path.Combine(dir.Path, "sub/deeper"));
        var r = await dir.LoadAsync(o => o with { WorkingDirectory = Path.Combine(dir.Path, "sub/deeper") });
        Assert.Equal("y", r.Project!.Services["a"].Image);
        Assert.Equal(2, r.ConfigFiles.Count);
        Assert.Equal(dir.Path, r.WorkingDirectory);
    }

    [Fact]
    public async Task NoFileIsExitCode14()
    {
        using var dir = new TempDir();
        var e = await Assert.ThrowsAsync<ComposeException>(() => dir.LoadAsync());
        Assert.Equal(ExitCodeClass.NoComposeFile, e.ExitCode);
    }

    [Fact]
    public async Task ComposeFileVariableAndSeparator()
    {
        using var dir = new TempDir();
        dir.Write("a.yaml", "services:\n  a:\n    image: x\n");
        dir.Write("b.yaml", "services:\n  b:\n    image: y\n");
        var r = await dir.LoadAsync(o => o with { Environment = new Dictionary<string, string> { ["COMPOSE_FILE"] = "a.yaml;b.yaml", ["COMPOSE_PATH_SEPARATOR"] = ";" } });
        Assert.Equal(["a", "b"], r.Project!.Services.Keys);
    }

    [Theory]
    [InlineData(null, null, null, "dirname")]
    [InlineData("explicit", null, null, "explicit")]
    [InlineData(null, "fromenv", null, "fromenv")]
    [InlineData(null, null, "My_File.Name", "my_filename")]
    public async Task ProjectNamePrecedence(string? option, string? env, string? inFile, string expected)
    {
        using var dir = new TempDir();
        var sub = Path.Combine(dir.Path, "DirName");
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, "compose.yaml"), (inFile is null ? "" : $"name: {inFile}\n") + "services:\n  a:\n    image: x\n");
        var vars = new Dictionary<string, string>();
        if (env is not null) vars["COMPOSE_PROJECT_NAME"] = env;
        var r = await dir.LoadAsync(o => o with { WorkingDirectory = sub, ProjectName = option, Environment = vars });
        Assert.Equal(expected, r.Project!.Name);
    }

    [Fact]
    public async Task InvalidExplicitNameIsAnError()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  a:\n    image: x\n");
        var e = await Assert.ThrowsAsync<ComposeException>(() => dir.LoadAsync(o => o with { ProjectName = "My Project" }));
        Assert.Contains("invalid project name", e.Message);
    }

    [Fact]
    public async Task StdinFile()
    {
        using var dir = new TempDir();
        var r = await dir.LoadAsync(o => o with { Files = ["-"], ReadStdin = _ => Task.FromResult("services:\n  s:\n    image: from-stdin\n") });
        Assert.Equal("from-stdin", r.Project!.Services["s"].Image);
    }

    [Fact]
    public async Task ProfilesAndExplicitServices()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  always:\n    image: a\n  dbg:\n    image: d\n    profiles: [debug]\n  tool:\n    image: t\n    profiles: [tools]\n");
        Assert.Equal(["always"], (await dir.LoadAsync()).Project!.Services.Keys);
        Assert.Equal(["always", "dbg"], (await dir.LoadAsync(o => o with { Profiles = ["debug"] })).Project!.Services.Keys);
        Assert.Equal(["always", "dbg", "tool"], (await dir.LoadAsync(o => o with { Profiles = ["*"] })).Project!.Services.Keys);
        Assert.Equal(["tool"], (await dir.LoadAsync(o => o with { Services = ["tool"] })).Project!.Services.Keys);
        Assert.Equal(["always", "tool"], (await dir.LoadAsync(o => o with { Environment = new Dictionary<string, string> { ["COMPOSE_PROFILES"] = "tools" } })).Project!.Services.Keys);
    }
}
