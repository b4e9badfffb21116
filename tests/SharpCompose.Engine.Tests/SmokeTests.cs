namespace SharpCompose.Engine.Tests;

public class SmokeTests
{
    [Fact]
    public void Builds() => Assert.True(true);
}
