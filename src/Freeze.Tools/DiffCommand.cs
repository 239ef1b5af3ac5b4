using System.CommandLine;

namespace Freeze.Tools;

/// <summary><c>freeze diff A B</c>: what was added, removed, grew or shrank between two frozen apps, by entry and by origin.</summary>
internal static class DiffCommand
{
    public const string Name = "diff";

    public const string Summary = "compare two frozen executables or two toc.json files: entries added, removed, grown, shrunk, by entry and by origin";

    public const string Notes = """
        A and B are both frozen executables (or packages), compared by stored bytes and grouped by
        kind (an executable does not record origins), or both toc.json files (obj/…/freeze/toc.json),
        compared by full bytes and grouped by origin: the app, each project, each package at its
        version, the runtime packs, native dependencies, user items.

        Markers: + added, - removed, > grew, < shrank, ~ moved (same size, another place or origin).
        The exit code is 0 whether or not they differ.
        """;

    public static Command Create(ToolConsole console)
    {
        var before = new Argument<string>("A") { Description = "the bundle before: a frozen executable or a toc.json" };
        var after = new Argument<string>("B") { Description = "the bundle after, of the same kind as A" };
        var json = new Option<bool>("--json")
        {
            Description = "one JSON object: both sides, the counts, the changed entries, every origin, the changed options",
            Arity = ArgumentArity.Zero,
        };
        var command = new Command(Name, Summary) { before, after, json };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(before), parsed.GetRequiredValue(after), parsed.GetValue(json), console));
        return command;
    }

    private static int Run(string before, string after, bool json, ToolConsole console)
    {
        var a = BundleSnapshot.Load(before);
        var b = BundleSnapshot.Load(after);
        if (a.IsToc != b.IsToc)
        {
            throw ToolException.Usage($"{Name}: {before} is {KindOf(a)} and {after} is {KindOf(b)}; compare two executables or two toc.json files (see 'freeze {Name} --help')");
        }
        var diff = BundleDiff.Compare(a, b);
        if (json)
        {
            DiffWriter.WriteJson(diff, console.Out);
        }
        else
        {
            DiffWriter.WriteText(diff, console.Out);
        }
        return 0;
    }

    private static string KindOf(BundleSnapshot snapshot) => snapshot.IsToc ? "a toc.json" : "an executable";
}
