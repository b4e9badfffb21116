namespace SharpCompose.E2E.Tests;

public class SmokeTests
{
    [Fact]
    public void Builds() => Assert.True(true);
}
