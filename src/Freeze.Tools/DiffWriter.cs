using System.Globalization;
using System.Text.Json;
using Freeze.Analysis.Report;

namespace Freeze.Tools;

/// <summary>The output of <c>freeze diff</c>: a text summary with the tables of what changed, or one JSON object.</summary>
internal static class DiffWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteText(BundleDiff diff, TextWriter output)
    {
        output.WriteLine($"freeze diff: {Describe(diff.A)} -> {Describe(diff.B)}");
        output.WriteLine($"{(diff.StoredBytes ? "stored" : "full")} bytes: {ByteSize.Format(diff.BytesBefore)} -> {ByteSize.Format(diff.BytesAfter)} ({ByteSize.FormatChange(diff.BytesAfter - diff.BytesBefore)})");
        output.WriteLine(string.Join(", ", Enum.GetValues<EntryChange>().Select(c => $"{diff.Count(c)} {Name(c)}")));

        var origins = diff.Origins.Where(o => o.Delta != 0 || o.CountBefore != o.CountAfter).ToList();
        var entries = diff.Entries.Where(e => e.Change != EntryChange.Unchanged).ToList();
        if (origins.Count == 0 && entries.Count == 0 && diff.Options.Count == 0)
        {
            output.WriteLine("no differences");
            return;
        }
        if (origins.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(diff.A.IsToc ? "by origin" : "by kind (an executable does not record origins)");
            output.WriteLine($"  {"change",12} {"before",11} {"after",11}  {(diff.A.IsToc ? "origin" : "kind")}");
            foreach (var origin in origins)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {ByteSize.FormatChange(origin.Delta),12} {ByteSize.Format(origin.BytesBefore),11} {ByteSize.Format(origin.BytesAfter),11}  {origin.Origin} ({origin.CountBefore} -> {origin.CountAfter} entries)"));
            }
        }
        if (entries.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("by entry");
            output.WriteLine($"    {"change",12} {"before",11} {"after",11}  entry");
            foreach (var entry in entries)
            {
                string before = entry.Before is null ? "-" : ByteSize.Format(diff.SizeOf(entry.Before));
                string after = entry.After is null ? "-" : ByteSize.Format(diff.SizeOf(entry.After));
                output.WriteLine($"  {Marker(entry.Change)} {ByteSize.FormatChange(entry.Delta),12} {before,11} {after,11}  {entry.Name}{Where(entry)}");
            }
        }
        if (diff.Options.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("options");
            foreach (var option in diff.Options)
            {
                output.WriteLine(option switch
                {
                    { Before: null } => $"  + {option.Key}: {option.After}",
                    { After: null } => $"  - {option.Key}: {option.Before}",
                    _ => $"  ~ {option.Key}: {option.Before} -> {option.After}",
                });
            }
        }
    }

    public static void WriteJson(BundleDiff diff, TextWriter output) => output.WriteLine(JsonSerializer.Serialize(new
    {
        a = Side(diff.A, diff.BytesBefore),
        b = Side(diff.B, diff.BytesAfter),
        sizes = diff.StoredBytes ? "stored" : "full",
        summary = Enum.GetValues<EntryChange>().ToDictionary(Name, diff.Count),
        entries = diff.Entries.Where(e => e.Change != EntryChange.Unchanged).Select(e => new
        {
            name = e.Name,
            change = Name(e.Change),
            before = Entry(e.Before, diff),
            after = Entry(e.After, diff),
            delta = e.Delta,
        }),
        origins = diff.Origins.Select(o => new
        {
            origin = o.Origin,
            entriesBefore = o.CountBefore,
            entriesAfter = o.CountAfter,
            bytesBefore = o.BytesBefore,
            bytesAfter = o.BytesAfter,
            delta = o.Delta,
        }),
        options = diff.Options.Select(o => new { key = o.Key, before = o.Before, after = o.After }),
    }, Indented));

    private static object Side(BundleSnapshot side, long bytes) =>
        new { file = side.File, kind = side.IsToc ? "toc" : "executable", entries = side.Entries.Count, bytes, executableBytes = side.ExecutableBytes };

    private static object? Entry(SnapshotEntry? entry, BundleDiff diff) =>
        entry is null ? null : new { origin = entry.Origin, place = entry.Place, bytes = diff.SizeOf(entry) };

    private static string Describe(BundleSnapshot side) =>
        $"{side.File} ({(side.IsToc ? "toc.json" : "executable")}, {side.Entries.Count} entries" +
        (side.ExecutableBytes is long bytes ? $", {ByteSize.Format(bytes)}" : "") + ")";

    private static string Where(EntryDiff entry) => entry switch
    {
        { Change: EntryChange.Added, After: { } after } => $"  [{after.Origin}]",
        { Change: EntryChange.Removed, Before: { } before } => $"  [{before.Origin}]",
        { Before: { } before, After: { } after } when before.Origin != after.Origin => $"  [{before.Origin} -> {after.Origin}]",
        { Before: { } before, After: { } after } when before.Place != after.Place => $"  [{before.Place} -> {after.Place}]",
        _ => "",
    };

    private static char Marker(EntryChange change) => change switch
    {
        EntryChange.Added => '+',
        EntryChange.Removed => '-',
        EntryChange.Grew => '>',
        EntryChange.Shrank => '<',
        _ => '~',
    };

    private static string Name(EntryChange change) => change.ToString().ToLowerInvariant();
}
