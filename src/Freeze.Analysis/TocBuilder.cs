using Freeze.Archive;

namespace Freeze.Analysis;

/// <summary>
/// The TOC being built, normalized as PyInstaller's TOC class is: one entry per destination name,
/// identical duplicates kept once, different files under one name an error, no name that leaves
/// the bundle.
/// </summary>
internal sealed class TocBuilder
{
    private readonly SortedDictionary<string, TocEntry> _entries = new(StringComparer.Ordinal);

    public IEnumerable<TocEntry> Entries => _entries.Values;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TocEntry entry) => _entries.TryGetValue(name, out entry);

    /// <summary>
    /// Longest member name and deepest folder a bundle may hold: the home folder's path plus a name must
    /// stay under Linux's 4095 characters, and a OneFile app unpacks under TMPDIR paths of up to
    /// 4095 - 12 - this many characters.
    /// </summary>
    public const int MaxNameBytes = 1024;

    public const int MaxNameDepth = 64;

    /// <returns>false when an identical file already has the name.</returns>
    public bool Add(TocEntry entry)
    {
        if (!MemberName.IsValid(entry.Name))
        {
            throw new FreezeException(FreezeDiagnostics.DestinationOutside, entry.Source, entry.Name);
        }
        if (System.Text.Encoding.UTF8.GetByteCount(entry.Name) > MaxNameBytes || entry.Name.Count(c => c == '/') >= MaxNameDepth)
        {
            throw new FreezeException(FreezeDiagnostics.DestinationTooLong, entry.Source, entry.Name, MaxNameBytes, MaxNameDepth);
        }
        if (_entries.TryGetValue(entry.Name, out var existing))
        {
            if (!SameContent(existing.Source, entry.Source))
            {
                throw new FreezeException(FreezeDiagnostics.DuplicateDestination, entry.Name, existing.Source, entry.Source);
            }
            return false;
        }
        _entries.Add(entry.Name, entry);
        return true;
    }

    public void Replace(TocEntry entry) => _entries[entry.Name] = entry;

    public IReadOnlyList<TocEntry> RemoveWhere(Func<TocEntry, bool> predicate)
    {
        var removed = _entries.Values.Where(predicate).ToList();
        foreach (var entry in removed)
        {
            _entries.Remove(entry.Name);
        }
        return removed;
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
