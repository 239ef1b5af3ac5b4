using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Freeze.Sdk.Tasks;

/// <summary>
/// Analysis: turns the publish items and the user's Freeze items into the TOC (destination name,
/// source, typecode, origin), checks what the managed code references and imports, writes the TOC
/// as JSON and the warn-&lt;app&gt;.txt report under obj/, and says which publish items stay files
/// beside the executable.
/// </summary>
public sealed class ComputeFreezeToc : FreezeTask
{
    internal const string StartupHookFileName = "Freeze.Runtime.dll";

    /// <summary>The publish items (ResolvedFileToPublish) with their RelativePath.</summary>
    [Required, NotNull] public ITaskItem[]? Files { get; set; }

    /// <summary>OneDir or OneFile.</summary>
    [Required, NotNull] public string? Mode { get; set; }

    /// <summary>The main assembly's file name ($(TargetFileName)).</summary>
    [Required, NotNull] public string? MainAssembly { get; set; }

    /// <summary>The apphost's name in the publish folder; the frozen executable takes its place.</summary>
    [Required, NotNull] public string? AppHostName { get; set; }

    /// <summary>Freeze.Runtime.dll from the package: the startup hook, always a file.</summary>
    [Required, NotNull] public string? StartupHookAssembly { get; set; }

    /// <summary>Where the TOC JSON, the warnings report and rewritten files go.</summary>
    [Required, NotNull] public string? IntermediateDirectory { get; set; }

    /// <summary>project.assets.json, for the origin of each package asset.</summary>
    public string? ProjectAssetsFile { get; set; }

    public string? TargetFrameworkMoniker { get; set; }

    public string? RuntimeIdentifier { get; set; }

    /// <summary>Package ids of the runtime packs (self-contained): their files stay files.</summary>
    public string[] RuntimePackIds { get; set; } = [];

    /// <summary>Assemblies of the shared framework the app compiles against (ReferencePath with FrameworkReferenceName).</summary>
    public ITaskItem[] FrameworkAssemblies { get; set; } = [];

    public bool SelfContained { get; set; }

    /// <summary>
    /// FreezeModuleArchive: true (managed dependencies in the module archive, but those whose location code
    /// reads stay files), false (every managed assembly a file), force (the module archive even for those).
    /// </summary>
    public string ModuleArchive { get; set; } = "true";

    private bool UseModuleArchive => ModuleArchive.ToLowerInvariant() != "false";

    public bool IncludeSymbols { get; set; }

    /// <summary>FreezeData items: files, with an optional DestinationPath.</summary>
    public ITaskItem[] Data { get; set; } = [];

    /// <summary>FreezeBinary items: native libraries, with an optional DestinationPath; scanned for their dependencies.</summary>
    public ITaskItem[] Binaries { get; set; } = [];

    /// <summary>FreezeTree items: folders, with Prefix, Excludes and TypeCode.</summary>
    public ITaskItem[] Trees { get; set; } = [];

    /// <summary>FreezeExclude items: destination names, file names or assembly names to leave out.</summary>
    public ITaskItem[] Excludes { get; set; } = [];

    /// <summary>FreezeHiddenAssembly items: assemblies loaded by name that the scan cannot see.</summary>
    public ITaskItem[] HiddenAssemblies { get; set; } = [];

    /// <summary>The bootloader the executable starts with: its glibc needs count too.</summary>
    public string? Bootloader { get; set; }

    /// <summary>FreezeMinimumGlibc: the oldest glibc the app must run on (2.28); files that need a newer one are FRZ0114.</summary>
    public string? MinimumGlibc { get; set; }

    /// <summary>Full paths of project items marked ExcludeFromFreeze (the SDK does not carry that metadata to publish items).</summary>
    public string[] ExcludedSources { get; set; } = [];

    [Output] public ITaskItem[] TocEntries { get; private set; } = [];

    /// <summary>Publish items that stay in the publish folder (OneDir: the files that must be files).</summary>
    [Output] public ITaskItem[] FilesKeptBeside { get; private set; } = [];

    [Output] public string TocFile { get; private set; } = "";

    /// <summary>warn-&lt;app&gt;.txt: what analysis could not find, and who asked for it.</summary>
    [Output] public string WarningsFile { get; private set; } = "";

