namespace SharpCompose.Model.Diagnostics;

/// <summary>A position in a source file (1-based line and column). File may be "-" for stdin.</summary>
public readonly record struct SourceSpan(string File, int Line, int Column)
{
    public static readonly SourceSpan None = new("", 0, 0);
    public bool IsKnown => Line > 0;
    public override string ToString() => IsKnown ? $"{File}:{Line}:{Column}" : File;
}

public enum Severity { Warning, Error }

/// <summary>One finding of the loader: where, which model path, what.</summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, SourceSpan At, string Path)
{
    /// <summary>One line: <c>compose.yaml:14:9: services.web.ports[0]: message</c>.</summary>
    public override string ToString()
    {
        var location = At.IsKnown ? At + ": " : At.File is { Length: > 0 } ? At.File + ": " : "";
        var path = Path.Length > 0 ? Path + ": " : "";
        return location + path + Message;
    }
}

/// <summary>Exit code classes of Compose v2.26.</summary>
public enum ExitCodeClass
{
    Failure = 1,
    NoComposeFile = 14,
    InvalidFile = 15,
    BadCommand = 16,
}
