namespace Freeze.Archive.Native;

/// <summary>
/// What a native file needs at load time. For ELF: <see cref="Needed"/> holds the DT_NEEDED entries,
/// plus the RPATH, RUNPATH, SONAME and the symbol versions it needs (<see cref="VersionNeeds"/>). For
/// PE: <see cref="Needed"/> holds the DLLs of the import directory and <see cref="DelayNeeded"/> those
/// of the delay-load directory. Lists keep file order.
/// </summary>
public sealed record NativeDependencies(
    NativeFormat Format,
    string Machine,
    int Bits,
    IReadOnlyList<string> Needed,
    IReadOnlyList<string> DelayNeeded,
    IReadOnlyList<string> RPath,
    IReadOnlyList<string> RunPath,
    string? SoName,
    bool IsManaged)
{
    /// <summary>The result for a file that is neither ELF nor PE.</summary>
    public static NativeDependencies Unknown { get; } = new(NativeFormat.Unknown, "", 0, [], [], [], [], null, false);

    /// <summary>ELF: the versions of other libraries' symbols the file needs (DT_VERNEED), with the symbols that ask for each.</summary>
    public IReadOnlyList<VersionNeed> VersionNeeds { get; init; } = [];

    /// <summary>Direct dependencies, delay-loaded ones included.</summary>
    public IEnumerable<string> AllNeeded => Needed.Concat(DelayNeeded);
}

/// <summary>An ELF version need: <paramref name="Version"/> (<c>GLIBC_2.34</c>) of <paramref name="Library"/>, and the undefined symbols bound to it.</summary>
public sealed record VersionNeed(string Library, string Version, IReadOnlyList<string> Symbols);
