using Freeze.Archive;

namespace Freeze.Tools;

/// <summary>
/// The interactive mode of archive-viewer, as pyi-archive_viewer: <c>O name</c> opens a nested archive,
/// <c>U</c> goes up, <c>X name</c> extracts, <c>L</c> lists again, <c>Q</c> (or end of input) quits.
/// </summary>
internal sealed class InteractiveViewer(ArchiveView root, ToolConsole console)
{
    private const string Help = """
        Commands:
          O name   open the nested archive 'name' (asks for the name if omitted)
          U        go up to the containing archive
          X name   extract 'name' (asks for an output file; an empty answer writes to standard output)
          L        list the current archive again
          Q        quit
        """;

    private readonly Stack<ArchiveView> _opened = new();

    private ArchiveView Current => _opened.Count > 0 ? _opened.Peek() : root;

    private TextWriter Out => console.Out;

    public void Run()
    {
        try
        {
            ArchiveListing.WriteTable(root, Out);
            while (Ask("? ") is { } line)
            {
                string trimmed = line.Trim();
                if (trimmed.Length == 0)
                {
                    continue;
                }
                int space = trimmed.IndexOfAny([' ', '\t']);
                string command = (space < 0 ? trimmed : trimmed[..space]).ToUpperInvariant();
                string argument = space < 0 ? "" : trimmed[(space + 1)..].Trim();
                switch (command)
                {
                    case "Q":
                    case "QUIT":
                        return;
                    case "U":
                        GoUp();
                        break;
                    case "O":
                        OpenNested(argument);
                        break;
                    case "X":
                        Extract(argument);
                        break;
                    case "L":
                    case "LS":
                        ArchiveListing.WriteTable(Current, Out);
                        break;
                    case "H":
                    case "?":
                    case "HELP":
                        Out.WriteLine(Help);
                        break;
                    default:
                        Out.WriteLine($"Unknown command '{command}'. Type H for help.");
                        break;
                }
            }
        }
        finally
        {
            while (_opened.Count > 0)
            {
                _opened.Pop().Dispose();
            }
        }
    }

    private string? Ask(string prompt)
    {
        Out.Write(prompt);
        Out.Flush();
        return console.In.ReadLine();
    }

    private ArchiveItem? FindMember(string argument, string verb)
    {
        string name = argument.Length > 0 ? argument : Ask($"{verb} which member? ")?.Trim() ?? "";
        if (name.Length == 0)
        {
            Out.WriteLine("No name given.");
            return null;
        }
        var item = Current.Find(name);
        if (item is null)
        {
            Out.WriteLine($"No member named '{name}' in {Current.DisplayPath}.");
        }
        return item;
    }

    private void GoUp()
    {
        if (_opened.Count == 0)
        {
            Out.WriteLine("Already at the top level.");
            return;
        }
        _opened.Pop().Dispose();
        ArchiveListing.WriteTable(Current, Out);
    }

    private void OpenNested(string argument)
    {
        if (FindMember(argument, "Open") is not { } item)
        {
            return;
        }
        try
        {
            _opened.Push(NestedArchive.Open(Current, item));
        }
        catch (ToolException e)
        {
            Out.WriteLine($"Cannot open '{item.Name}': {e.Message}.");
            return;
        }
        ArchiveListing.WriteTable(Current, Out);
    }

    private void Extract(string argument)
    {
        if (FindMember(argument, "Extract") is not { } item)
        {
            return;
        }
        byte[] content;
        try
        {
            content = Current.Read(item);
        }
        catch (Exception e) when (e is InvalidArchiveException or IOException)
        {
            Out.WriteLine($"Cannot extract '{item.Name}': {e.Message}");
            return;
        }
        string? output = Ask("Output file name (empty: standard output)? ");
        if (output is null)
        {
            return;
        }
        output = output.Trim();
        if (output.Length == 0)
        {
            Out.Flush();
            console.RawOut.Write(content);
            console.RawOut.Flush();
            return;
        }
        try
        {
            File.WriteAllBytes(output, content);
            Out.WriteLine($"Extracted '{item.Name}' to {output} ({content.Length} bytes).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Out.WriteLine($"Cannot write {output}: {e.Message}");
        }
    }
}
