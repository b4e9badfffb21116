using System.Formats.Tar;
using System.Text;
using SharpCompose.Orchestration.Build;

namespace SharpCompose.Orchestration.Tests.Build;

public class BuildContextTests
{
    private const UnixFileMode Mode644 = (UnixFileMode)0b110_100_100;
    private const UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Mode777 = (UnixFileMode)0b111_111_111;
    private const UnixFileMode Mode600 = (UnixFileMode)0b110_000_000;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private sealed record Entry(string Name, TarEntryType Type, UnixFileMode Mode, string? Link, string? Content, DateTimeOffset Time, int Uid, int Gid);

    [Fact]
    public async Task Context_honours_dockerignore_and_keeps_metadata()
    {
        using var outside = new TempTree();
        outside.File("outside.txt", "secret outside");
        using var tree = new TempTree();
        tree.File(".dockerignore", "# build context rules\nDockerfile\n.dockerignore\n*.log\nnode_modules\nsecret/\n!secret/keep.txt\ndocs/*.md\n!docs/README.md\n");
        tree.File("Dockerfile", "FROM scratch\n");
        tree.File("app.log", "noise");
        tree.File("main.go", "package main\n");
        tree.File("run.sh", "#!/bin/sh\necho hi\n", Mode755);
        tree.File("node_modules/pkg/index.js", "x");
        tree.File("secret/key.pem", "KEY");
        tree.File("secret/keep.txt", "kept");
        tree.File("docs/README.md", "# readme");
        tree.File("docs/guide.md", "guide");
        tree.File("src/a/b/c.txt", "deep");
        tree.File("empty.txt", "");
        tree.Link("link-in", "main.go");
        tree.Link("link-out", Path.Combine(outside.Root, "outside.txt"));
        tree.Link("link-up", "../../etc/passwd");
        tree.PinDirectoryTimes();

        var context = BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root });
        var entries = await ReadAsync(context);

        Assert.Equal(new ContextDockerfile("Dockerfile", DockerfileSource.Context, tree.Path_(".dockerignore")), context.Dockerfile);
        Assert.Equal(
            [
                ".dockerignore", "Dockerfile", "docs/", "docs/README.md", "empty.txt", "link-in", "link-out", "link-up",
                "main.go", "run.sh", "secret/keep.txt", "src/", "src/a/", "src/a/b/", "src/a/b/c.txt",
            ],
            entries.Select(e => e.Name));

        var time = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero); // whole seconds
        Assert.Equal(new Entry("Dockerfile", TarEntryType.RegularFile, Mode644, null, "FROM scratch\n", time, 0, 0), Get(entries, "Dockerfile"));
        Assert.Equal(new Entry("run.sh", TarEntryType.RegularFile, Mode755, null, "#!/bin/sh\necho hi\n", time, 0, 0), Get(entries, "run.sh"));
        Assert.Equal(new Entry("docs/", TarEntryType.Directory, Mode755, null, null, time, 0, 0), Get(entries, "docs/"));
        Assert.Equal(new Entry("empty.txt", TarEntryType.RegularFile, Mode644, null, "", time, 0, 0), Get(entries, "empty.txt"));
        Assert.Equal("kept", Get(entries, "secret/keep.txt").Content);
        Assert.Equal("deep", Get(entries, "src/a/b/c.txt").Content);

        var linkIn = Get(entries, "link-in");
        Assert.Equal((TarEntryType.SymbolicLink, "main.go", Mode777, (string?)null), (linkIn.Type, linkIn.Link, linkIn.Mode, linkIn.Content));
        var linkOut = Get(entries, "link-out");
        Assert.Equal((TarEntryType.SymbolicLink, Path.Combine(outside.Root, "outside.txt"), (string?)null), (linkOut.Type, linkOut.Link, linkOut.Content));
        Assert.Equal("../../etc/passwd", Get(entries, "link-up").Link);
        Assert.DoesNotContain(entries, e => e.Content?.Contains("secret outside", StringComparison.Ordinal) == true);
        Assert.All(entries, e => Assert.False(e.Name.StartsWith("./", StringComparison.Ordinal) || e.Name.StartsWith('/')));
    }

    [Fact]
    public async Task Dockerfile_and_dockerignore_are_sent_even_when_everything_is_ignored()
    {
        using var tree = new TempTree();
        tree.File(".dockerignore", "*\n**\n");
        tree.File("sub/dir/My.Dockerfile", "FROM alpine\n");
        tree.File("sub/dir/other.txt", "no");
        tree.File("top.txt", "no");

        var context = BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root, Dockerfile = "sub/dir/My.Dockerfile" });
        var entries = await ReadAsync(context);

        Assert.Equal([".dockerignore", "sub/dir/My.Dockerfile"], entries.Select(e => e.Name));
        Assert.Equal("sub/dir/My.Dockerfile", context.Dockerfile.Name);
    }

    [Fact]
    public async Task Dockerfile_specific_ignore_file_takes_precedence()
    {
        using var tree = new TempTree();
        tree.File(".dockerignore", "*\n");
        tree.File("build/app.Dockerfile", "FROM alpine\n");
        tree.File("build/app.Dockerfile.dockerignore", "build\n*.tmp\n");
        tree.File("build/helper.sh", "no");
        tree.File("x.tmp", "no");
        tree.File("y.txt", "yes");

        var context = BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root, Dockerfile = "./build/../build/app.Dockerfile" });
        var entries = await ReadAsync(context);

        Assert.Equal(new ContextDockerfile("build/app.Dockerfile", DockerfileSource.Context, tree.Path_("build/app.Dockerfile.dockerignore")), context.Dockerfile);
        Assert.Equal([".dockerignore", "build/app.Dockerfile", "build/app.Dockerfile.dockerignore", "y.txt"], entries.Select(e => e.Name));
    }

    [Fact]
    public async Task Inline_dockerfile_is_added_under_a_generated_name_and_listed_in_dockerignore()
    {
        using var tree = new TempTree();
        tree.File(".dockerignore", "*.tmp");
        tree.File("a.txt", "a");
        tree.File("b.tmp", "b");

        var context = BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root, DockerfileInline = "FROM busybox\nRUN true\n" });
        var entries = await ReadAsync(context);

        var name = context.Dockerfile.Name;
        Assert.Equal(DockerfileSource.Inline, context.Dockerfile.Source);
        Assert.Matches(@"^\.sharpcompose\.Dockerfile\.inline-[0-9a-f]{16}$", name);
        Assert.Equal([".dockerignore", "a.txt", name], entries.Select(e => e.Name));
        Assert.Equal("*.tmp\n" + name + "\n", Get(entries, ".dockerignore").Content);
        Assert.Equal(new Entry(name, TarEntryType.RegularFile, Mode600, null, "FROM busybox\nRUN true\n", DateTimeOffset.UnixEpoch, 0, 0), Get(entries, name));

        // Same text, same name: the build cache sees the same context.
        var again = BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root, DockerfileInline = "FROM busybox\nRUN true\n" });
        Assert.Equal(name, again.Dockerfile.Name);
    }

    [Fact]
    public async Task External_dockerfile_is_added_and_a_dockerignore_synthesised()
    {
        using var elsewhere = new TempTree();
        var dockerfile = elsewhere.File("ci/Dockerfile.ci", "FROM debian\n");
        elsewhere.File("ci/Dockerfile.ci.dockerignore", "*.bin\n");
        using var tree = new TempTree();
        tree.File("app.txt", "app");
        tree.File("big.bin", "ignored");

        var context = BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root, Dockerfile = dockerfile });
        var entries = await ReadAsync(context);

        var name = context.Dockerfile.Name;
        Assert.Equal((DockerfileSource.External, elsewhere.Path_("ci/Dockerfile.ci.dockerignore")), (context.Dockerfile.Source, context.Dockerfile.IgnoreFile));
        Assert.StartsWith(".sharpcompose.Dockerfile.external-", name, StringComparison.Ordinal);
        Assert.Equal(["app.txt", name, ".dockerignore"], entries.Select(e => e.Name));
        Assert.Equal("FROM debian\n", Get(entries, name).Content);
        Assert.Equal(".dockerignore\n" + name + "\n", Get(entries, ".dockerignore").Content);
    }

    [Fact]
    public async Task Long_and_non_ascii_names_round_trip()
    {
        using var tree = new TempTree();
        tree.File("Dockerfile", "FROM scratch\n");
        var longName = string.Join('/', Enumerable.Repeat("directory-with-a-long-name", 6)) + "/file.txt";
        tree.File(longName, "long");
        tree.File("données/été.txt", "unicode");
        tree.Link("long-link", new string('x', 150));

        var entries = await ReadAsync(BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root }));

        Assert.Equal("long", Get(entries, longName).Content);
        Assert.Equal("unicode", Get(entries, "données/été.txt").Content);
        Assert.Equal(new string('x', 150), Get(entries, "long-link").Link);
    }

    [Fact]
    public async Task Open_read_streams_the_same_tar_as_write_to()
    {
        using var tree = new TempTree();
        tree.File("Dockerfile", "FROM scratch\n");
        tree.File("a/b.txt", new string('b', 100_000));
        var context = BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root });

        using var written = new MemoryStream();
        await context.WriteToAsync(written, Token);
        using var read = new MemoryStream();
        await using (var stream = context.OpenRead(Token))
        {
            await stream.CopyToAsync(read, Token);
        }

        Assert.Equal(written.ToArray(), read.ToArray());
        using var http = new MemoryStream();
        using var content = context.ToHttpContent();
        await content.CopyToAsync(http, Token);
        Assert.Equal(written.ToArray(), http.ToArray());
        Assert.Equal("application/x-tar", content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Missing_dockerfile_and_context_are_reported()
    {
        using var tree = new TempTree();
        Assert.Throws<FileNotFoundException>(() => BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root }));
        Assert.Throws<DirectoryNotFoundException>(() => BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Path_("nope") }));
        tree.File("Dockerfile", "FROM scratch\n");
        tree.File(".dockerignore", "[");
        Assert.Throws<FormatException>(() => BuildContext.Create(new BuildContextOptions { ContextDirectory = tree.Root }));
    }

    private static Entry Get(List<Entry> entries, string name) => Assert.Single(entries, e => e.Name == name);

    private static async Task<List<Entry>> ReadAsync(BuildContext context)
    {
        using var archive = new MemoryStream();
        await context.WriteToAsync(archive, Token);
        archive.Position = 0;
        var entries = new List<Entry>();
        using var reader = new TarReader(archive);
        while (await reader.GetNextEntryAsync(copyData: false, Token) is { } entry)
        {
            string? content = null;
            if (entry.EntryType is TarEntryType.RegularFile)
            {
                content = entry.DataStream is null ? "" : await new StreamReader(entry.DataStream, Encoding.UTF8).ReadToEndAsync(Token);
            }

            entries.Add(new Entry(
                entry.Name, entry.EntryType, entry.Mode, string.IsNullOrEmpty(entry.LinkName) ? null : entry.LinkName,
                content, entry.ModificationTime, entry.Uid, entry.Gid));
        }

        return entries;
    }
}
