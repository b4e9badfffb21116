using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace SharpCompose.Engine.Transport;

/// <summary>An open byte stream to the engine, with a way to half-close our sending side.</summary>
internal sealed class EngineConnection(Stream stream, Func<ValueTask> closeWrite) : IAsyncDisposable
{
    public Stream Stream { get; } = stream;
    public ValueTask CloseWriteAsync() => closeWrite();
    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}

/// <summary>Opens connections to an endpoint: unix socket, tcp, tcp+TLS, or ssh (docker system dial-stdio).</summary>
internal sealed class EngineConnector(EngineEndpoint endpoint, TimeSpan connectTimeout, string sshCommand = "ssh")
{
    public EngineEndpoint Endpoint => endpoint;

    public string UnavailableMessage(string why) =>
        $"cannot connect to the Docker Engine at {endpoint.Host}: {why}" +
        (endpoint.Kind == EndpointKind.Unix && endpoint.Host == EngineEndpoint.DefaultHost
            ? " (scripts/engine-up starts one)"
            : endpoint.Source == "default" ? "" : $" (endpoint from {endpoint.Source})");

    public async ValueTask<EngineConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            return endpoint.Kind switch
            {
                EndpointKind.Unix => await ConnectUnixAsync(timeout.Token).ConfigureAwait(false),
                EndpointKind.Tcp => await ConnectTcpAsync(timeout.Token).ConfigureAwait(false),
                EndpointKind.Ssh => await ConnectSshAsync(timeout.Token).ConfigureAwait(false),
                _ => throw new NotSupportedException(endpoint.Kind.ToString()),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException(UnavailableMessage(
                $"no connection within {connectTimeout.TotalSeconds:0.###} s: is the daemon running and reachable?"));
        }
        catch (SocketException e)
        {
            var why = e.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.ConnectionRefused when endpoint.Kind == EndpointKind.Unix
                    => "is the daemon running?",
                SocketError.ConnectionRefused => "connection refused: is the daemon running and listening there?",
                SocketError.AccessDenied => "permission denied: is the user allowed to use the socket?",
                SocketError.HostNotFound or SocketError.NoData => "unknown host",
                _ => $"{e.Message}: is the daemon running?",
            };
            if (endpoint.Kind == EndpointKind.Unix && !File.Exists(endpoint.UnixPath) && !Directory.Exists(endpoint.UnixPath))
                why = "is the daemon running?";
            throw new EngineUnavailableException(UnavailableMessage(why), e);
        }
        catch (Exception e) when (endpoint.Tls is not null && e is System.Security.Authentication.AuthenticationException or IOException)
        {
            throw new EngineUnavailableException(UnavailableMessage($"TLS handshake failed: {e.Message}"), e);
        }
    }

    private async ValueTask<EngineConnection> ConnectUnixAsync(CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.UnixPath), ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return SocketConnection(socket);
    }

    private static EngineConnection SocketConnection(Socket socket) =>
        new(new NetworkStream(socket, ownsSocket: true), () =>
        {
            try { socket.Shutdown(SocketShutdown.Send); }
            catch (ObjectDisposedException) { }
            catch (SocketException) { }
            return ValueTask.CompletedTask;
        });

    private async ValueTask<EngineConnection> ConnectTcpAsync(CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint.HostName, endpoint.Port ?? 2375, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        if (endpoint.Tls is not { } tls) return SocketConnection(socket);

        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.HostName,
                RemoteCertificateValidationCallback = (_, cert, chain, errors) => Validate(tls, cert, errors),
            };
            if (tls.CertFile is not null && tls.KeyFile is not null)
                options.ClientCertificates = [X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile)];
            await ssl.AuthenticateAsClientAsync(options, ct).ConfigureAwait(false);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        // TLS cannot half-close the way a socket can: send close_notify, which Go's tls.Conn reads as EOF
        // on the engine side; the connection then accepts no more writes from us.
        return new EngineConnection(ssl, async () =>
        {
            try { await ssl.ShutdownAsync().ConfigureAwait(false); }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
        });
    }

    private static bool Validate(EngineTls tls, X509Certificate? cert, SslPolicyErrors errors)
    {
        if (!tls.Verify) return true;
        if (cert is null) return false;
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            return false;
        if (tls.CaFile is null) return errors == SslPolicyErrors.None;
        using var chain = new X509Chain();
        var cas = new X509Certificate2Collection();
        cas.ImportFromPemFile(tls.CaFile);
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(cert);
        var ok = chain.Build(leaf);
        foreach (var element in chain.ChainElements) element.Certificate.Dispose();
        foreach (var ca in cas) ca.Dispose();
        return ok;
    }

    private async ValueTask<EngineConnection> ConnectSshAsync(CancellationToken ct)
    {
        var psi = new ProcessStartInfo(sshCommand)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-T");
        psi.ArgumentList.Add("-o");
        psi.ArgumentList.Add("ConnectTimeout=" + Math.Max(1, (int)Math.Ceiling(connectTimeout.TotalSeconds)));
        // No BatchMode, like the docker CLI: ssh may still ask for a passphrase on the terminal (/dev/tty).
        if (endpoint.UserName is { } user) { psi.ArgumentList.Add("-l"); psi.ArgumentList.Add(user); }
        if (endpoint.Port is { } port) { psi.ArgumentList.Add("-p"); psi.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        psi.ArgumentList.Add("--");
        psi.ArgumentList.Add(endpoint.HostName);
        psi.ArgumentList.Add("docker");
        psi.ArgumentList.Add("system");
        psi.ArgumentList.Add("dial-stdio");
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new EngineUnavailableException(UnavailableMessage("could not start ssh"));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EngineUnavailableException(UnavailableMessage($"could not start ssh ({e.Message}): is an ssh client installed?"), e);
        }
        await Task.Yield();
        ct.ThrowIfCancellationRequested();
        var stream = new ProcessDuplexStream(process);
        return new EngineConnection(stream, () => stream.CloseWriteAsync());
    }
}

