namespace SharpCompose.E2E.Tests.Support;

/// <summary>
/// A lock shared by every process on the machine (an exclusively opened file: flock on Linux), for scenarios
/// that cannot run twice at once on one engine, e.g. django-postgres's fixed container names when two
/// worktrees run the end-to-end tests at the same time. Released on dispose or when the process ends.
/// </summary>
public sealed class MachineLock : IDisposable
{
    private readonly FileStream _file;

    private MachineLock(FileStream file) => _file = file;

    public static async Task<MachineLock> AcquireAsync(string name, TimeSpan timeout)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sharpcompose-e2e-{name}.lock");
        var end = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new MachineLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < end)
            {
                await Task.Delay(1000, TestContext.Current.CancellationToken);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
