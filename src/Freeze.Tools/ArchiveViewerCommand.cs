using System.CommandLine;

namespace Freeze.Tools;

/// <summary><c>freeze archive-viewer</c>: pyi-archive_viewer for Freeze.Sdk packages and module archives.</summary>
internal static class ArchiveViewerCommand
{
    public const string Name = "archive-viewer";

    public const string Summary = "list, browse and extract a frozen executable, a package or a module archive";

    public const string Notes = """
        Without -l, -b, --json or -x it lists FILE and prompts for commands:
          O name   open a nested archive (the module archive 'modules.frz')
          U        go up one level
          X name   extract a member (asks for an output file; empty: standard output)
          L        list again
          Q        quit

        Typecodes: a assembly, b native library, x data, l link, z module archive, o option,
        m assembly inside a module archive.
        """;

    public static Command Create(ToolConsole console)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "a frozen executable (OneFile or OneDir), a package (CArchive) or a module archive",
        };
        var log = Flag("--log", "-l", "list the contents: typecode, compression, stored and full size, CRC-32, name");
        var brief = Flag("--brief", "-b", "list the member names only");
        var recursive = Flag("--recursive", "-r", "with -l, -b or --json, also list the nested archives");
        var json = new Option<bool>("--json")
        {
            Description = "the --log table as one JSON object (members; nested archives with -r)",
            Arity = ArgumentArity.Zero,
        };
        var extract = new Option<string>("--extract", "-x")
        {
            Description = "extract every file member into DIR (never outside it, never over a file)",
            HelpName = "DIR",
        };
        var command = new Command(Name, Summary) { file, log, brief, recursive, json, extract };
        command.Validators.Add(result =>
        {
            bool[] modes = [result.GetValue(log), result.GetValue(brief), result.GetValue(json), result.GetResult(extract) is not null];
            if (modes.Count(on => on) > 1)
            {
                result.AddError("use one of --log, --brief, --json and --extract");
            }
            else if (result.GetValue(recursive) && !result.GetValue(log) && !result.GetValue(brief) && !result.GetValue(json))
            {
                result.AddError("--recursive goes with --log, --brief or --json");
            }
        });
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(file),
            parsed.GetValue(log),
            parsed.GetValue(brief),
            parsed.GetValue(recursive),
            parsed.GetValue(json),
            parsed.GetValue(extract),
            console));
        return command;
    }

    private static Option<bool> Flag(string name, string alias, string description) =>
        new(name, alias) { Description = description, Arity = ArgumentArity.Zero };

    private static int Run(string file, bool log, bool brief, bool recursive, bool json, string? extractTo, ToolConsole console)
    {
        using var view = ArchiveOpener.OpenFile(file);
        if (log)
        {
            ArchiveListing.WriteLog(view, console.Out, recursive);
        }
        else if (json)
        {
            ArchiveJson.Write(view, console.Out, recursive);
        }
        else if (brief)
        {
            ArchiveListing.WriteBrief(view, console.Out, recursive);
        }
        else if (extractTo is not null)
        {
            int count = ArchiveExtractor.ExtractAll(view, extractTo);
            console.Out.WriteLine($"Extracted {count} members of {view.DisplayPath} into {extractTo}.");
        }
        else
        {
            new InteractiveViewer(view, console).Run();
        }
        return 0;
    }
}
