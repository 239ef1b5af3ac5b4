using System.Globalization;
using System.Text;
using System.Text.Json;
using Freeze.Analysis.Report;

namespace Freeze.Tools;

/// <summary>The output of <c>freeze diff</c>: a text summary with the tables of what changed, or one JSON object.</summary>
internal static class DiffWriter
{
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

    public static void WriteJson(BundleDiff diff, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteSide(json, "a", diff.A, diff.BytesBefore);
            WriteSide(json, "b", diff.B, diff.BytesAfter);
            json.WriteString("sizes", diff.StoredBytes ? "stored" : "full");
            json.WriteStartObject("summary");
            foreach (var change in Enum.GetValues<EntryChange>())
            {
                json.WriteNumber(Name(change), diff.Count(change));
            }
            json.WriteEndObject();
            json.WriteStartArray("entries");
            foreach (var entry in diff.Entries.Where(e => e.Change != EntryChange.Unchanged))
            {
                json.WriteStartObject();
                json.WriteString("name", entry.Name);
                json.WriteString("change", Name(entry.Change));
                WriteEntry(json, "before", entry.Before, diff);
                WriteEntry(json, "after", entry.After, diff);
                json.WriteNumber("delta", entry.Delta);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("origins");
            foreach (var origin in diff.Origins)
            {
                json.WriteStartObject();
                json.WriteString("origin", origin.Origin);
                json.WriteNumber("entriesBefore", origin.CountBefore);
                json.WriteNumber("entriesAfter", origin.CountAfter);
                json.WriteNumber("bytesBefore", origin.BytesBefore);
                json.WriteNumber("bytesAfter", origin.BytesAfter);
                json.WriteNumber("delta", origin.Delta);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("options");
            foreach (var option in diff.Options)
            {
                json.WriteStartObject();
                json.WriteString("key", option.Key);
                json.WriteString("before", option.Before);
                json.WriteString("after", option.After);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteSide(Utf8JsonWriter json, string name, BundleSnapshot side, long bytes)
    {
        json.WriteStartObject(name);
        json.WriteString("file", side.File);
        json.WriteString("kind", side.IsToc ? "toc" : "executable");
        json.WriteNumber("entries", side.Entries.Count);
        json.WriteNumber("bytes", bytes);
        if (side.ExecutableBytes is long executable)
        {
            json.WriteNumber("executableBytes", executable);
        }
        json.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter json, string name, SnapshotEntry? entry, BundleDiff diff)
    {
        if (entry is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        json.WriteString("origin", entry.Origin);
        json.WriteString("place", entry.Place);
        json.WriteNumber("bytes", diff.SizeOf(entry));
        json.WriteEndObject();
    }

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
