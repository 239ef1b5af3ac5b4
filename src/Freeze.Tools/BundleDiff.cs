namespace Freeze.Tools;

internal enum EntryChange
{
    Added,
    Removed,
    Grew,
    Shrank,
    /// <summary>Same size, but placed elsewhere or from another origin (a package at another version).</summary>
    Moved,
    Unchanged,
}

/// <summary>One entry in both bundles or one of them; <see cref="Delta"/> in the compared bytes.</summary>
internal sealed record EntryDiff(string Name, EntryChange Change, SnapshotEntry? Before, SnapshotEntry? After, long Delta);

/// <summary>An origin's entries and bytes before and after.</summary>
internal sealed record OriginDiff(string Origin, int CountBefore, int CountAfter, long BytesBefore, long BytesAfter)
{
    public long Delta => BytesAfter - BytesBefore;
}

internal sealed record OptionDiff(string Key, string? Before, string? After);

/// <summary>
/// What changed from bundle A to bundle B, by entry, by origin and in the options. Sizes are stored bytes
/// when both sides know them (two executables), else full bytes.
/// </summary>
internal sealed record BundleDiff(BundleSnapshot A, BundleSnapshot B, bool StoredBytes, IReadOnlyList<EntryDiff> Entries, IReadOnlyList<OriginDiff> Origins, IReadOnlyList<OptionDiff> Options)
{
    public long BytesBefore => Entries.Sum(e => e.Before is null ? 0 : SizeOf(e.Before));

    public long BytesAfter => Entries.Sum(e => e.After is null ? 0 : SizeOf(e.After));

    public int Count(EntryChange change) => Entries.Count(e => e.Change == change);

    public long SizeOf(SnapshotEntry entry) => SizeOf(entry, StoredBytes);

    private static long SizeOf(SnapshotEntry entry, bool stored) => stored ? entry.Stored ?? entry.Full : entry.Full;

    public static BundleDiff Compare(BundleSnapshot a, BundleSnapshot b)
    {
        bool stored = a.Entries.All(e => e.Stored is not null) && b.Entries.All(e => e.Stored is not null);
        long Size(SnapshotEntry e) => SizeOf(e, stored);
        var before = ByName(a);
        var after = ByName(b);
        var entries = before.Keys.Union(after.Keys, StringComparer.Ordinal).Select(name =>
        {
            var old = before.GetValueOrDefault(name);
            var now = after.GetValueOrDefault(name);
            long delta = (now is null ? 0 : Size(now)) - (old is null ? 0 : Size(old));
            var change = old is null ? EntryChange.Added
                : now is null ? EntryChange.Removed
                : delta > 0 ? EntryChange.Grew
                : delta < 0 ? EntryChange.Shrank
                : old.Origin != now.Origin || old.Place != now.Place ? EntryChange.Moved
                : EntryChange.Unchanged;
            return new EntryDiff(name, change, old, now, delta);
        })
        .OrderBy(e => e.Change).ThenByDescending(e => Math.Abs(e.Delta)).ThenBy(e => e.Name, StringComparer.Ordinal)
        .ToList();

        var originsBefore = a.Entries.ToLookup(e => e.Origin, StringComparer.Ordinal);
        var originsAfter = b.Entries.ToLookup(e => e.Origin, StringComparer.Ordinal);
        var origins = originsBefore.Select(g => g.Key).Union(originsAfter.Select(g => g.Key), StringComparer.Ordinal)
            .Select(origin => new OriginDiff(origin, originsBefore[origin].Count(), originsAfter[origin].Count(), originsBefore[origin].Sum(Size), originsAfter[origin].Sum(Size)))
        .OrderByDescending(o => Math.Abs(o.Delta)).ThenBy(o => o.Origin, StringComparer.Ordinal)
        .ToList();

        var optionsBefore = OptionsOf(a);
        var optionsAfter = OptionsOf(b);
        var options = optionsBefore.Keys.Union(optionsAfter.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(key => new OptionDiff(key, optionsBefore.GetValueOrDefault(key), optionsAfter.GetValueOrDefault(key)))
            .Where(o => o.Before != o.After)
            .ToList();
        return new BundleDiff(a, b, stored, entries, origins, options);
    }

    private static Dictionary<string, SnapshotEntry> ByName(BundleSnapshot snapshot)
    {
        var entries = new Dictionary<string, SnapshotEntry>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Entries)
        {
            entries.TryAdd(entry.Name, entry);
        }
        return entries;
    }

    /// <summary>An option given more than once shows its values joined with "; ".</summary>
    private static Dictionary<string, string> OptionsOf(BundleSnapshot snapshot)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in snapshot.Options)
        {
            options[option.Key] = options.TryGetValue(option.Key, out string? earlier) ? $"{earlier}; {option.Value}" : option.Value;
        }
        return options;
    }
}
