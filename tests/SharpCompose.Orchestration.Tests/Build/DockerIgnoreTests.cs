using SharpCompose.Orchestration.Build;

namespace SharpCompose.Orchestration.Tests.Build;

public class DockerIgnoreTests
{
    // Single pattern against one path; expectations follow Docker's documented and tested behaviour.
    [Theory]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)] // "*" does not cross "/"
    [InlineData("*/*.md", "docs/README.md", true)]
    [InlineData("**/*.go", "main.go", true)]
    [InlineData("**/*.go", "cmd/app/main.go", true)]
    [InlineData("**/*.go", "cmd/app/main.gox", false)]
    [InlineData("temp?", "temp1", true)]
    [InlineData("temp?", "temp", false)]
    [InlineData("temp?", "temp12", false)]
    [InlineData("temp?", "temp/", false)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("a?b", "a☺b", true)]
    [InlineData("a?b", "a😀b", true)] // one character, even outside the BMP
    [InlineData("[a-c]*", "apple", true)]
    [InlineData("[a-c]*", "cherry", true)]
    [InlineData("[a-c]*", "date", false)]
    [InlineData("a[^b-d]e", "aze", true)]
    [InlineData("a[^b-d]e", "ace", false)]
    [InlineData("a[^x]b", "a/b", true)] // moby hands classes to a regexp: a negated class matches "/"
    [InlineData("[!a]", "!", true)] // "!" is not negation in Go: a class of "!" and "a"
    [InlineData("[!a]", "b", false)]
    [InlineData("[\\]a]", "]", true)]
    [InlineData("[x\\-]", "-", true)]
    [InlineData("[x\\-]", "z", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("a\\\\", "a\\", true)]
    [InlineData("\\#notcomment", "#notcomment", true)]
    [InlineData("abc.def", "abcZdef", false)] // "." is literal
    [InlineData("abc.def", "abc.def", true)]
    [InlineData(".*", ".git", true)]
    [InlineData(".*", "git", false)]
    [InlineData("a(b)c/def", "a(b)c/def", true)]
    [InlineData("a.|)$(}+{bc", "a.|)$(}+{bc", true)]
    [InlineData("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true)]
    [InlineData("dir", "dir", true)]
    [InlineData("dir", "dir/sub/file", true)] // a matched directory excludes what is under it
    [InlineData("dir/", "dir/file", true)] // trailing "/" is cleaned away
    [InlineData("dir", "other/dir", false)] // patterns are anchored at the context root
    [InlineData("/abs", "abs", true)]
    [InlineData("/abs/x", "abs/x/y", true)]
    [InlineData("./a/../b", "b", true)]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("dir/**", "dir/a/b", true)]
    [InlineData("dir/**", "dir", false)]
    [InlineData("**/dir", "dir", true)]
    [InlineData("**/dir", "x/y/dir/file", true)]
    [InlineData("**/dir2/*", "dir/dir2/file", true)]
    [InlineData("a**/*.txt", "a/dir/dir/file.txt", true)]
    [InlineData("**file", "dir/xfile", true)] // moby's suffix shortcut
    [InlineData("**/.foo", "bar.foo", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false)]
    [InlineData("[a-ζ]*", "α", true)]
    public void Single_pattern(string pattern, string path, bool excluded)
    {
        var ignore = DockerIgnore.Parse(pattern);
        Assert.Equal(excluded, ignore.IsExcluded(path));
        Assert.Equal(excluded, MatchWalkingParents(ignore, path));
    }

    // Several lines: later lines win, exceptions re-include.
    [Theory]
    [InlineData("*.md\n!README.md", "README.md", false)]
    [InlineData("*.md\n!README.md", "CHANGES.md", true)]
    [InlineData("!README.md\n*.md", "README.md", true)] // later lines win
    [InlineData("docs\n!docs/README.md", "docs/README.md", false)]
    [InlineData("docs\n!docs/README.md", "docs/other.md", true)]
    [InlineData("docs/\n!docs/README.md", "docs/README.md", false)]
    [InlineData("docs/*\n!docs/README.md", "docs/README.md", false)]
    [InlineData("**\n!util/docker/web", "util/docker/web/foo", false)]
    [InlineData("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", true)]
    [InlineData("*\n!keep\nkeep/secret", "keep/secret/x", true)]
    [InlineData("*\n!keep\nkeep/secret", "keep/public", false)]
    [InlineData("# comment\n*.log", "# comment", false)]
    [InlineData("  # not a comment once indented? no: trimmed after the check\n", "# not a comment once indented? no: trimmed after the check", true)]
    [InlineData("\uFEFF*.tmp\r\n\r\n  !keep.tmp  \r\n", "keep.tmp", false)]
    [InlineData("\uFEFF*.tmp\r\n", "x.tmp", true)]
    [InlineData("! /abs/file\nabs", "abs/file", true)]
    [InlineData("abs\n! /abs/file", "abs/file", false)]
    public void Several_lines(string text, string path, bool excluded)
    {
        var ignore = DockerIgnore.Parse(text);
        Assert.Equal(excluded, ignore.IsExcluded(path));
        Assert.Equal(excluded, MatchWalkingParents(ignore, path));
    }

    [Fact]
    public void Reading_normalises_lines_like_moby()
    {
        var lines = DockerIgnore.ReadLines("\uFEFF# comment\n\n  /foo/../bar//baz/  \n!  /keep\n/\n!./x/.\n");
        Assert.Equal(["bar/baz", "!keep", "/", "!x"], lines);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("a[")]
    [InlineData("[^bc")]
    [InlineData("[]a]")]
    [InlineData("[-]")]
    [InlineData("[x-]")]
    [InlineData("[a-b-c]")]
    [InlineData("[z-a]")]
    [InlineData("\\")]
    [InlineData("!")]
    public void Malformed_patterns_are_rejected(string pattern) =>
        Assert.Throws<FormatException>(() => DockerIgnore.FromPatterns([pattern]));

    [Fact]
    public void Excluded_directory_is_walked_only_when_an_exception_names_something_inside()
    {
        var ignore = DockerIgnore.Parse("vendor\nbuild\n!build/keep.txt\n!**/also.txt");
        Assert.True(ignore.MayReincludeUnder("build"));
        Assert.False(ignore.MayReincludeUnder("vendor")); // "!**/also.txt" is not textually under vendor/
        Assert.False(ignore.MayReincludeUnder("buil"));
        Assert.False(DockerIgnore.Parse("vendor").HasExceptions);
    }

    [Fact]
    public void Leading_slash_is_dropped_by_the_file_reader_not_by_the_matcher()
    {
        Assert.True(DockerIgnore.Parse("/abs").IsExcluded("abs"));
        Assert.False(DockerIgnore.FromPatterns(["/abs"]).IsExcluded("abs")); // moby's patternmatcher.New alone
    }

    [Fact]
    public void Context_root_is_never_excluded() => Assert.False(DockerIgnore.Parse("*\n**").IsExcluded("."));

    // Matches the way the context walker does: each parent first, passing its result down.
    private static bool MatchWalkingParents(DockerIgnore ignore, string path)
    {
        var parent = default(IgnoreMatch);
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            parent = ignore.Match(string.Join('/', parts[..i]), parent);
        }

        return ignore.Match(path, parent).IsExcluded;
    }
}
