using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Freeze.Tools;

/// <summary>
/// System.CommandLine's generated help, headed by <paramref name="title"/> for the root command and
/// followed by the notes of the command it describes.
/// </summary>
internal sealed class HelpWithNotes(string title, IReadOnlyDictionary<Command, string> notes) : SynchronousCommandLineAction
{
    private readonly HelpAction _generated = new();

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var command = parseResult.CommandResult.Command;
        if (command is RootCommand)
        {
            output.WriteLine(title);
            output.WriteLine();
        }
        _generated.Invoke(parseResult);
        if (notes.TryGetValue(command, out string? text))
        {
            output.WriteLine(text);
        }
        return 0;
    }
}
