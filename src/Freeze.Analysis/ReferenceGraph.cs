namespace Freeze.Analysis;

/// <summary>
/// Who refers to whom inside the bundle, as the scans saw it: assembly references (Mono.Cecil),
/// DT_NEEDED and PE imports of native files, DllImports. Answers "why is this entry here" in the report.
/// </summary>
internal sealed class ReferenceGraph
{
    private readonly List<BundledReference> _assemblies = [];
    private readonly List<NativeNeed> _needs = [];
    private readonly List<NativeImport> _imports = [];

    public void Add(ManagedScanner.Result scan)
    {
        _assemblies.AddRange(scan.References);
        _imports.AddRange(scan.NativeImports);
    }

    public void Add(NativeDependencyScanner.Result scan) => _needs.AddRange(scan.Needs);

    /// <summary>Each entry with the entries that refer to it (by their names in the bundle).</summary>
    public IEnumerable<TocEntry> Annotate(IReadOnlyList<TocEntry> entries)
    {
        var assemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries.Where(e => e.TypeCode is TocTypeCode.MODULE or TocTypeCode.ASSEMBLY && !e.Name.Contains('/') && e.Placement != TocPlacement.Excluded))
        {
            assemblies.TryAdd(Path.GetFileNameWithoutExtension(entry.Name), entry.Name);
        }
        var referrers = new Dictionary<string, HashSet<TocReference>>(StringComparer.Ordinal);
        void Add(string? to, string? from, string kind)
        {
            if (to is not null && from is not null && to != from)
            {
                (referrers.TryGetValue(to, out var set) ? set : referrers[to] = []).Add(new TocReference(from, kind));
            }
        }
        foreach (var reference in _assemblies)
        {
            Add(assemblies.GetValueOrDefault(reference.Name), assemblies.GetValueOrDefault(reference.ReferencedBy), TocReference.AssemblyReference);
        }
        var binaries = entries.Where(e => e.TypeCode == TocTypeCode.BINARY && e.Placement != TocPlacement.Excluded).ToList();
        foreach (var need in _needs)
        {
            foreach (var binary in binaries.Where(b => Path.GetFileName(b.Name) == need.Library))
            {
                Add(binary.Name, need.NeededBy, TocReference.Needed);
            }
        }
        foreach (var group in _imports.GroupBy(i => i.Library, StringComparer.Ordinal))
        {
            foreach (var binary in binaries.Where(b => NativeLibraryNames.Matches(group.Key, Path.GetFileName(b.Name))))
            {
                foreach (var import in group)
                {
                    Add(binary.Name, assemblies.GetValueOrDefault(import.Assembly), TocReference.DllImport);
                }
            }
        }
        return entries.Select(e => referrers.TryGetValue(e.Name, out var set)
            ? e with { ReferencedBy = set.OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.Kind, StringComparer.Ordinal).ToList() }
            : e);
    }
}
