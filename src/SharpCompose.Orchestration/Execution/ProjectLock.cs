namespace SharpCompose.Orchestration.Execution;

/// <summary>
/// Serialises one project's mutations on this machine: two <c>up</c> of the same project started at once run
/// one after the other, so neither makes a duplicate container or network. An OS file lock (released by the
/// kernel if the process dies), under the temp directory.
/// </summary>
public sealed class ProjectLock : IDisposable
{
    private readonly FileStream _stream;

    private ProjectLock(FileStream stream) => _stream = stream;

    public static async Task<ProjectLock> AcquireAsync(string project, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sharpcompose-locks");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, project + ".lock");
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new ProjectLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException)
            {
                // Held by another process: wait for it (the holder's run is bounded by its own timeouts).
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(250, delay.TotalMilliseconds * 2));
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
