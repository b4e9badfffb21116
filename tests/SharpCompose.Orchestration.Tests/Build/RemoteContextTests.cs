using SharpCompose.Orchestration.Build;

namespace SharpCompose.Orchestration.Tests.Build;

public class RemoteContextTests
{
    [Theory]
    [InlineData("https://github.com/docker/getting-started.git#main", true, true)]
    [InlineData("http://127.0.0.1:8080/repo.git#main:sub", true, true)]
    [InlineData("http://example.com/context.tar.gz", true, true)]
    [InlineData("git@github.com:x/y.git", true, true)]
    [InlineData("git://example.com/x.git", true, true)]
    [InlineData("github.com/x/y", true, true)]
    [InlineData("ssh://git@example.com/x.git", true, false)]
    [InlineData("docker-image://busybox", true, false)]
    [InlineData("/home/me/app", false, false)]
    [InlineData("/home/me/github.com/app", false, false)]
    [InlineData("/home/me/git@x", false, false)]
    public void Remote_contexts_and_the_ones_the_engine_fetches(string context, bool remote, bool fetchable)
    {
        Assert.Equal(remote, RemoteContext.IsRemote(context));
        Assert.Equal(fetchable, RemoteContext.IsFetchableByEngine(context));
    }
}
