namespace SharpCompose.Cli;

/// <summary>Exit codes and one-line messages for the exception types of the layers below the CLI.</summary>
internal static class ErrorMapping
{
    public static (int Code, string? Message)? Map(Exception e) => e switch
    {
        _ => null,
    };
}
