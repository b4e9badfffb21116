using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SharpCompose.Lifecycle.Tests;

/// <summary>
/// A bare git repository served over git's "dumb" HTTP protocol (static files after <c>git update-server-info</c>)
/// on 127.0.0.1, for build contexts the engine clones itself (dockerd shares the host's network namespace).
/// Everything it made goes on dispose.
/// </summary>
internal sealed class LocalGitServer : IAsyncDisposable
{
    private readonly string _dir;
    private readonly HttpListener _listener;
    private readonly Task _serving;
    private readonly StringBuilder _log = new();

    private LocalGitServer(string dir, HttpListener listener, int port)
    {
        _dir = dir;
        _listener = listener;
        Port = port;
        _serving = ServeAsync();
    }

    public int Port { get; }

    /// <summary>The repository's URL (append <c>#ref</c> or <c>#ref:subdir</c>).</summary>
    public string Url => $"http://127.0.0.1:{Port}/repo.git";

    /// <summary>The requests served, one a line.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Commits <paramref name="files"/> (path → content) on branch main and serves the repository.</summary>
    public static async Task<LocalGitServer> StartAsync(IReadOnlyDictionary<string, string> files)
    {
        var dir = Path.Combine(Path.GetTempPath(), "scgit-" + Guid.NewGuid().ToString("N")[..8]);
        var work = Path.Combine(dir, "work");
        Directory.CreateDirectory(work);
        try
        {
            await GitAsync(work, "init", "-q", "-b", "main", ".");
            foreach (var (path, content) in files)
            {
                var full = Path.Combine(work, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, content);
            }

            await GitAsync(work, "add", "-A");
            await GitAsync(work, "-c", "user.name=sctest", "-c", "user.email=sctest@localhost", "commit", "-q", "-m", "context");
            await GitAsync(dir, "clone", "-q", "--bare", work, "repo.git");
            await GitAsync(Path.Combine(dir, "repo.git"), "update-server-info");

            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            return new LocalGitServer(dir, listener, port);
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    private static async Task GitAsync(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var git = Process.Start(psi) ?? throw new InvalidOperationException("git could not be started (scripts/test-deps installs it)");
        var stderr = git.StandardError.ReadToEndAsync();
        await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)}: exit {git.ExitCode}: {await stderr}");
        }
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
            var file = Path.GetFullPath(Path.Combine(_dir, path));
            var found = file.StartsWith(Path.Combine(_dir, "repo.git") + "/", StringComparison.Ordinal) && File.Exists(file);
            lock (_log)
            {
                _log.AppendLine($"{context.Request.HttpMethod} {context.Request.Url.PathAndQuery} {(found ? 200 : 404)}");
            }

            try
            {
                context.Response.StatusCode = found ? 200 : 404;
                if (found)
                {
                    // Not application/x-git-upload-pack-advertisement: git (and dockerd) fall back to the dumb protocol.
                    context.Response.ContentType = "application/octet-stream";
                    if (context.Request.HttpMethod != "HEAD")
                    {
                        await using var source = File.OpenRead(file);
                        await source.CopyToAsync(context.Response.OutputStream);
                    }
                }

                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                context.Response.Abort();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
