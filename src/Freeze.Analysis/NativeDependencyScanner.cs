using Freeze.Archive.Native;

namespace Freeze.Analysis;

/// <summary>A library that a bundled native library needs and that analysis could not find.</summary>
public sealed record MissingNativeDependency(string Library, string NeededBy);

/// <summary>A bundled native library (file name) that another bundled one needs (its name in the bundle).</summary>
public sealed record NativeNeed(string Library, string NeededBy);

/// <summary>A bundled native library built for another platform than the target: its format and processor.</summary>
public sealed record ForeignBinary(string Name, NativeFormat Format, string Machine);

/// <summary>The file format and processor (as the native readers name it) a runtime identifier loads.</summary>
public sealed record NativeTarget(NativeFormat Format, string Machine)
{
    public static NativeTarget? Of(string? rid)
    {
        if (string.IsNullOrEmpty(rid))
        {
            return null;
        }
        int dash = rid.LastIndexOf('-');
        string os = dash < 0 ? rid : rid[..dash];
        string architecture = dash < 0 ? "" : rid[(dash + 1)..];
        var format = os.StartsWith("win", StringComparison.OrdinalIgnoreCase) ? NativeFormat.Pe
            : os.StartsWith("linux", StringComparison.OrdinalIgnoreCase) ? NativeFormat.Elf
            : NativeFormat.Unknown;
        string? machine = (format, architecture.ToLowerInvariant()) switch
        {
            (NativeFormat.Elf, "x64") => "x86-64",
            (NativeFormat.Elf, "arm64") => "AArch64",
            (NativeFormat.Elf, "arm") => "ARM",
            (NativeFormat.Elf, "x86") => "x86",
            (NativeFormat.Pe, "x64") => "x64",
            (NativeFormat.Pe, "arm64") => "ARM64",
            (NativeFormat.Pe, "x86") => "x86",
            _ => null,
        };
        return machine is null ? null : new NativeTarget(format, machine);
    }
}

/// <summary>
/// pyi-bindepend's job at build time: follows DT_NEEDED (and PE imports) of every bundled native
/// library, collects the libraries it finds through RPATH/RUNPATH and the needing library's own
/// folder, and leaves the operating system's libraries alone.
/// </summary>
internal static class NativeDependencyScanner
{
    public sealed record Result(IReadOnlyList<TocEntry> Added, IReadOnlyList<MissingNativeDependency> Missing, IReadOnlyList<NativeNeed> Needs,
        IReadOnlyList<ForeignBinary> Foreign);

    public static Result Scan(IEnumerable<TocEntry> entries, NativeTarget? target)
    {
        var toc = entries.ToList();
        var bundledNames = new HashSet<string>(toc.Where(e => e.TypeCode == TocTypeCode.BINARY).Select(e => Path.GetFileName(e.Name)), StringComparer.Ordinal);
        var pending = new Queue<TocEntry>(toc.Where(e => e.TypeCode == TocTypeCode.BINARY && e.Origin.Kind != "framework"));
        var added = new List<TocEntry>();
        var missing = new List<MissingNativeDependency>();
        var needs = new List<NativeNeed>();
        var foreign = new List<ForeignBinary>();
        while (pending.Count > 0)
        {
            var entry = pending.Dequeue();
            NativeDependencies dependencies;
            try
            {
                dependencies = NativeDependencyReader.Read(entry.Source);
            }
            catch (InvalidNativeFileException)
            {
                continue;
            }
            if (target is not null && dependencies.Format != NativeFormat.Unknown
                && (dependencies.Format != target.Format || dependencies.Machine != target.Machine))
            {
                foreign.Add(new ForeignBinary(entry.Name, dependencies.Format, dependencies.Machine));
            }
            bool windows = dependencies.Format == NativeFormat.Pe;
            foreach (string needed in dependencies.AllNeeded)
            {
                if (IsBundled(bundledNames, needed, windows))
                {
                    needs.Add(new NativeNeed(needed, entry.Name));
                    continue;
                }
                if (NativeLibraryNames.IsSystemLibrary(needed) || NativeLibraryNames.IsRuntimeLibrary(needed))
                {
                    continue;
                }
                string? found = SearchPath(entry.Source, dependencies)
                    .Select(folder => Path.Combine(folder, needed))
                    .FirstOrDefault(File.Exists);
                if (found is null)
                {
                    missing.Add(new MissingNativeDependency(needed, entry.Name));
                    continue;
                }
                string folderInBundle = Path.GetDirectoryName(entry.Name)?.Replace('\\', '/') ?? "";
                var dependency = new TocEntry(folderInBundle.Length == 0 ? needed : $"{folderInBundle}/{needed}", Path.GetFullPath(found),
                    TocTypeCode.BINARY, new TocOrigin("dependency", entry.Name));
                bundledNames.Add(needed);
                needs.Add(new NativeNeed(needed, entry.Name));
                added.Add(dependency);
                pending.Enqueue(dependency);
            }
        }
        return new Result(added, missing, needs, foreign);
    }

    private static bool IsBundled(HashSet<string> bundled, string needed, bool windows) =>
        windows ? bundled.Contains(needed, StringComparer.OrdinalIgnoreCase) : bundled.Contains(needed);

    /// <summary>Where the loader would look next to the needing library: its RPATH/RUNPATH ($ORIGIN expanded), then its folder.</summary>
    private static IEnumerable<string> SearchPath(string source, NativeDependencies dependencies)
    {
        string origin = Path.GetDirectoryName(source)!;
        foreach (string entry in dependencies.RunPath.Count > 0 ? dependencies.RunPath : dependencies.RPath)
        {
            foreach (string folder in entry.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string expanded = folder.Replace("${ORIGIN}", origin, StringComparison.Ordinal).Replace("$ORIGIN", origin, StringComparison.Ordinal);
                if (Path.IsPathRooted(expanded))
                {
                    yield return expanded;
                }
            }
        }
        yield return origin;
    }
}