/// <summary>A child process's stdout (read) and stdin (write) as one duplex stream; disposing kills it.</summary>
internal sealed class ProcessDuplexStream : Stream
{
    private readonly Process _process;
    private readonly Stream _in;
    private readonly Stream _out;
    private readonly Task<string> _stderr;
    private bool _writeClosed;

    public ProcessDuplexStream(Process process)
    {
        _process = process;
        _in = process.StandardOutput.BaseStream;
        _out = process.StandardInput.BaseStream;
        _stderr = ReadBoundedAsync(process.StandardError);
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        var sb = new System.Text.StringBuilder();
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            if (sb.Length < 16384) sb.Append(buffer, 0, n);
        return sb.ToString();
    }

    public string ErrorOutput => _stderr.IsCompletedSuccessfully ? _stderr.Result.Trim() : "";

    public ValueTask CloseWriteAsync()
    {
        if (!_writeClosed)
        {
            _writeClosed = true;
            try { _out.Dispose(); } catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }

    public override bool CanRead => true;
    public override bool CanWrite => !_writeClosed;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { if (!_writeClosed) _out.Flush(); }
    public override Task FlushAsync(CancellationToken cancellationToken) => _writeClosed ? Task.CompletedTask : _out.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>At the end of ssh's output, a failed ssh (exit code not 0) is an error carrying what it printed.</summary>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _in.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n > 0 || buffer.Length == 0) return n;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            var stderr = await _stderr.WaitAsync(bound.Token).ConfigureAwait(false);
            if (_process.ExitCode != 0)
                throw new IOException($"{Path.GetFileName(_process.StartInfo.FileName)} exited with code {_process.ExitCode}: {stderr.Trim()}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // still running after closing its output: plain end of stream
        }
        return 0;
    }
    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await _out.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            await _out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw await FailureAsync(e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Why ssh went away: its exit code and what it printed, when it has exited.</summary>
    private async Task<IOException> FailureAsync(IOException original, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            var stderr = await _stderr.WaitAsync(bound.Token).ConfigureAwait(false);
            return new IOException($"{Path.GetFileName(_process.StartInfo.FileName)} exited with code {_process.ExitCode}: {stderr.Trim()}", original);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return original;
        }
    }
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            _process.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>A stream that first returns already-read bytes, then the rest of the inner stream.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override bool CanRead => true;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.Length > 0) return TakePrefix(buffer);
        return inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.Length > 0) return ValueTask.FromResult(TakePrefix(buffer.Span));
        return inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int TakePrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
