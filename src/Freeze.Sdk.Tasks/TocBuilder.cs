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

    /// <summary>
    /// Longest member name and deepest folder a bundle may hold: the home folder's path plus a name must
    /// stay under Linux's 4095 characters, and a OneFile app unpacks under TMPDIR paths of up to
    /// 4095 - 12 - this many characters.
    /// </summary>
    public const int MaxNameBytes = 1024;

    public const int MaxNameDepth = 64;

    public void Add(TocEntry entry, ITaskItem? item = null)
    {
        if (!MemberName.IsValid(entry.Name))
        {
            throw new FreezeBuildException("FRZ0101", $"'{entry.Source}' would be placed at '{entry.Name}' in the bundle; a destination must be a relative path without '..'.");
        }
        if (System.Text.Encoding.UTF8.GetByteCount(entry.Name) > MaxNameBytes || entry.Name.Count(c => c == '/') >= MaxNameDepth)
        {
            throw new FreezeBuildException("FRZ0116",
                $"'{entry.Source}' would be placed at '{entry.Name}' in the bundle: longer than {MaxNameBytes} bytes or deeper than {MaxNameDepth} folders, so the app's folder plus it could not be a path on Linux. Give it a shorter destination.");
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
