using Freeze.Archive;

namespace Freeze.Analysis.Report;

/// <summary>
/// One entry of the report: the plan's entry with the bytes it takes. <see cref="StoredBytes"/> is what
/// it adds to the executable or the publish folder (0 when left out), <see cref="FullBytes"/> its size
/// as a file; <see cref="Compression"/> is null for what is not a package member.
/// </summary>
public sealed record ReportEntry(
    string Name,
    TocTypeCode TypeCode,
    TocPlacement Placement,
    TocOrigin Origin,
    string Group,
    long StoredBytes,
    long FullBytes,
    string? Compression,
    string? Reason,
    IReadOnlyList<TocReference> ReferencedBy,
    string Source,
    string? LinkTarget)
{
    public bool InBundle => Placement != TocPlacement.Excluded;
}

/// <summary>Entries that share an origin (or a typecode), with their bytes.</summary>
public sealed record ReportGroup(string Name, int Count, long StoredBytes, long FullBytes);

/// <summary>A diagnostic of analysis with the catalogue's advice.</summary>
public sealed record ReportFinding(string Code, FreezeSeverity Severity, string Message, string Help);

/// <summary>
/// What a frozen app is made of, why, how big, and what analysis missed: the plan (toc.json) joined with
/// the executable's stored sizes. <see cref="ReportHtml"/> draws it.
/// </summary>
public sealed record BundleReport(
    string App,
    string Mode,
    bool SelfContained,
    string? RuntimeIdentifier,
    long ExecutableBytes,
    long BootloaderBytes,
    long ModuleArchiveBytes,
    IReadOnlyList<ReportEntry> Entries,
    IReadOnlyList<ReportGroup> Origins,
    IReadOnlyList<ReportGroup> Kinds,
    IReadOnlyList<ReportFinding> Findings,
    IReadOnlyList<TocOption> Options,
    IReadOnlyDictionary<string, int> MembersByCompression,
    GlibcNeed? Glibc)
{
    public long StoredBytes => Entries.Where(e => e.InBundle).Sum(e => e.StoredBytes);

    public long FullBytes => Entries.Where(e => e.InBundle).Sum(e => e.FullBytes);

    public static BundleReport Create(Toc toc, ExecutableContents executable, string? runtimeIdentifier = null)
    {
        var members = new Dictionary<string, StoredMember>(StringComparer.Ordinal);
        foreach (var member in executable.Members)
        {
            members.TryAdd(member.Name, member);
        }
        var entries = toc.Entries.Select(e => EntryOf(e, members)).ToList();
        return new BundleReport(
            Path.GetFileNameWithoutExtension(toc.MainAssembly),
            toc.Mode,
            toc.SelfContained,
            runtimeIdentifier,
            executable.ExecutableBytes,
            executable.BootloaderBytes,
            executable.ModuleArchiveBytes,
            entries,
            GroupsOf(entries, e => e.Group),
            GroupsOf(entries, e => KindOf(e.TypeCode)),
            toc.Diagnostics.Select(FindingOf).ToList(),
            toc.Options,
            executable.Members.Where(m => m.TypeCode != ExecutableContents.ModuleTypeCode)
                .GroupBy(m => CompressionName(m.Compression)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            toc.Glibc);
    }

    /// <summary>The origin an entry is counted under: the app, each project, each package at its version, each runtime pack, ….</summary>
    public static string GroupOf(TocOrigin origin) => origin.Kind switch
    {
        "app" => "app",
        "project" => $"project {origin.Id}",
        "package" => origin.Version is null ? $"package {origin.Id}" : $"package {origin.Id} {origin.Version}",
        "framework" => $"framework {origin.Id}",
        "dependency" => "native dependencies",
        "user" => $"user {origin.Id}",
        "freeze" => "Freeze.Runtime",
        _ => origin.Id is null ? origin.Kind : $"{origin.Kind} {origin.Id}",
    };

    public static string KindOf(TocTypeCode typeCode) => typeCode switch
    {
        TocTypeCode.MODULE => "managed, in the module archive",
        TocTypeCode.ASSEMBLY => "managed, as files",
        TocTypeCode.BINARY => "native libraries",
        _ => "data",
    };

    public static string CompressionName(MemberCompression compression) =>
        Enum.IsDefined(compression) ? compression.ToString().ToLowerInvariant() : $"unknown({(byte)compression})";

    private static ReportEntry EntryOf(TocEntry entry, Dictionary<string, StoredMember> members)
    {
        long size = entry.Size ?? 0;
        var (stored, full, compression) = entry.Placement switch
        {
            TocPlacement.Package or TocPlacement.ModuleArchive when members.TryGetValue(entry.Name, out var member) =>
                (member.StoredBytes, member.FullBytes, entry.Placement == TocPlacement.Package ? CompressionName(member.Compression) : null),
            TocPlacement.Excluded => (0L, size, (string?)null),
            _ => (size, size, (string?)null),
        };
        return new ReportEntry(entry.Name, entry.TypeCode, entry.Placement, entry.Origin, GroupOf(entry.Origin), stored, full, compression,
            entry.Reason, entry.ReferencedBy ?? [], entry.Source, entry.LinkTarget);
    }

    private static List<ReportGroup> GroupsOf(IEnumerable<ReportEntry> entries, Func<ReportEntry, string> key) =>
        entries.Where(e => e.InBundle)
            .GroupBy(key)
            .Select(g => new ReportGroup(g.Key, g.Count(), g.Sum(e => e.StoredBytes), g.Sum(e => e.FullBytes)))
            .OrderByDescending(g => g.StoredBytes).ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();

    private static ReportFinding FindingOf(TocDiagnostic diagnostic) =>
        new(diagnostic.Code, diagnostic.Severity, diagnostic.Message, FreezeDiagnostics.Find(diagnostic.Code)?.Help ?? "");
}
