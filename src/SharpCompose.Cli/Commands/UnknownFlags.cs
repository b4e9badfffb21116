using System.CommandLine;
using System.CommandLine.Parsing;

namespace SharpCompose.Cli.Commands;

/// <summary>
/// An unknown flag where a command takes arguments (<c>up --no-such-flag</c>) is parsed as an argument value
/// (a service named "--no-such-flag"). Compose v2 says "unknown flag" (exit 16): so do we, before loading anything.
/// </summary>
public static class UnknownFlags
{
    public static string? Find(ParseResult parse)
    {
        var doubleDash = -1;
        for (var i = 0; i < parse.Tokens.Count; i++)
        {
            if (parse.Tokens[i].Type == TokenType.DoubleDash)
            {
                doubleDash = i;
                break;
            }
        }

        for (var result = (SymbolResult?)parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is not CommandResult command)
            {
                continue;
            }

            foreach (var argument in command.Children.OfType<ArgumentResult>())
            {
                foreach (var token in argument.Tokens)
                {
                    if (token.Value.Length > 1 && token.Value[0] == '-' && !double.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out _))
                    {
                        var position = IndexOf(parse.Tokens, token);
                        if (doubleDash < 0 || position < doubleDash)
                        {
                            return token.Value;
                        }
                    }
                }
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token))
            {
                return i;
            }
        }

        return -1;
    }
}
