namespace SharpCompose.Cli;

/// <summary>The exit codes, as Compose v2.26 uses them.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int NoComposeFile = 14;
    public const int InvalidComposeFile = 15;
    public const int BadCommand = 16;
    public const int Interrupted = 130;
}