    protected override void ExecuteCore()
    {
        if (ModuleArchive.ToLowerInvariant() is not ("true" or "false" or "force"))
        {
            throw new FreezeBuildException("FRZ0011", $"FreezeModuleArchive '{ModuleArchive}' is not valid. Use true (the default: managed dependencies load from the executable, those whose Assembly.Location code reads stay files), false (every assembly a file) or force (the module archive even for those).");
        }
        if (!string.IsNullOrEmpty(MinimumGlibc) && GlibcRequirement.ParseVersion(MinimumGlibc) is null)
        {
            throw new FreezeBuildException("FRZ0012",
                $"FreezeMinimumGlibc '{MinimumGlibc}' is not a glibc version. Give the oldest glibc the app must run on, as 2.28 (Debian 10, RHEL 8) or 2.31 (Debian 11, Ubuntu 20.04).");
        }
        bool oneFile = Mode == "OneFile";
        IntermediateDirectory = Path.GetFullPath(IntermediateDirectory);
        var runtimePacks = new HashSet<string>(RuntimePackIds, StringComparer.OrdinalIgnoreCase);
        var assets = !string.IsNullOrEmpty(ProjectAssetsFile) && File.Exists(ProjectAssetsFile) && !string.IsNullOrEmpty(TargetFrameworkMoniker)
            ? AssetsFileOrigins.Read(ProjectAssetsFile, TargetFrameworkMoniker, RuntimeIdentifier)
            : AssetsFileOrigins.Empty;
        var toc = new TocBuilder();
        var keptBeside = new List<ITaskItem>();
        var excludedSources = new HashSet<string>(ExcludedSources.Select(Path.GetFullPath), StringComparer.Ordinal);

        // The app's reference to Freeze.Runtime publishes it (trimmed with the app when trimming); the
        // package's copy is added only when the publish set lacks it.
        var files = Files.Any(f => IsStartupHookFile(f)) ? Files : Files.Append(StartupHookItem());
        foreach (var item in files)
        {
            string name = (item.GetMetadata("RelativePath") is { Length: > 0 } relative ? relative : Path.GetFileName(item.ItemSpec)).Replace('\\', '/');
            if (name == AppHostName)
            {
                continue;
            }
            string source = Path.GetFullPath(item.ItemSpec);
            if (name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) || IsTrue(item.GetMetadata("ExcludeFromFreeze")) || excludedSources.Contains(source))
            {
                bool keep = name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) ? IncludeSymbols : !oneFile;
                if (keep)
                {
                    keptBeside.Add(item);
                }
                continue;
            }
            toc.Add(new TocEntry(name, source, Classify(name, source, item.GetMetadata("NuGetPackageId"), runtimePacks), OriginOf(name, item, assets, runtimePacks)), item);
        }
        AddUserItems(toc);
        var roots = AddHiddenAssemblies(toc, assets);
        RemoveExcluded(toc);

        var report = new List<string>();
        ScanNativeDependencies(toc, report);
        ScanManagedCode(toc, roots, runtimePacks, report);
        RewriteDepsFile(toc);

        var entries = toc.Entries.ToList();
        var document = new Toc(Mode, MainAssembly, SelfContained, UsesHosting(entries), entries) { Glibc = CheckGlibc(entries, report) };
        Directory.CreateDirectory(IntermediateDirectory);
        TocFile = Path.Combine(IntermediateDirectory, "toc.json");
        FileUtilities.WriteTextIfChanged(TocFile, document.ToJson());
        WarningsFile = Path.Combine(IntermediateDirectory, $"warn-{Path.GetFileNameWithoutExtension(MainAssembly)}.txt");
        FileUtilities.WriteTextIfChanged(WarningsFile, WarningsReport(report));

        TocEntries = entries.Select(e => (ITaskItem)new TaskItem(e.Source, new Dictionary<string, string>
        {
            ["DestinationPath"] = e.Name,
            ["TypeCode"] = e.TypeCode.ToString(),
            ["Origin"] = e.Origin.ToString(),
        })).ToArray();
        if (!oneFile)
        {
            keptBeside.AddRange(toc.EntriesWithItems.Where(e => e.Entry.TypeCode != TocTypeCode.MODULE).Select(e => KeptItem(e.Entry, e.Item)));
        }
        FilesKeptBeside = keptBeside.ToArray();

        Log.LogMessage(MessageImportance.Low, $"Freeze.Sdk TOC ({TocFile}):");
        foreach (var entry in entries)
        {
            Log.LogMessage(MessageImportance.Low, $"  {entry.TypeCode,-8} {entry.Name}  [{entry.Origin}]  {entry.Source}");
        }
    }

    private void AddUserItems(TocBuilder toc)
    {
        foreach (var item in Data)
        {
            toc.Add(new TocEntry(DestinationOf(item), FullPathOf(item, "FreezeData"), TocTypeCode.DATA, new TocOrigin("user", "FreezeData")));
        }
        foreach (var item in Binaries)
        {
            toc.Add(new TocEntry(DestinationOf(item), FullPathOf(item, "FreezeBinary"), TocTypeCode.BINARY, new TocOrigin("user", "FreezeBinary")));
        }
        foreach (var tree in Trees)
        {
            var typeCode = tree.GetMetadata("TypeCode") is { Length: > 0 } code
                ? Enum.TryParse<TocTypeCode>(code, ignoreCase: true, out var parsed) && parsed != TocTypeCode.MODULE ? parsed
                    : throw new FreezeBuildException("FRZ0108", $"FreezeTree '{tree.ItemSpec}' has TypeCode '{code}'. Use DATA (the default), BINARY or ASSEMBLY.")
                : TocTypeCode.DATA;
            var excludes = tree.GetMetadata("Excludes").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var (source, destination) in TreeExpander.Expand(tree.GetMetadata("FullPath"), tree.GetMetadata("Prefix"), excludes))
            {
                toc.Add(new TocEntry(destination, source, typeCode, new TocOrigin("user", "FreezeTree", Asset: tree.ItemSpec)));
            }
        }
    }

    /// <summary>Hidden assemblies must be in the bundle: from the publish set, else from the package closure.</summary>
    private List<string> AddHiddenAssemblies(TocBuilder toc, AssetsFileOrigins assets)
    {
        var roots = new List<string> { Path.GetFileNameWithoutExtension(MainAssembly) };
        foreach (var hidden in HiddenAssemblies)
        {
            string name = hidden.ItemSpec.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? hidden.ItemSpec[..^4] : hidden.ItemSpec;
            roots.Add(name);
            if (toc.Entries.Any(e => IsManagedEntry(e) && SimpleName(e) == name))
            {
                continue;
            }
            var found = assets.FindClosureAssembly(name)
                ?? throw new FreezeBuildException("FRZ0104", $"FreezeHiddenAssembly '{name}' is neither in the publish output nor in a package the project references. Add a PackageReference or ProjectReference that provides it, or remove the item.");
            toc.Add(new TocEntry($"{name}.dll", found.Path, UseModuleArchive ? TocTypeCode.MODULE : TocTypeCode.ASSEMBLY, found.Origin with { Asset = "hidden" }));
        }
        return roots;
    }

    private void RemoveExcluded(TocBuilder toc)
    {
        foreach (var exclude in Excludes)
        {
            string what = exclude.ItemSpec.Replace('\\', '/');
            if (toc.RemoveWhere(e => e.Name == what || Path.GetFileName(e.Name) == what || IsManagedEntry(e) && SimpleName(e) == what) == 0)
            {
                Log.LogWarning(null, "FRZ0109", null, null, 0, 0, 0, 0, $"FreezeExclude '{exclude.ItemSpec}' matches nothing in the bundle.");
            }
        }
        if (!toc.TryGet(MainAssembly, out _))
        {
            throw new FreezeBuildException("FRZ0110", $"The main assembly '{MainAssembly}' cannot be left out of the bundle (FreezeExclude or ExcludeFromFreeze).");
        }
    }

    private void ScanManagedCode(TocBuilder toc, List<string> roots, HashSet<string> runtimePacks, List<string> report)
    {
        var framework = new HashSet<string>(FrameworkAssemblies.Select(a => Path.GetFileNameWithoutExtension(a.ItemSpec)), StringComparer.OrdinalIgnoreCase);
        var bundled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in toc.Entries.Where(e => IsManagedEntry(e) && !e.Name.Contains('/')))
        {
            if (entry.Origin.Kind == "framework")
            {
                framework.Add(SimpleName(entry));
            }
            else
            {
                bundled.TryAdd(SimpleName(entry), entry.Source);
            }
        }
        var app = toc.Entries.Where(e => IsManagedEntry(e) && e.Origin.Kind is "app" or "project").Select(SimpleName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = ManagedScanner.Scan(roots, bundled, framework, app);
        KeepLocationReadAssembliesAsFiles(toc, result.LocationUses);
        foreach (var group in result.Missing.GroupBy(m => m.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string users = string.Join(", ", group.Select(m => m.ReferencedBy).Distinct().Order(StringComparer.Ordinal));
            Log.LogWarning(null, "FRZ0103", null, null, 0, 0, 0, 0,
                $"Assembly '{group.Key}', referenced by {users}, is not in the bundle or the framework; the app fails if it loads it. Add the package or project that provides it, or FreezeHiddenAssembly.");
            report.Add($"missing assembly {group.Key} - referenced by {users}");
        }

        var binaries = toc.Entries.Where(e => e.TypeCode == TocTypeCode.BINARY).Select(e => Path.GetFileName(e.Name)).ToList();
        foreach (var group in result.NativeImports.GroupBy(i => i.Library).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string library = group.Key;
            if (NativeLibraryNames.IsSystemLibrary(library) || NativeLibraryNames.IsOtherOsLibrary(library, RuntimeIdentifier)
                || NativeLibraryNames.IsRuntimeLibrary(library) || binaries.Any(b => NativeLibraryNames.Matches(library, b)))
            {
                continue;
            }
            string callers = string.Join(", ", group.Select(i => i.Caller).Distinct().Order(StringComparer.Ordinal).Take(3));
            Log.LogWarning(null, "FRZ0106", null, null, 0, 0, 0, 0,
                $"Native library '{library}', imported by {callers}, is not in the bundle and is not a system library; the call fails unless the target machine has it. Add it with FreezeBinary.");
            report.Add($"missing native library {library} - imported by {callers}");
        }
    }

    /// <summary>
    /// The newest glibc the bundle needs: a native file linked against a newer glibc does not load
    /// on an older system (FRZ0114 above FreezeMinimumGlibc; FRZ0115 when the target has musl).
    /// </summary>
    private GlibcNeed? CheckGlibc(IReadOnlyList<TocEntry> entries, List<string> report)
    {
        var files = entries.Where(e => e.TypeCode == TocTypeCode.BINARY).Select(e => (e.Name, e.Source)).ToList();
        if (!string.IsNullOrEmpty(Bootloader) && File.Exists(Bootloader))
        {
            files.Add(($"bootloader ({Path.GetFileName(Bootloader)})", Bootloader));
        }
        var needs = GlibcRequirement.Read(files);
        bool musl = RuntimeIdentifier?.Contains("-musl", StringComparison.OrdinalIgnoreCase) == true;
        var minimum = string.IsNullOrEmpty(MinimumGlibc) ? null : GlibcRequirement.ParseVersion(MinimumGlibc);
        foreach (var need in needs)
        {
            string symbols = string.Join(", ", need.Symbols.Take(5)) + (need.Symbols.Count > 5 ? $" and {need.Symbols.Count - 5} more" : "");
            if (musl)
            {
                Log.LogWarning(null, "FRZ0115", null, null, 0, 0, 0, 0,
                    $"{need.File} is linked against glibc ({need.Version}: {symbols}), and {RuntimeIdentifier} has musl: it does not load there. Use the package's linux-musl build of it.");
                report.Add($"glibc library in a musl bundle {need.File} - {need.Version}: {symbols}");
            }
            else if (minimum is not null && need.Parsed > minimum)
            {
                Log.LogWarning(null, "FRZ0114", null, null, 0, 0, 0, 0,
                    $"{need.File} needs glibc {need.Parsed} ({need.Version}: {symbols}), newer than FreezeMinimumGlibc {MinimumGlibc}: the app fails where the glibc is older. Use a build of it made for older systems, or raise FreezeMinimumGlibc.");
                report.Add($"needs a newer glibc {need.File} - {need.Version}: {symbols}");
            }
        }
        var newest = musl ? null : needs.FirstOrDefault();
        if (newest is not null)
        {
            Log.LogMessage(MessageImportance.Low, $"Freeze.Sdk glibc: the bundle needs {newest.Parsed} or newer ({newest.File}: {string.Join(", ", newest.Symbols.Take(5))})");
        }
        return newest;
    }

    /// <summary>An assembly whose Assembly.Location code reads gets a real file in the home folder (FRZ0112).</summary>
    private void KeepLocationReadAssembliesAsFiles(TocBuilder toc, IReadOnlyList<LocationUse> uses)
    {
        bool force = ModuleArchive.Equals("force", StringComparison.OrdinalIgnoreCase);
        foreach (var group in uses.GroupBy(u => u.Assembly, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var entry = toc.Entries.FirstOrDefault(e => e.TypeCode == TocTypeCode.MODULE && SimpleName(e).Equals(group.Key, StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                continue;
            }
            var sites = group.Select(u => u.Through is null ? $"{u.CallSite} reads Assembly.Location" : $"{u.CallSite} hands typeof() of it to {u.Through}, whose code reads assembly locations")
                .Distinct().Order(StringComparer.Ordinal).ToList();
            string why = string.Join("; ", sites.Take(3)) + (sites.Count > 3 ? $"; and {sites.Count - 3} more" : "");
            if (force)
            {
                Log.LogMessage(null, "FRZ0112", null, null, 0, 0, 0, 0, MessageImportance.Normal,
                    $"{entry.Name} stays in the module archive (FreezeModuleArchive=force), so its Assembly.Location is empty: {why}.");
                continue;
            }
            toc.Replace(entry with { TypeCode = TocTypeCode.ASSEMBLY });
            Log.LogMessage(null, "FRZ0112", null, null, 0, 0, 0, 0, MessageImportance.High,
                $"{entry.Name} is a file in the app's folder rather than in the module archive, so its Assembly.Location names a file: {why}. FreezeModuleArchive=force keeps it in the archive.");
        }
    }

    private void ScanNativeDependencies(TocBuilder toc, List<string> report)
    {
        var result = NativeDependencyScanner.Scan(toc.Entries);
        foreach (var entry in result.Added)
        {
            toc.Add(entry);
        }
        foreach (var group in result.Missing.GroupBy(m => m.Library).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string users = string.Join(", ", group.Select(m => m.NeededBy).Distinct().Order(StringComparer.Ordinal));
            Log.LogWarning(null, "FRZ0111", null, null, 0, 0, 0, 0,
                $"Native library '{group.Key}', needed by {users}, is neither in the bundle nor a system library; loading {users} fails unless the target machine has it. Add it with FreezeBinary.");
            report.Add($"missing native dependency {group.Key} - needed by {users}");
        }
    }

    private string WarningsReport(List<string> lines)
    {
        var text = new StringBuilder();
        text.Append("# Freeze.Sdk analysis of ").Append(Path.GetFileNameWithoutExtension(MainAssembly)).Append(": what the bundle lacks, and who needs it.\n");
        if (lines.Count == 0)
        {
            text.Append("# nothing is missing\n");
        }
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    private TocTypeCode Classify(string name, string path, string packageId, HashSet<string> runtimePacks)
    {
        bool isAssembly = name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && FileUtilities.IsManagedAssembly(path);
        if (!isAssembly)
        {
            return NativeLibraryNames.IsNativeFileName(name) ? TocTypeCode.BINARY : TocTypeCode.DATA;
        }
        bool mustBeFile = !UseModuleArchive
            || name.Contains('/')
            || string.Equals(name, MainAssembly, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, StartupHookFileName, StringComparison.OrdinalIgnoreCase)
            || runtimePacks.Contains(packageId);
        return mustBeFile ? TocTypeCode.ASSEMBLY : TocTypeCode.MODULE;
    }

    private TocOrigin OriginOf(string name, ITaskItem item, AssetsFileOrigins assets, HashSet<string> runtimePacks)
    {
        string packageId = item.GetMetadata("NuGetPackageId");
        string packageVersion = item.GetMetadata("NuGetPackageVersion");
        if (runtimePacks.Contains(packageId))
        {
            return new TocOrigin("framework", packageId, packageVersion.Length > 0 ? packageVersion : null);
        }
        if (packageId.Length > 0)
        {
            return assets.ForPackageAsset(packageId, packageVersion, item.GetMetadata("PathInPackage"))
                ?? new TocOrigin("package", packageId, packageVersion.Length > 0 ? packageVersion : null);
        }
        if (item.GetMetadata("MSBuildSourceProjectFile") is { Length: > 0 } project)
        {
            return new TocOrigin("project", Path.GetFileNameWithoutExtension(project));
        }
        return string.Equals(name, StartupHookFileName, StringComparison.OrdinalIgnoreCase) ? TocOrigin.Freeze : TocOrigin.App;
    }

    private static bool IsManagedEntry(TocEntry entry) => entry.TypeCode is TocTypeCode.MODULE or TocTypeCode.ASSEMBLY;

    private static string SimpleName(TocEntry entry) => Path.GetFileNameWithoutExtension(entry.Name);

    private static bool IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static string DestinationOf(ITaskItem item) =>
        (item.GetMetadata("DestinationPath") is { Length: > 0 } destination ? destination : Path.GetFileName(item.ItemSpec)).Replace('\\', '/');

    private static string FullPathOf(ITaskItem item, string kind)
    {
        string path = item.GetMetadata("FullPath");
        return File.Exists(path) ? path : throw new FreezeBuildException("FRZ0107", $"{kind} '{item.ItemSpec}' does not exist.");
    }

    /// <summary>
    /// The host reads &lt;app&gt;.deps.json, rewritten without the assemblies of the module archive; the app
    /// reads the SDK's own as <see cref="Toc.AppDepsFile"/> (the bootloader points APP_CONTEXT_DEPS_FILES at it).
    /// </summary>
    private void RewriteDepsFile(TocBuilder toc)
    {
        var moved = toc.Entries.Where(e => e.TypeCode == TocTypeCode.MODULE).Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string depsName = Path.ChangeExtension(MainAssembly, ".deps.json");
        if (moved.Count == 0 || !toc.TryGet(depsName, out var deps))
        {
            return;
        }
        string rewritten = Path.Combine(IntermediateDirectory, depsName);
        Directory.CreateDirectory(IntermediateDirectory);
        FileUtilities.WriteTextIfChanged(rewritten, DepsFileRewriter.Rewrite(File.ReadAllText(deps.Source), moved));
        toc.Replace(deps with { Source = rewritten });
        toc.Add(deps with { Name = Toc.AppDepsFileOf(MainAssembly) });
    }

    /// <summary>Microsoft.Extensions.Hosting in the bundle, or in a shared framework the app references (ASP.NET Core).</summary>
    private bool UsesHosting(IEnumerable<TocEntry> entries) =>
        entries.Any(e => IsManagedEntry(e) && SimpleName(e) == HostingAssembly)
        || FrameworkAssemblies.Any(a => Path.GetFileNameWithoutExtension(a.ItemSpec) == HostingAssembly);

    private const string HostingAssembly = "Microsoft.Extensions.Hosting";

    private static bool IsStartupHookFile(ITaskItem item) =>
        string.Equals(item.GetMetadata("RelativePath") is { Length: > 0 } relative ? relative : Path.GetFileName(item.ItemSpec),
            StartupHookFileName, StringComparison.OrdinalIgnoreCase);

    private static ITaskItem KeptItem(TocEntry entry, ITaskItem? item)
    {
        var kept = item is null ? new TaskItem(entry.Source) : new TaskItem(item) { ItemSpec = entry.Source };
        kept.SetMetadata("RelativePath", entry.Name);
        if (string.IsNullOrEmpty(kept.GetMetadata("CopyToPublishDirectory")))
        {
            kept.SetMetadata("CopyToPublishDirectory", "PreserveNewest");
        }
        return kept;
    }

    private TaskItem StartupHookItem() => new(StartupHookAssembly, new Dictionary<string, string>
    {
        ["RelativePath"] = StartupHookFileName,
        ["CopyToPublishDirectory"] = "PreserveNewest",
    });
}
