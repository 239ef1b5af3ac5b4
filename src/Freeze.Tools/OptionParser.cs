namespace Freeze.Tools;

/// <summary>A flag (<c>-l</c>/<c>--log</c>) or, when <see cref="TakesValue"/>, an option with a value.</summary>
internal sealed record OptionSpec(char? Short, string Long, bool TakesValue = false);

internal sealed record ParsedOptions(IReadOnlyDictionary<string, string?> Options, IReadOnlyList<string> Operands)
{
    public bool Has(string longName) => Options.ContainsKey(longName);

    public string? Value(string longName) => Options.GetValueOrDefault(longName);
}

/// <summary>
/// GNU-style parsing: <c>-lr</c> combines flags, <c>--name=value</c> and <c>--name value</c> both work,
/// <c>--</c> ends the options.
/// </summary>
internal static class OptionParser
{
    public static ParsedOptions Parse(string command, IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var operands = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                int equals = arg.IndexOf('=');
                string name = equals < 0 ? arg[2..] : arg[2..equals];
                var spec = specs.FirstOrDefault(s => s.Long == name)
                    ?? throw ToolException.Usage($"{command}: unknown option '--{name}' (see 'freeze {command} --help')");
                options[spec.Long] = spec.TakesValue
                    ? equals >= 0 ? arg[(equals + 1)..] : TakeValue(command, args, ref i, arg)
                    : equals < 0 ? null : throw ToolException.Usage($"{command}: option '--{name}' takes no value");
                continue;
            }
            if (arg.Length > 1 && arg[0] == '-')
            {
                for (int j = 1; j < arg.Length; j++)
                {
                    var spec = specs.FirstOrDefault(s => s.Short == arg[j])
                        ?? throw ToolException.Usage($"{command}: unknown option '-{arg[j]}' (see 'freeze {command} --help')");
                    if (spec.TakesValue)
                    {
                        options[spec.Long] = j + 1 < arg.Length ? arg[(j + 1)..] : TakeValue(command, args, ref i, "-" + arg[j]);
                        break;
                    }
                    options[spec.Long] = null;
                }
                continue;
            }
            operands.Add(arg);
        }
        return new ParsedOptions(options, operands);
    }

    private static string TakeValue(string command, IReadOnlyList<string> args, ref int i, string option)
    {
        if (i + 1 >= args.Count)
        {
            throw ToolException.Usage($"{command}: option '{option}' needs a value");
        }
        return args[++i];
    }
}
