using SharpCompose.Model.Diagnostics;

namespace SharpCompose.Loading;

/// <summary>Loading failed: carries every error found and the Compose v2 exit code class.</summary>
public sealed class ComposeException : Exception
{
    public ComposeException(ExitCodeClass exitCode, IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString())))
    {
        ExitCode = exitCode;
        Diagnostics = diagnostics;
    }

    public ComposeException(ExitCodeClass exitCode, string message, SourceSpan at = default, string path = "")
        : this(exitCode, [new Diagnostic(Severity.Error, "error", message, at, path)])
    {
    }

    public ExitCodeClass ExitCode { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}

/// <summary>Collects diagnostics of a load; errors are capped.</summary>
public sealed class DiagnosticBag
{
    public const int MaxErrors = 100;
    private readonly List<Diagnostic> _errors = [];
    private readonly List<Diagnostic> _warnings = [];

    public IReadOnlyList<Diagnostic> Errors => _errors;
    public IReadOnlyList<Diagnostic> Warnings => _warnings;
    public bool HasErrors => _errors.Count > 0;

    public void Error(SourceSpan at, string path, string message, string code = "invalid")
    {
        if (_errors.Count < MaxErrors) _errors.Add(new Diagnostic(Severity.Error, code, message, at, path));
    }

    public void Warning(SourceSpan at, string path, string message, string code = "warning")
    {
        foreach (var w in _warnings)
            if (w.Message == message && w.Path == path) return;
        _warnings.Add(new Diagnostic(Severity.Warning, code, message, at, path));
    }

    /// <summary>Throws when errors were collected.</summary>
    public void ThrowIfErrors(ExitCodeClass exitCode = ExitCodeClass.InvalidFile)
    {
        if (_errors.Count > 0) throw new ComposeException(exitCode, _errors.ToList());
    }
}
