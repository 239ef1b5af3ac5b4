namespace Freeze.Archive.Native;

/// <summary>
/// What a native file needs at load time. For ELF: <see cref="Needed"/> holds the DT_NEEDED entries,
/// plus the RPATH, RUNPATH and SONAME. For PE: <see cref="Needed"/> holds the DLLs of the import
/// directory and <see cref="DelayNeeded"/> those of the delay-load directory. Lists keep file order.
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

    /// <summary>Direct dependencies, delay-loaded ones included.</summary>
    public IEnumerable<string> AllNeeded => Needed.Concat(DelayNeeded);
}
