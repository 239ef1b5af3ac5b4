using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;

namespace Freeze.Tools;

/// <summary>The <c>freeze</c> command: one subcommand per PyInstaller utility.</summary>
public static class Program
{
    private const string Summary = "tools of Freeze.Sdk, PyInstaller for .NET";

    private const string Description = "the counterparts of PyInstaller's pyi-archive_viewer and pyi-bindepend, and a diff of two frozen apps";

    /// <summary>Response files are off: an argument starting with <c>@</c> is a file name like any other.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static int Main(string[] args) => Run(args, ToolConsole.System());

    internal static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    internal static int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        try
        {
            var parsed = CreateCommand(console).Parse(args, Parsing);
            if (CommandLineError.Find(parsed, args) is { } error)
            {
                throw error;
            }
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (ToolException e)
        {
            console.ReportError(e.Diagnostic, e.Message);
            return e.ExitCode;
        }
        catch (Exception e)
        {
            console.ReportError(FreezeDiagnostics.ToolInternal, $"internal error ({e.GetType().Name}: {e.Message}); please report it");
            return 1;
        }
        finally
        {
            console.Out.Flush();
        }
    }

    private static RootCommand CreateCommand(ToolConsole console)
    {
        var archiveViewer = ArchiveViewerCommand.Create(console);
        var bindepend = BindependCommand.Create(console);
        var diff = DiffCommand.Create(console);
        var root = new RootCommand(Description) { HelpName = "freeze" };
        root.Options.Clear();
        root.Options.Add(new HelpOption("--help", "-h")
        {
            Description = "show this help",
            Action = new HelpWithNotes($"freeze {Version}: {Summary}", new Dictionary<Command, string>
            {
                [root] = "Run 'freeze COMMAND --help' for the options of a command.",
                [archiveViewer] = ArchiveViewerCommand.Notes,
                [bindepend] = BindependCommand.Notes,
                [diff] = DiffCommand.Notes,
            }),
        });
        root.Options.Add(new VersionOption { Description = "show the version", Action = new PrintVersion() });
        root.Subcommands.Add(archiveViewer);
        root.Subcommands.Add(bindepend);
        root.Subcommands.Add(diff);
        return root;
    }
}
