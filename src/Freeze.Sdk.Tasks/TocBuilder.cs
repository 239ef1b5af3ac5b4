using Freeze.Archive;
using Microsoft.Build.Framework;

namespace Freeze.Sdk.Tasks;

/// <summary>
/// The TOC being built, normalized as PyInstaller's TOC class is: one entry per destination name,
/// identical duplicates kept once, different files under one name an error, no name that leaves
/// the bundle.
/// </summary>
internal sealed class TocBuilder
{
    private readonly SortedDictionary<string, (TocEntry Entry, ITaskItem? Item)> _entries = new(StringComparer.Ordinal);

    public IEnumerable<TocEntry> Entries => _entries.Values.Select(e => e.Entry);

    public IEnumerable<(TocEntry Entry, ITaskItem? Item)> EntriesWithItems => _entries.Values;

    public bool TryGet(string name, out TocEntry entry)
    {
        bool found = _entries.TryGetValue(name, out var value);
        entry = value.Entry;
        return found;
    }

    public void Add(TocEntry entry, ITaskItem? item = null)
    {
        if (!MemberName.IsValid(entry.Name))
        {
            throw new FreezeBuildException("FRZ0101", $"'{entry.Source}' would be placed at '{entry.Name}' in the bundle; a destination must be a relative path without '..'.");
        }
        if (_entries.TryGetValue(entry.Name, out var existing))
        {
            if (!SameContent(existing.Entry.Source, entry.Source))
            {
                throw new FreezeBuildException("FRZ0102", $"Two different files are published as '{entry.Name}': '{existing.Entry.Source}' and '{entry.Source}'. Remove one of them or give one another destination.");
            }
            return;
        }
        _entries.Add(entry.Name, (entry, item));
    }

    public void Replace(TocEntry entry) => _entries[entry.Name] = (entry, _entries[entry.Name].Item);

    public int RemoveWhere(Func<TocEntry, bool> predicate)
    {
        var names = _entries.Values.Where(e => predicate(e.Entry)).Select(e => e.Entry.Name).ToList();
        foreach (string name in names)
        {
            _entries.Remove(name);
        }
        return names.Count;
    }

    private static bool SameContent(string a, string b)
    {
        if (string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal))
        {
            return true;
        }
        return new FileInfo(a).Length == new FileInfo(b).Length && File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
    }
}
