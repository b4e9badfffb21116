using SharpCompose.Orchestration.Verbs;
using Xunit;

namespace SharpCompose.Orchestration.Tests;

public sealed class LogSinceTests
{
    [Theory]
    [InlineData("2026-11-21T17:35:04.312437915Z", "1795282504.312437915")]
    [InlineData("2026-11-21T17:35:04.3124Z", "1795282504.312400000")]
    [InlineData("2026-11-21T17:35:04Z", "1795282504.000000000")]
    [InlineData("2026-11-21T18:35:04.5+01:00", "1795282504.500000000")]
    public void Engine_times_become_seconds_with_nanoseconds(string engineTime, string since) =>
        Assert.Equal(since, AttachedRun.LogSince(engineTime));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("yesterday")]
    public void No_time_no_since(string? engineTime) => Assert.Null(AttachedRun.LogSince(engineTime));
}
