using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Freeze.Tools;

/// <summary>
/// Turns what is wrong with a command line into the one FRZ0401 line: System.CommandLine's parse errors,
/// and the arguments it would otherwise take for file names (<c>--yaml</c>, the <c>yes</c> of <c>--log=yes</c>).
/// </summary>
internal static class CommandLineError
{
    /// <summary>The error to report, or <see langword="null"/> when the command line is right.</summary>
    public static ToolException? Find(ParseResult parsed, IReadOnlyList<string> args)
    {
        string? message = (parsed.Action is { ClearsParseErrors: true } ? null : MisreadOption(parsed, args))
            ?? (parsed.Errors.Count > 0 ? Describe(parsed) : null);
        if (message is null)
        {
            return null;
        }
        var command = parsed.CommandResult.Command;
        return command is RootCommand
            ? ToolException.Usage($"{message} (see 'freeze --help')")
            : ToolException.Usage($"{command.Name}: {message} (see 'freeze {command.Name} --help')");
    }

    /// <summary>
    /// An unknown option before <c>--</c>, which System.CommandLine passes on as an argument, or a value
    /// glued to an option that takes none (<c>--log=yes</c>, <c>-lq</c>), which it splits off as one.
    /// </summary>
    private static string? MisreadOption(ParseResult parsed, IReadOnlyList<string> args)
    {
        var options = parsed.CommandResult.Children.OfType<OptionResult>().ToList();
        Token? previous = null;
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                return null;
            }
            if (token.Type == TokenType.Argument && !options.Any(o => o.Tokens.Any(t => ReferenceEquals(t, token))))
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    return $"unknown option '{token.Value}'";
                }
                if (previous is { Type: TokenType.Option } flag && TakesNoValue(options, flag.Value) && !args.Contains(token.Value))
                {
                    return $"option '{flag.Value}' takes no value, got '{token.Value}'";
                }
            }
            previous = token;
        }
        return null;
    }

    private static bool TakesNoValue(List<OptionResult> options, string alias) =>
        options.Any(o => (o.Option.Name == alias || o.Option.Aliases.Contains(alias)) && o.Option.Arity.MaximumNumberOfValues == 0);

    private static string Describe(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.Count > 0)
        {
            string token = parsed.UnmatchedTokens[0];
            return parsed.CommandResult.Command is RootCommand ? $"unknown command '{token}'" : $"unexpected argument '{token}'";
        }
        var error = parsed.Errors[0];
        return error.SymbolResult switch
        {
            CommandResult { Command: RootCommand } when parsed.Action is ParseErrorAction => "no command given",
            ArgumentResult { Tokens.Count: 0 } missing => $"no {missing.Argument.Name} given",
            OptionResult { Tokens.Count: 0, Option.Arity.MinimumNumberOfValues: > 0 } option =>
                $"option '{option.IdentifierToken?.Value ?? option.Option.Name}' needs a value",
            _ => error.Message.TrimEnd('.'),
        };
    }
}
