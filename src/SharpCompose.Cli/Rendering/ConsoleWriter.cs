namespace SharpCompose.Cli.Rendering;

/// <summary>When to write ANSI control sequences.</summary>
public enum AnsiMode
{
    Auto,
    Always,
    Never,
}

/// <summary>
/// The ONE owner of stdout and stderr. Data (config, ps, logs) goes to <see cref="Out"/>; progress and human
/// messages go to <see cref="Error"/>. Writes are serialised so the live view and log lines never tear.
/// </summary>
public sealed class ConsoleWriter
{
    private readonly Lock _lock = new();

    public ConsoleWriter(TextWriter output, TextWriter error, bool outputIsTerminal, bool errorIsTerminal, AnsiMode ansi)
    {
        Out = output;
        Error = error;
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        ColorOut = ansi == AnsiMode.Always || (ansi == AnsiMode.Auto && outputIsTerminal && !noColor);
        ColorError = ansi == AnsiMode.Always || (ansi == AnsiMode.Auto && errorIsTerminal && !noColor);
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool OutputIsTerminal { get; }

    public bool ErrorIsTerminal { get; }

    /// <summary>Whether stdout may carry colour.</summary>
    public bool ColorOut { get; }

    /// <summary>Whether stderr may carry colour and cursor movement.</summary>
    public bool ColorError { get; }

    public Lock SyncRoot => _lock;

    public static ConsoleWriter FromProcess(AnsiMode ansi)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 14) { AutoFlush = true };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false), 1 << 12) { AutoFlush = true };
        return new ConsoleWriter(stdout, stderr, !Console.IsOutputRedirected, !Console.IsErrorRedirected, ansi);
    }

    public int TerminalWidth
    {
        get
        {
            try
            {
                return ErrorIsTerminal && Console.WindowWidth > 0 ? Console.WindowWidth : 120;
            }
            catch (IOException)
            {
                return 120;
            }
        }
    }

    public void WriteOut(string text)
    {
        lock (_lock)
        {
            Out.Write(text);
        }
    }

    public void WriteOutLine(string line)
    {
        lock (_lock)
        {
            Out.WriteLine(line);
        }
    }

    public void WriteErrorLine(string line)
    {
        lock (_lock)
        {
            Error.WriteLine(line);
        }
    }
}
