using System.Reflection;

namespace Freeze.Tools;

/// <summary>The <c>freeze</c> command: one subcommand per PyInstaller utility.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, ToolConsole.System());

    internal static int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        try
        {
            return Dispatch(args, console);
        }
        catch (ToolException e)
        {
            console.ReportError(e.Code, e.Message);
            return e.ExitCode;
        }
        catch (Exception e)
        {
            console.ReportError(ToolErrorCode.Internal, $"internal error ({e.GetType().Name}: {e.Message}); please report it");
            return 1;
        }
        finally
        {
            console.Out.Flush();
        }
    }

    private static int Dispatch(IReadOnlyList<string> args, ToolConsole console)
    {
        if (args.Count == 0)
        {
            throw ToolException.Usage("no command given (see 'freeze --help')");
        }
        var rest = args.Skip(1).ToList();
        switch (args[0])
        {
            case "-h":
            case "--help":
            case "help":
                console.Out.WriteLine(Usage);
                return 0;
            case "--version":
                console.Out.WriteLine(Version);
                return 0;
            case ArchiveViewerCommand.Name:
                return ArchiveViewerCommand.Run(rest, console);
            case BindependCommand.Name:
                return BindependCommand.Run(rest, console);
            default:
                throw ToolException.Usage($"unknown command '{args[0]}' (see 'freeze --help')");
        }
    }

    private static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private static string Usage => $"""
        freeze {Version}: tools of Freeze.Sdk, PyInstaller for .NET

        Usage: freeze COMMAND [options]

        Commands:
          {ArchiveViewerCommand.Name,-16}{ArchiveViewerCommand.Summary}
          {BindependCommand.Name,-16}{BindependCommand.Summary}

        Options:
          -h, --help      show this help
          --version       show the version

        Run 'freeze COMMAND --help' for the options of a command.
        """;
}
