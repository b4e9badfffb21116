namespace SharpCompose.Cli.Rendering;

/// <summary>ANSI escape sequences the renderers use.</summary>
public static class Ansi
{
    public const string Reset = "\u001b[0m";
    public const string Bold = "\u001b[1m";
    public const string Dim = "\u001b[2m";
    public const string Red = "\u001b[31m";
    public const string Green = "\u001b[32m";
    public const string Yellow = "\u001b[33m";
    public const string Blue = "\u001b[34m";
    public const string Cyan = "\u001b[36m";
    public const string ClearLine = "\u001b[2K";

    /// <summary>The palette service log prefixes cycle through, as Compose v2 does.</summary>
    public static readonly string[] ServicePalette =
    [
        "\u001b[36m", "\u001b[33m", "\u001b[32m", "\u001b[35m", "\u001b[34m",
        "\u001b[96m", "\u001b[93m", "\u001b[92m", "\u001b[95m", "\u001b[94m",
    ];

    public static string CursorUp(int lines) => lines > 0 ? $"\u001b[{lines}A" : string.Empty;

    public static string Paint(string text, string color, bool enabled) => enabled ? color + text + Reset : text;
}
