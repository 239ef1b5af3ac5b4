using NuGet.Frameworks;
using NuGet.ProjectModel;

namespace Freeze.Analysis;

/// <summary>
/// Reads project.assets.json (NuGet.ProjectModel) for one target framework and RID: which package
/// each asset belongs to, as which kind of asset, and where the package closure's runtime
/// assemblies are on disk.
/// </summary>
internal sealed class AssetsFileOrigins
{
    private readonly Dictionary<(string Id, string Path), string> _assetKinds = new();
    private readonly Dictionary<string, (string Id, string Version)> _versions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Path, TocOrigin Origin)> _closureAssemblies = new(StringComparer.OrdinalIgnoreCase);

    private AssetsFileOrigins()
    {
    }

    public static AssetsFileOrigins Empty { get; } = new();

    public static AssetsFileOrigins Read(string assetsFile, string targetFrameworkMoniker, string? runtimeIdentifier)
    {
        var lockFile = LockFileUtilities.GetLockFile(assetsFile, NuGet.Common.NullLogger.Instance)
            ?? throw new FreezeException(FreezeDiagnostics.AssetsFileUnusable, assetsFile, "cannot be read");
        var framework = NuGetFramework.Parse(targetFrameworkMoniker);
        var target = lockFile.GetTarget(framework, string.IsNullOrEmpty(runtimeIdentifier) ? null : runtimeIdentifier)
            ?? lockFile.GetTarget(framework, null)
            ?? throw new FreezeException(FreezeDiagnostics.AssetsFileUnusable, assetsFile, $"has no target for {targetFrameworkMoniker} {runtimeIdentifier}");
        string? packageFolder = lockFile.PackageFolders.FirstOrDefault()?.Path;
        var libraryPaths = lockFile.Libraries.ToDictionary(l => (l.Name, l.Version.ToNormalizedString()), l => l.Path);

        var origins = new AssetsFileOrigins();
        foreach (var library in target.Libraries.Where(l => l.Type == "package" && l.Name is not null && l.Version is not null))
        {
            string id = library.Name!;
            string version = library.Version!.ToNormalizedString();
            origins._versions[id] = (id, version);
            origins.AddKinds(id, library.RuntimeAssemblies.Select(a => a.Path), "runtime");
            origins.AddKinds(id, library.NativeLibraries.Select(a => a.Path), "native");
            origins.AddKinds(id, library.ResourceAssemblies.Select(a => a.Path), "resource");
            origins.AddKinds(id, library.RuntimeTargets.Select(a => a.Path), "runtime-specific");
            if (packageFolder is not null && libraryPaths.TryGetValue((id, version), out string? path) && path is not null)
            {
                foreach (var assembly in library.RuntimeAssemblies.Where(a => a.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                {
                    origins._closureAssemblies.TryAdd(Path.GetFileNameWithoutExtension(assembly.Path),
                        (Path.Combine(packageFolder, path, assembly.Path), new TocOrigin("package", id, version, "runtime")));
                }
            }
        }
        return origins;
    }

    /// <summary>The origin of a publish item that came from a package (NuGetPackageId metadata), or null.</summary>
    public TocOrigin? ForPackageAsset(string packageId, string? packageVersion, string? pathInPackage)
    {
        if (!_versions.TryGetValue(packageId, out var known))
        {
            return null;
        }
        string asset = pathInPackage is not null && _assetKinds.TryGetValue((known.Id.ToLowerInvariant(), pathInPackage.Replace('\\', '/')), out string? kind) ? kind : "asset";
        return new TocOrigin("package", known.Id, string.IsNullOrEmpty(packageVersion) ? known.Version : packageVersion, asset);
    }

    /// <summary>A runtime assembly of the package closure by simple name (for hidden assemblies).</summary>
    public (string Path, TocOrigin Origin)? FindClosureAssembly(string name) =>
        _closureAssemblies.TryGetValue(name, out var found) ? found : null;

    private void AddKinds(string id, IEnumerable<string> paths, string kind)
    {
        foreach (string path in paths.Where(p => !p.EndsWith("/_._", StringComparison.Ordinal)))
        {
            _assetKinds.TryAdd((id.ToLowerInvariant(), path.Replace('\\', '/')), kind);
        }
    }
}
