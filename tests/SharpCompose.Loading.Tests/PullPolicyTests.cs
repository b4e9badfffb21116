using SharpCompose.Model;
using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading.Tests;

/// <summary>pull_policy: Compose v2.26's values plus daily, weekly and every_&lt;interval&gt; (later compose-spec).</summary>
public class PullPolicyTests
{
    [Theory]
    [InlineData("always", PullPolicyKind.Always, 0)]
    [InlineData("never", PullPolicyKind.Never, 0)]
    [InlineData("missing", PullPolicyKind.Missing, 0)]
    [InlineData("if_not_present", PullPolicyKind.Missing, 0)]
    [InlineData("build", PullPolicyKind.Build, 0)]
    [InlineData("daily", PullPolicyKind.Refresh, 24 * 3600)]
    [InlineData("weekly", PullPolicyKind.Refresh, 7 * 24 * 3600)]
    [InlineData("every_12h", PullPolicyKind.Refresh, 12 * 3600)]
    [InlineData("every_2d", PullPolicyKind.Refresh, 2 * 24 * 3600)]
    [InlineData("every_1w30m", PullPolicyKind.Refresh, 7 * 24 * 3600 + 30 * 60)]
    [InlineData("every_1h30m15s", PullPolicyKind.Refresh, 3600 + 30 * 60 + 15)]
    [InlineData("every_90s", PullPolicyKind.Refresh, 90)]
    [InlineData("every_0s", PullPolicyKind.Refresh, 0)]
    public void Accepted_forms(string text, PullPolicyKind kind, long seconds)
    {
        Assert.True(ImagePullPolicy.TryParse(text, out var policy, out var error), error);
        Assert.Equal(new ImagePullPolicy(kind, TimeSpan.FromSeconds(seconds)), policy);
    }

    [Theory]
    [InlineData("every_5x", "invalid pull_policy \"every_5x\": the interval must be digits followed by a unit")]
    [InlineData("every_", "invalid pull_policy \"every_\"")]
    [InlineData("every_h", "invalid pull_policy \"every_h\"")]
    [InlineData("every_1h30", "invalid pull_policy \"every_1h30\"")]
    [InlineData("every_1.5h", "invalid pull_policy \"every_1.5h\"")]
    [InlineData("every_-1h", "invalid pull_policy \"every_-1h\"")]
    [InlineData("every_10ms", "invalid pull_policy \"every_10ms\"")]
    [InlineData("every_1H", "invalid pull_policy \"every_1H\"")]
    [InlineData("every_99999999999999999999w", "the interval is too long")]
    [InlineData("every_99999999w", "the interval is too long")]
    [InlineData("Daily", "must be one of the following: \"always\", \"never\", \"if_not_present\", \"build\", \"missing\", \"daily\", \"weekly\", \"every_<interval>\"")]
    [InlineData("refresh", "must be one of the following")]
    [InlineData("", "must be one of the following")]
    public void Rejected_forms(string text, string message)
    {
        Assert.False(ImagePullPolicy.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ImagePullPolicy.Parse(text));
    }

    [Fact]
    public void A_refresh_is_due_strictly_after_the_interval_and_when_the_last_pull_is_unknown()
    {
        var policy = ImagePullPolicy.Parse("every_1h");
        var last = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
        Assert.False(policy.IsDue(last, last.AddMinutes(59)));
        Assert.False(policy.IsDue(last, last.AddHours(1)));
        Assert.True(policy.IsDue(last, last.AddHours(1).AddTicks(1)));
        Assert.True(policy.IsDue(null, last));
        Assert.True(policy.IsDue(DateTimeOffset.MinValue, last));
        Assert.False(ImagePullPolicy.Parse("every_1000000w").IsDue(last, last.AddYears(100)));
    }

    [Fact]
    public async Task The_loader_accepts_the_refresh_forms_and_keeps_them_as_written()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  a:\n    image: x\n    pull_policy: daily\n  b:\n    image: x\n    pull_policy: every_1w30m\n");
        var r = await dir.LoadAsync();
        Assert.Equal("daily", r.Project!.Services["a"].PullPolicy);
        Assert.Equal("every_1w30m", r.Project.Services["b"].PullPolicy);
    }

    [Fact]
    public async Task A_bad_interval_is_an_error_at_its_position()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  a:\n    image: x\n    pull_policy: every_5x\n  b:\n    image: x\n    pull_policy: sometimes\n");
        var e = await Assert.ThrowsAsync<ComposeException>(() => dir.LoadAsync());
        Assert.Equal(ExitCodeClass.InvalidFile, e.ExitCode);
        var lines = e.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Contains("compose.yaml:4:18: services.a.pull_policy: invalid pull_policy \"every_5x\": the interval must be digits followed by a unit (w, d, h, m or s), repeated: every_12h, every_2d, every_1w30m", lines);
        Assert.Contains("compose.yaml:7:18: services.b.pull_policy: must be one of the following: " + ImagePullPolicy.Forms, lines);
    }
}
