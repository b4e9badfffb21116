using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SharpCompose.Engine.Tests.Support;

/// <summary>A temp directory removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sctest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

public static class Tar
{
    /// <summary>A tar archive (in memory: for small test contexts) of the given files.</summary>
    public static MemoryStream Of(params (string Name, string Content)[] files)
    {
        var ms = new MemoryStream();
        using (var writer = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                writer.WriteEntry(entry);
            }
        }
        ms.Position = 0;
        return ms;
    }

    public static Dictionary<string, string> Read(Stream tar)
    {
        var result = new Dictionary<string, string>();
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null) { result[entry.Name] = ""; continue; }
            using var sr = new StreamReader(entry.DataStream);
            result[entry.Name] = sr.ReadToEnd();
        }
        return result;
    }
}

public static class Net
{
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static async Task WaitForPortAsync(int port, TimeSpan bound, Func<string>? diagnostics = null)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
                return;
            }
            catch (SocketException)
            {
                if (sw.Elapsed > bound) Assert.Fail($"nothing listens on 127.0.0.1:{port} within {bound.TotalSeconds:0} s. {diagnostics?.Invoke()}");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }
}

/// <summary>Runs a command, bounded, and returns its output; fails the test on a non-zero exit.</summary>
public static class Run
{
    public static async Task<string> CommandAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(60));
        var stdout = p.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = p.StandardError.ReadToEndAsync(cts.Token);
        await p.WaitForExitAsync(cts.Token);
        if (p.ExitCode != 0) Assert.Fail($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await stderr}");
        return await stdout;
    }
}

/// <summary>A background process owned by a test, killed on dispose; its output is kept for diagnostics.</summary>
public sealed class OwnedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public OwnedProcess(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public string Tail(int chars = 3000)
    {
        var o = Output;
        return o.Length > chars ? o[^chars..] : o;
    }

    /// <summary>SIGTERM, then SIGKILL after a bound.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit(5000);
                if (!_process.WaitForExit(20000)) _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
