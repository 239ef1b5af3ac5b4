using Freeze.Archive.Native;

namespace Freeze.Analysis;

/// <summary>The newest glibc a file of the bundle needs: the symbol versions it binds to (GLIBC_2.34), and the symbols that ask for it.</summary>
public sealed record GlibcNeed(string File, string Version, IReadOnlyList<string> Symbols)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Version Parsed => GlibcRequirement.ParseVersion(Version)!;
}

/// <summary>
/// What glibc the bundle needs, read from the ELF version needs of its native files and of the
/// bootloader: a file linked against a newer glibc than the target machine's does not load there.
/// </summary>
internal static class GlibcRequirement
{
    private const string Prefix = "GLIBC_";

    /// <summary>The newest glibc each ELF file needs; files that need none (musl, no versions) are left out.</summary>
    /// <param name="files">Bundle name → path.</param>
    public static IReadOnlyList<GlibcNeed> Read(IEnumerable<(string Name, string Path)> files)
    {
        var needs = new List<GlibcNeed>();
        foreach (var (name, path) in files)
        {
            NativeDependencies dependencies;
            try
            {
                dependencies = NativeDependencyReader.Read(path);
            }
            catch (InvalidNativeFileException)
            {
                continue;
            }
            var versions = dependencies.VersionNeeds
                .Select(v => (Need: v, Version: ParseVersion(v.Version)))
                .Where(v => v.Version is not null)
                .ToList();
            if (versions.Count == 0)
            {
                continue;
            }
            var newest = versions.Max(v => v.Version)!;
            var top = versions.Where(v => v.Version == newest).ToList();
            needs.Add(new GlibcNeed(name, top[0].Need.Version, top.SelectMany(v => v.Need.Symbols).Distinct().Order(StringComparer.Ordinal).ToList()));
        }
        return needs.OrderByDescending(n => n.Parsed).ThenBy(n => n.File, StringComparer.Ordinal).ToList();
    }

    /// <summary>"GLIBC_2.34" or "2.34" as a version; null for anything else (GLIBC_PRIVATE, other libraries' versions).</summary>
    public static Version? ParseVersion(string text)
    {
        string digits = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : text;
        return digits.Length > 0 && char.IsDigit(digits[0]) && System.Version.TryParse(digits.Contains('.') ? digits : digits + ".0", out var version)
            ? version
            : null;
    }
}
