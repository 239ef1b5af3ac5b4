namespace Freeze.Tools;

/// <summary><c>freeze archive-viewer</c>: pyi-archive_viewer for Freeze.Sdk packages and module archives.</summary>
internal static class ArchiveViewerCommand
{
    public const string Name = "archive-viewer";

    public const string Summary = "list, browse and extract a frozen executable, a package or a module archive";

    private static readonly OptionSpec[] Options =
    [
        new('l', "log"),
        new('b', "brief"),
        new('r', "recursive"),
        new('x', "extract", TakesValue: true),
        new('h', "help"),
    ];

    private const string Usage = """
        Usage: freeze archive-viewer [options] FILE

        Opens FILE: a frozen executable (OneFile or OneDir), a package (CArchive) or a module archive.
        Without -l, -b or -x it starts an interactive prompt:
          O name   open a nested archive (the module archive 'modules.frz')
          U        go up one level
          X name   extract a member (asks for an output file; empty: standard output)
          L        list again
          Q        quit

        Options:
          -l, --log            list the contents: typecode, compression, stored and full size, CRC-32, name
          -b, --brief          list the member names only
          -r, --recursive      with -l or -b, also list the nested archives
          -x, --extract DIR    extract every file member into DIR (never outside it, never over a file)
          -h, --help           show this help

        Typecodes: a assembly, b native library, x data, z module archive, o option,
        m assembly inside a module archive.
        """;

    public static int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        var parsed = OptionParser.Parse(Name, args, Options);
        if (parsed.Has("help"))
        {
            console.Out.WriteLine(Usage);
            return 0;
        }
        if (parsed.Operands.Count != 1)
        {
            throw ToolException.Usage(parsed.Operands.Count == 0
                ? $"{Name}: no FILE given (see 'freeze {Name} --help')"
                : $"{Name}: one FILE at a time, got {parsed.Operands.Count}");
        }
        bool log = parsed.Has("log");
        bool brief = parsed.Has("brief");
        bool recursive = parsed.Has("recursive");
        string? extractTo = parsed.Value("extract");
        if ((log ? 1 : 0) + (brief ? 1 : 0) + (extractTo is null ? 0 : 1) > 1)
        {
            throw ToolException.Usage($"{Name}: use one of --log, --brief and --extract");
        }
        if (recursive && !log && !brief)
        {
            throw ToolException.Usage($"{Name}: --recursive goes with --log or --brief");
        }

        using var view = ArchiveOpener.OpenFile(parsed.Operands[0]);
        if (log)
        {
            ArchiveListing.WriteLog(view, console.Out, recursive);
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
