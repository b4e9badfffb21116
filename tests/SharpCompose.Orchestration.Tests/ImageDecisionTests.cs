using SharpCompose.Model;
using SharpCompose.Orchestration.Verbs;

namespace SharpCompose.Orchestration.Tests;

/// <summary>ImagePreparer.Decide: pull, build, use what is here, or fail, per pull_policy, the flags and the clock.</summary>
public class ImageDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private static ServiceSpec Service(string? policy, bool build = false) => new()
    {
        Name = "app",
        Image = "registry.example/app:1",
        PullPolicy = policy,
        Build = build ? new BuildSpec { Context = "/src/app" } : null,
    };

    private static LocalImage TaggedAgo(TimeSpan age) => new("sha256:local", Now - age);

    private static ImageAction Decide(ServiceSpec service, LocalImage? present, ImageOptions? options = null) =>
        ImagePreparer.Decide(service, options ?? new ImageOptions(), present, Now);

    [Theory]
    [InlineData("daily", 23, ImageAction.UseLocal)]
    [InlineData("daily", 25, ImageAction.Pull)]
    [InlineData("weekly", 24 * 6, ImageAction.UseLocal)]
    [InlineData("weekly", 24 * 8, ImageAction.Pull)]
    [InlineData("every_12h", 11, ImageAction.UseLocal)]
    [InlineData("every_12h", 13, ImageAction.Pull)]
    [InlineData("every_2d", 47, ImageAction.UseLocal)]
    [InlineData("every_2d", 49, ImageAction.Pull)]
    [InlineData("missing", 24 * 365, ImageAction.UseLocal)]
    [InlineData(null, 24 * 365, ImageAction.UseLocal)]
    [InlineData("always", 0, ImageAction.Pull)]
    [InlineData("never", 24 * 365, ImageAction.UseLocal)]
    public void A_present_image_is_refreshed_once_its_last_pull_is_older_than_the_interval(string? policy, int hoursAgo, ImageAction expected) =>
        Assert.Equal(expected, Decide(Service(policy), TaggedAgo(TimeSpan.FromHours(hoursAgo))));

    [Fact]
    public void The_interval_counts_from_the_clock_given()
    {
        var service = Service("every_1w30m");
        var present = new LocalImage("sha256:local", Now);
        Assert.Equal(ImageAction.UseLocal, ImagePreparer.Decide(service, new ImageOptions(), present, Now.AddDays(7).AddMinutes(30)));
        Assert.Equal(ImageAction.Pull, ImagePreparer.Decide(service, new ImageOptions(), present, Now.AddDays(7).AddMinutes(30).AddSeconds(1)));
    }

    [Theory]
    [InlineData("daily")]
    [InlineData("every_1s")]
    public void A_missing_image_is_pulled_and_an_unknown_last_pull_is_due(string policy)
    {
        Assert.Equal(ImageAction.Pull, Decide(Service(policy), null));
        // The engine's zero LastTagTime (never tagged: e.g. pulled with new content on 20.10), as Compose v2.
        Assert.Equal(ImageAction.Pull, Decide(Service(policy), new LocalImage("sha256:local", null)));
    }

    [Fact]
    public void The_pull_flag_overrides_a_refresh_policy()
    {
        var stale = TaggedAgo(TimeSpan.FromDays(30));
        Assert.Equal(ImageAction.UseLocal, Decide(Service("daily"), stale, new ImageOptions { Pull = "missing" }));
        Assert.Equal(ImageAction.UseLocal, Decide(Service("daily"), stale, new ImageOptions { Pull = "never" }));
        Assert.Equal(ImageAction.Pull, Decide(Service("daily"), TaggedAgo(TimeSpan.Zero), new ImageOptions { Pull = "Always" }));
    }

    [Fact]
    public void With_a_build_section_a_missing_image_is_built_and_a_stale_one_pulled()
    {
        Assert.Equal(ImageAction.Build, Decide(Service("daily", build: true), null));
        Assert.Equal(ImageAction.Pull, Decide(Service("daily", build: true), TaggedAgo(TimeSpan.FromDays(2))));
        Assert.Equal(ImageAction.UseLocal, Decide(Service("daily", build: true), TaggedAgo(TimeSpan.FromHours(1))));
        Assert.Equal(ImageAction.Build, Decide(Service("daily", build: true), TaggedAgo(TimeSpan.FromHours(1)), new ImageOptions { Build = true }));
    }

    [Fact]
    public void Never_without_the_image_is_unavailable()
    {
        Assert.Equal(ImageAction.Unavailable, Decide(Service("never"), null));
        Assert.Equal(ImageAction.Unavailable, Decide(Service(null, build: true), null, new ImageOptions { NoBuild = true, Pull = "never" }));
    }

    [Fact]
    public void The_last_tag_time_is_read_from_image_inspect()
    {
        var tagged = LocalImage.From(new Engine.ImageInspect { Id = "sha256:a", Metadata = new Engine.ImageMetadata { LastTagTime = "2026-11-21T14:10:27.944194365Z" } });
        var expected = new DateTimeOffset(2026, 11, 21, 14, 10, 27, 944, TimeSpan.Zero);
        Assert.InRange(tagged.LastTagTime!.Value, expected, expected.AddMilliseconds(1));
        Assert.Null(LocalImage.From(new Engine.ImageInspect { Id = "sha256:a", Metadata = new Engine.ImageMetadata { LastTagTime = "0001-01-01T00:00:00Z" } }).LastTagTime);
        Assert.Null(LocalImage.From(new Engine.ImageInspect { Id = "sha256:a" }).LastTagTime);
    }
}
