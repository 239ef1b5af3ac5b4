using System.Text;
using Freeze.Archive;
using Freeze.Archive.Native;

namespace Freeze.Analysis;

/// <summary>A diagnostic analysis reports, with its message.</summary>
public sealed record ReportedDiagnostic(FreezeDiagnostic Diagnostic, string Message);

/// <summary>
/// What analysis decided: the TOC (every entry with its placement and reason, the package's options),
/// the warnings and messages for the build log, the warn-&lt;app&gt;.txt report, and which publish item
/// each entry came from (for the files kept beside the executable).
/// </summary>
public sealed record FreezePlan(Toc Toc, IReadOnlyList<ReportedDiagnostic> Diagnostics, string WarningsReport, IReadOnlyDictionary<string, int> PublishFileOf);

/// <summary>
/// Analysis: publish set and Freeze items in, a plan out. Decides each entry's typecode and placement
/// (in the package, in the module archive, beside the executable, left out) with the reason, checks
/// what managed code references and imports and what native files need, and sets the bootloader's
/// options. The tasks translate MSBuild items into <see cref="AnalysisInput"/> and carry the plan out.
/// </summary>
public sealed partial class FreezePlanner
{
    internal const string StartupHookFileName = "Freeze.Runtime.dll";
    private const string HostingAssembly = "Microsoft.Extensions.Hosting";

    private readonly AnalysisInput _input;
    private readonly HashSet<string> _runtimePacks;
    private readonly TocBuilder _toc = new();
    private readonly List<TocEntry> _outside = [];
    private readonly Dictionary<string, int> _publishFileOf = new(StringComparer.Ordinal);
    private readonly List<ReportedDiagnostic> _diagnostics = [];
    private readonly List<string> _report = [];

    private FreezePlanner(AnalysisInput input)
    {
        _input = input;
        _runtimePacks = new HashSet<string>(input.RuntimePackIds, StringComparer.OrdinalIgnoreCase);
    }

    private bool UseModuleArchive => _input.ModuleArchive != ModuleArchivePolicy.False;

    private bool OneFile => _input.Mode == FreezeMode.OneFile;

    /// <summary>
    /// A self-contained OneFile app for Linux maps the runtime's assemblies from the executable like
    /// the app's own, instead of unpacking ~60 MB of them on every start (docs/runtime.md). Not on
    /// Windows: under wine 8, the only Windows here, the runtime fails to map CoreLib from the probe.
    /// Not with the extraction cache either (unless FreezeModuleArchive=force): they are unpacked once,
    /// compressed in an executable half the size, and a cached start loads them from files, checked by
    /// the folder's digest, faster than it maps and CRC-checks them (docs/runtime.md).
    /// </summary>
    private bool RuntimeInModuleArchive => LinuxOneFileRuntime && !RuntimeInExtractionCache;

    private bool RuntimeInExtractionCache => LinuxOneFileRuntime && _input.Runtime.ExtractionCache && _input.ModuleArchive != ModuleArchivePolicy.Force;

    private bool LinuxOneFileRuntime => OneFile && _input.SelfContained && UseModuleArchive
        && _input.RuntimeIdentifier?.StartsWith("linux", StringComparison.Ordinal) == true;

    /// <exception cref="FreezeException">An error of the user's input (FRZ01nn, FRZ0010, FRZ0312).</exception>
    public static FreezePlan Plan(AnalysisInput input) => new FreezePlanner(input).Run();

    private FreezePlan Run()
    {
        var assets = !string.IsNullOrEmpty(_input.ProjectAssetsFile) && File.Exists(_input.ProjectAssetsFile) && !string.IsNullOrEmpty(_input.TargetFrameworkMoniker)
            ? AssetsFileOrigins.Read(_input.ProjectAssetsFile, _input.TargetFrameworkMoniker, _input.RuntimeIdentifier)
            : AssetsFileOrigins.Empty;
        AddPublishFiles(assets);
        AddUserItems();
        var roots = AddHiddenAssemblies(assets);
        RemoveExcluded();

        ScanNativeDependencies();
        ScanManagedCode(roots);
        RewriteDepsFile();

        bool usesHosting = UsesHosting();
        var entries = Place().Concat(_outside).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var toc = new Toc(_input.Mode.ToString(), _input.MainAssembly, _input.SelfContained, usesHosting, entries)
        {
            Glibc = CheckGlibc(),
            Options = Options(entries, usesHosting),
        };
        return new FreezePlan(WithFindings(toc), _diagnostics, WarningsReport(), _publishFileOf);
    }

    private void AddPublishFiles(AssetsFileOrigins assets)
    {
        var excludedSources = new HashSet<string>(_input.ExcludedSources.Select(Path.GetFullPath), StringComparer.Ordinal);
        // The app's reference to Freeze.Runtime publishes it (trimmed with the app when trimming); the
        // package's copy is added only when the publish set lacks it.
        var files = _input.Files.Select((file, index) => (File: file, Index: (int?)index)).ToList();
        if (!files.Any(f => IsStartupHook(f.File.RelativePath)))
        {
            files.Add((new PublishFile(StartupHookFileName, _input.StartupHookAssembly), null));
        }
        foreach (var (file, index) in files)
        {
            string name = file.RelativePath.Replace('\\', '/');
            string source = Path.GetFullPath(file.Source);
            if (name == _input.AppHostName)
            {
                continue;
            }
            bool symbols = name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase);
            if (symbols || file.ExcludeFromFreeze || excludedSources.Contains(source))
            {
                var (placement, reason) = symbols
                    ? _input.IncludeSymbols ? (TocPlacement.Beside, "symbols (FreezeIncludeSymbols=true)") : (TocPlacement.Excluded, "symbols (FreezeIncludeSymbols=false)")
                    : OneFile ? (TocPlacement.Excluded, "ExcludeFromFreeze") : (TocPlacement.Beside, "ExcludeFromFreeze");
                AddOutside(new TocEntry(name, source, TocTypeCode.DATA, OriginOf(name, file, assets), reason) { Placement = placement }, index);
                continue;
            }
            var (typeCode, why) = Classify(name, source, file.PackageId);
            if (_toc.Add(new TocEntry(name, source, typeCode, OriginOf(name, file, assets), why)) && index is int i)
            {
                _publishFileOf[name] = i;
            }
        }
    }

    private void AddOutside(TocEntry entry, int? index)
    {
        _outside.Add(entry);
        if (index is int i)
        {
            _publishFileOf.TryAdd(entry.Name, i);
        }
    }

    private void AddUserItems()
    {
        foreach (var item in _input.Data)
        {
            _toc.Add(new TocEntry(DestinationOf(item), FullPathOf(item, "FreezeData"), TocTypeCode.DATA, new TocOrigin("user", "FreezeData"), "FreezeData"));
        }
        foreach (var item in _input.Binaries)
        {
            _toc.Add(new TocEntry(DestinationOf(item), FullPathOf(item, "FreezeBinary"), TocTypeCode.BINARY, new TocOrigin("user", "FreezeBinary"), "FreezeBinary"));
        }
        foreach (var tree in _input.Trees)
        {
            var typeCode = tree.TypeCode is { Length: > 0 } code
                ? Enum.TryParse<TocTypeCode>(code, ignoreCase: true, out var parsed) && parsed != TocTypeCode.MODULE ? parsed
                    : throw new FreezeException(FreezeDiagnostics.InvalidTreeTypeCode, tree.Folder, code)
                : TocTypeCode.DATA;
            foreach (var (source, destination) in TreeExpander.Expand(Path.GetFullPath(tree.Folder), tree.Prefix, tree.Excludes ?? []))
            {
                _toc.Add(new TocEntry(destination, source, typeCode, new TocOrigin("user", "FreezeTree", Asset: tree.Folder), $"FreezeTree {typeCode}"));
            }
        }
    }

    /// <summary>Hidden assemblies must be in the bundle: from the publish set, else from the package closure.</summary>
    private List<string> AddHiddenAssemblies(AssetsFileOrigins assets)
    {
        var roots = new List<string> { Path.GetFileNameWithoutExtension(_input.MainAssembly) };
        foreach (string hidden in _input.HiddenAssemblies)
        {
            string name = hidden.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? hidden[..^4] : hidden;
            roots.Add(name);
            if (_toc.Entries.Any(e => IsManaged(e) && SimpleName(e) == name))
            {
                continue;
            }
            var found = assets.FindClosureAssembly(name) ?? throw new FreezeException(FreezeDiagnostics.HiddenAssemblyNotFound, name);
            _toc.Add(new TocEntry($"{name}.dll", found.Path, UseModuleArchive ? TocTypeCode.MODULE : TocTypeCode.ASSEMBLY,
                found.Origin with { Asset = "hidden" }, UseModuleArchive ? "FreezeHiddenAssembly" : "FreezeModuleArchive=false"));
        }
        return roots;
    }

    private void RemoveExcluded()
    {
        foreach (string exclude in _input.Excludes)
        {
            string what = exclude.Replace('\\', '/');
            var removed = _toc.RemoveWhere(e => e.Name == what || Path.GetFileName(e.Name) == what || IsManaged(e) && SimpleName(e) == what);
            if (removed.Count == 0)
            {
                Report(FreezeDiagnostics.ExcludeMatchesNothing, exclude);
            }
            foreach (var entry in removed)
            {
                AddOutside(entry with { Placement = TocPlacement.Excluded, Reason = $"FreezeExclude '{exclude}'" }, null);
            }
        }
        if (!_toc.TryGet(_input.MainAssembly, out _))
        {
            throw new FreezeException(FreezeDiagnostics.MainAssemblyExcluded, _input.MainAssembly);
        }
    }

    private void ScanManagedCode(List<string> roots)
    {
        var framework = new HashSet<string>(_input.FrameworkAssemblies, StringComparer.OrdinalIgnoreCase);
        var bundled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in _toc.Entries.Where(e => IsManaged(e) && !e.Name.Contains('/')))
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
        var app = _toc.Entries.Where(e => IsManaged(e) && e.Origin.Kind is "app" or "project").Select(SimpleName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = ManagedScanner.Scan(roots, bundled, framework, app);
        _references.Add(result);
        KeepLocationReadAssembliesAsFiles(result.LocationUses);
        KeepRuntimeAsFilesWhenNeeded(result.RuntimeLocationUses);
        foreach (var group in result.Missing.GroupBy(m => m.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string users = string.Join(", ", group.Select(m => m.ReferencedBy).Distinct().Order(StringComparer.Ordinal));
            Report(FreezeDiagnostics.MissingAssembly, group.Key, users);
            _report.Add($"missing assembly {group.Key} - referenced by {users}");
        }

        var binaries = _toc.Entries.Where(e => e.TypeCode == TocTypeCode.BINARY).Select(e => Path.GetFileName(e.Name)).ToList();
        foreach (var group in result.NativeImports.GroupBy(i => i.Library).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string library = group.Key;
            if (NativeLibraryNames.IsSystemLibrary(library) || NativeLibraryNames.IsOtherOsLibrary(library, _input.RuntimeIdentifier)
                || NativeLibraryNames.IsRuntimeLibrary(library) || binaries.Any(b => NativeLibraryNames.Matches(library, b)))
            {
                continue;
            }
            string callers = string.Join(", ", group.Select(i => i.Caller).Distinct().Order(StringComparer.Ordinal).Take(3));
            Report(FreezeDiagnostics.MissingNativeImport, library, callers);
            _report.Add($"missing native library {library} - imported by {callers}");
        }
    }

    /// <summary>An assembly whose Assembly.Location code reads gets a real file in the home folder (FRZ0112).</summary>
    private void KeepLocationReadAssembliesAsFiles(IReadOnlyList<LocationUse> uses)
    {
        foreach (var group in uses.GroupBy(u => u.Assembly, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var entry = _toc.Entries.FirstOrDefault(e => e.TypeCode == TocTypeCode.MODULE && SimpleName(e).Equals(group.Key, StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                continue;
            }
            var sites = group.Select(u => u.Through is null ? $"{u.CallSite} reads Assembly.Location" : $"{u.CallSite} hands typeof() of it to {u.Through}, whose code reads assembly locations")
                .Distinct().Order(StringComparer.Ordinal).ToList();
            string why = FirstSites(sites);
            if (_input.ModuleArchive == ModuleArchivePolicy.Force)
            {
                Report(FreezeDiagnostics.LocationEmpty, entry.Name, why);
                _toc.Replace(entry with { Reason = $"FreezeModuleArchive=force, though its Assembly.Location is read ({FreezeDiagnostics.LocationEmpty.Code})" });
                continue;
            }
            _toc.Replace(entry with { TypeCode = TocTypeCode.ASSEMBLY, Reason = $"its Assembly.Location is read ({FreezeDiagnostics.LocationFile.Code}): {sites[0]}" });
            Report(FreezeDiagnostics.LocationFile, entry.Name, why);
        }
    }

    /// <summary>
    /// The runtime's assemblies go back to being files when code reads their locations, or when a
    /// composite ReadyToRun image, which the runtime opens beside them, holds their code (FRZ0118).
    /// </summary>
    private void KeepRuntimeAsFilesWhenNeeded(IReadOnlyList<RuntimeLocationUse> uses)
    {
        var runtime = _toc.Entries.Where(e => e.TypeCode == TocTypeCode.MODULE && e.Origin.Kind == "framework").ToList();
        if (runtime.Count == 0 || _input.ModuleArchive == ModuleArchivePolicy.Force)
        {
            return;
        }
        var composite = _toc.Entries.FirstOrDefault(e => e.Name.EndsWith(".r2r.dll", StringComparison.OrdinalIgnoreCase));
        var sites = uses.Select(u => $"{u.CallSite} reads {u.What}").Distinct().Order(StringComparer.Ordinal).ToList();
        string? why = composite is not null ? $"the composite ReadyToRun image {composite.Name} holds their code and the runtime opens it beside them"
            : sites.Count > 0 ? FirstSites(sites)
            : null;
        if (why is null)
        {
            return;
        }
        foreach (var entry in runtime)
        {
            _toc.Replace(entry with { TypeCode = TocTypeCode.ASSEMBLY, Reason = $"runtime pack, a file ({FreezeDiagnostics.RuntimeFiles.Code})" });
        }
        Report(FreezeDiagnostics.RuntimeFiles, why);
    }

    /// <summary>The first three call sites of a build message, and how many more.</summary>
    private static string FirstSites(IReadOnlyList<string> sites) =>
        string.Join("; ", sites.Take(3)) + (sites.Count > 3 ? $"; and {sites.Count - 3} more" : "");

    private void ScanNativeDependencies()
    {
        var target = NativeTarget.Of(_input.RuntimeIdentifier);
        var result = NativeDependencyScanner.Scan(_toc.Entries, target);
        _references.Add(result);
        foreach (var binary in result.Foreign.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            string format = binary.Format == NativeFormat.Pe ? "Windows (PE)" : "Linux (ELF)";
            Report(FreezeDiagnostics.ForeignBinary, binary.Name, format, binary.Machine, _input.RuntimeIdentifier);
            _report.Add($"native library for another platform {binary.Name} - {format} {binary.Machine}, the target is {_input.RuntimeIdentifier}");
        }
        foreach (var entry in result.Added)
        {
            _toc.Add(entry);
        }
        foreach (var group in result.Missing.GroupBy(m => m.Library).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string users = string.Join(", ", group.Select(m => m.NeededBy).Distinct().Order(StringComparer.Ordinal));
            Report(FreezeDiagnostics.MissingNativeDependency, group.Key, users);
            _report.Add($"missing native dependency {group.Key} - needed by {users}");
        }
    }

    /// <summary>
    /// The newest glibc the bundle needs: a native file linked against a newer glibc does not load
    /// on an older system (FRZ0114 above FreezeMinimumGlibc; FRZ0115 when the target has musl).
    /// </summary>
    private GlibcNeed? CheckGlibc()
    {
        var files = _toc.Entries.Where(e => e.TypeCode == TocTypeCode.BINARY).Select(e => (e.Name, e.Source)).ToList();
        if (!string.IsNullOrEmpty(_input.Bootloader) && File.Exists(_input.Bootloader))
        {
            files.Add(($"bootloader ({Path.GetFileName(_input.Bootloader)})", _input.Bootloader));
        }
        var needs = GlibcRequirement.Read(files);
        bool musl = _input.RuntimeIdentifier?.Contains("-musl", StringComparison.OrdinalIgnoreCase) == true;
        foreach (var need in needs)
        {
            string symbols = string.Join(", ", need.Symbols.Take(5)) + (need.Symbols.Count > 5 ? $" and {need.Symbols.Count - 5} more" : "");
            if (musl)
            {
                Report(FreezeDiagnostics.GlibcInMusl, need.File, need.Version, symbols, _input.RuntimeIdentifier);
                _report.Add($"glibc library in a musl bundle {need.File} - {need.Version}: {symbols}");
            }
            else if (_input.MinimumGlibc is { } minimum && need.Parsed > minimum)
            {
                Report(FreezeDiagnostics.NewerGlibc, need.File, need.Parsed, need.Version, symbols, minimum);
                _report.Add($"needs a newer glibc {need.File} - {need.Version}: {symbols}");
            }
        }
        return musl ? null : needs.FirstOrDefault();
    }

    /// <summary>
    /// The host reads &lt;app&gt;.deps.json, rewritten without the assemblies of the module archive; the app
    /// reads the SDK's own as <see cref="Toc.AppDepsFileOf"/> (the bootloader points APP_CONTEXT_DEPS_FILES at it).
    /// </summary>
    private void RewriteDepsFile()
    {
        var moved = _toc.Entries.Where(e => e.TypeCode == TocTypeCode.MODULE).Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string depsName = Path.ChangeExtension(_input.MainAssembly, ".deps.json");
        if (moved.Count == 0 || !_toc.TryGet(depsName, out var deps))
        {
            return;
        }
        string rewritten = Path.Combine(Path.GetFullPath(_input.IntermediateDirectory), depsName);
        FileUtilities.WriteTextIfChanged(rewritten, DepsFileRewriter.Rewrite(File.ReadAllText(deps.Source), moved));
        _toc.Replace(deps with { Source = rewritten, Reason = "rewritten for the host: without the module archive's assemblies" });
        _toc.Add(deps with { Name = Toc.AppDepsFileOf(_input.MainAssembly), Reason = "the SDK's deps.json, for DependencyContext" });
    }

    /// <summary>The module archive's assemblies load from the executable; OneFile extracts the rest, OneDir copies it beside the executable.</summary>
    private IEnumerable<TocEntry> Place()
    {
        var placed = _toc.Entries.Select(e => e with
        {
            Placement = e.TypeCode == TocTypeCode.MODULE ? TocPlacement.ModuleArchive : OneFile ? TocPlacement.Package : TocPlacement.Beside,
        }).ToList();
        var links = OneFile ? LinkTargets(placed.Where(e => e.Placement == TocPlacement.Package).ToList()) : [];
        return placed.Select(e => links.TryGetValue(e.Name, out string? target) ? e with { LinkTarget = target } : e);
    }

    /// <summary>
    /// OneFile keeps symbolic links: an entry whose source is a link to another file of the bundle becomes a link
    /// member (name → relative target). A link to anything outside the bundle is refused (FRZ0312).
    /// </summary>
    private static Dictionary<string, string> LinkTargets(IReadOnlyList<TocEntry> files)
    {
        var bySource = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in files)
        {
            bySource.TryAdd(Path.GetFullPath(entry.Source), entry.Name);
        }
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in files)
        {
            if (new FileInfo(entry.Source).LinkTarget is not string raw)
            {
                continue;
            }
            string resolved = Path.GetFullPath(raw, Path.GetDirectoryName(Path.GetFullPath(entry.Source))!);
            int slash = entry.Name.LastIndexOf('/');
            string? target = bySource.TryGetValue(resolved, out string? destination)
                ? Path.GetRelativePath(slash < 0 ? "." : entry.Name[..slash], destination).Replace('\\', '/')
                : null;
            if (target is null || !PackageTypeCode.IsValidLinkTarget(entry.Name, target))
            {
                throw new FreezeException(FreezeDiagnostics.LinkOutside, entry.Source, entry.Name, raw);
            }
            links.Add(entry.Name, target);
        }
        return links;
    }

    /// <summary>
    /// The package's options. The startup hook costs start-up time (measured: eng/bench/bench.sh), so the
    /// bootloader installs it only where it is needed: always when the app has runtime hooks or is a
    /// hosting app whose content root Freeze sets; for --freeze-worker command lines when automatic
    /// dispatch is on; else never. Assemblies of the module archive need no hook (the bundle probe).
    /// </summary>
    private List<TocOption> Options(IReadOnlyList<TocEntry> entries, bool usesHosting)
    {
        var runtime = _input.Runtime;
        var options = new List<TocOption>();
        if (entries.Any(e => e.Placement == TocPlacement.ModuleArchive))
        {
            options.Add(new(FreezeContract.Option.ModuleArchive, Toc.ModuleArchiveName));
            string appDeps = Toc.AppDepsFileOf(_input.MainAssembly);
            if (entries.Any(e => e.Name == appDeps))
            {
                options.Add(new(FreezeContract.Option.AppDeps, appDeps));
            }
        }
        bool contentRoot = runtime.HostingContentRoot && usesHosting;
        bool always = contentRoot || runtime.Hooks.Count > 0;
        if (!runtime.StartupHookSupport && (always || runtime.WorkerAutoDispatch))
        {
            var needs = new[]
            {
                contentRoot ? "the content root of its host (FreezeHostingContentRoot)" : null,
                runtime.Hooks.Count > 0 ? "FreezeRuntimeHook" : null,
                runtime.WorkerAutoDispatch ? "worker dispatch (FreezeWorkerAutoDispatch)" : null,
            };
            throw new FreezeException(FreezeDiagnostics.StartupHooksOff, string.Join(", ", needs.OfType<string>()));
        }
        options.Add(new(FreezeContract.Option.StartupHook, StartupHookFileName));
        options.Add(new(FreezeContract.Option.StartupHookWhen,
            always ? FreezeContract.Value.HookAlways : runtime.WorkerAutoDispatch ? FreezeContract.Value.HookWorker : FreezeContract.Value.HookNever));
        if (runtime.AllowStartupHooks)
        {
            options.Add(new(FreezeContract.Option.AllowStartupHooks, FreezeContract.Value.True));
        }
        if (runtime.Hooks.Count > 0)
        {
            options.Add(Property(FreezeContract.BuildProperty.RuntimeHooks, string.Join(';', runtime.Hooks)));
        }
        if (!runtime.WorkerAutoDispatch)
        {
            options.Add(Property(FreezeContract.BuildProperty.WorkerAutoDispatch, FreezeContract.Value.False));
        }
        if (contentRoot)
        {
            options.Add(Property(FreezeContract.BuildProperty.HostingContentRoot, FreezeContract.Value.True));
        }
        foreach (var (name, value) in runtime.Properties)
        {
            FreezeSettings.CheckRuntimeOptionName(name);
            options.Add(Property(name, value));
        }
        options.Add(new(FreezeContract.Option.Mode, OneFile ? FreezeContract.Value.OneFile : FreezeContract.Value.OneDir));
        options.Add(new(FreezeContract.Option.MainAssembly, _input.MainAssembly));
        options.Add(new(FreezeContract.Option.SelfContained, _input.SelfContained ? FreezeContract.Value.True : FreezeContract.Value.False));
        if (OneFile && runtime.TmpDir.Length > 0)
        {
            options.Add(new(FreezeContract.Option.RuntimeTmpdir, runtime.TmpDir));
        }
        if (OneFile && runtime.ExtractionCache)
        {
            options.Add(new(FreezeContract.Option.ExtractionCache, FreezeContract.Value.True));
        }
        // OneDir and a cached OneFile start host the app without a restart; a OneFile parent's child without an execv.
        if (!entries.Any(NeedsLibraryPath))
        {
            options.Add(new(FreezeContract.Option.Restart, FreezeContract.Value.False));
        }
        return options;
    }

    /// <summary>
    /// A native library of the app's folder that the dynamic loader may have to find by name (a DT_NEEDED
    /// of another library, a dlopen from native code): the OneDir bootloader restarts so the loader sees
    /// LD_LIBRARY_PATH. The runtime pack's libraries are loaded by path, and the one that needs another
    /// (libmscordbi.so) finds it through its RUNPATH $ORIGIN; a folder without any other starts ~2 ms
    /// faster without the restart (docs/bootloader.md).
    /// </summary>
    private static bool NeedsLibraryPath(TocEntry entry) =>
        entry.TypeCode == TocTypeCode.BINARY && entry.Placement != TocPlacement.Excluded && entry.Origin.Kind != "framework";

    private static TocOption Property(string name, string value) => new(FreezeContract.Option.PropertyPrefix + name, value);

    private void Report(FreezeDiagnostic diagnostic, params object?[] args) => _diagnostics.Add(new ReportedDiagnostic(diagnostic, diagnostic.Format(args)));

    private string WarningsReport()
    {
        var text = new StringBuilder();
        text.Append("# Freeze.Sdk analysis of ").Append(Path.GetFileNameWithoutExtension(_input.MainAssembly)).Append(": what the bundle lacks, and who needs it.\n");
        if (_report.Count == 0)
        {
            text.Append("# nothing is missing\n");
        }
        foreach (string line in _report)
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A managed assembly goes into the module archive unless it must be a file; the reason says which rule decided.</summary>
    private (TocTypeCode, string) Classify(string name, string path, string packageId)
    {
        bool isAssembly = name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && FileUtilities.IsManagedAssembly(path);
        if (!isAssembly)
        {
            return NativeLibraryNames.IsNativeFileName(name) ? (TocTypeCode.BINARY, "native library") : (TocTypeCode.DATA, "data file");
        }
        string? file = !UseModuleArchive ? "FreezeModuleArchive=false"
            : name.Contains('/') ? "in a subfolder (satellite assemblies load from files)"
            : string.Equals(name, _input.MainAssembly, StringComparison.OrdinalIgnoreCase) ? "main assembly"
            : IsStartupHook(name) ? "Freeze.Runtime: the startup hook loads from a file"
            : _runtimePacks.Contains(packageId) && RuntimeInExtractionCache ? "runtime pack: unpacked once into the extraction cache"
            : _runtimePacks.Contains(packageId) && !RuntimeInModuleArchive ? "runtime pack: the host loads it from a file"
            : null;
        return file is not null ? (TocTypeCode.ASSEMBLY, file)
            : _runtimePacks.Contains(packageId) ? (TocTypeCode.MODULE, "runtime pack: mapped from the executable")
            : (TocTypeCode.MODULE, "managed dependency");
    }

    private TocOrigin OriginOf(string name, PublishFile file, AssetsFileOrigins assets)
    {
        string? version = file.PackageVersion.Length > 0 ? file.PackageVersion : null;
        if (_runtimePacks.Contains(file.PackageId))
        {
            return new TocOrigin("framework", file.PackageId, version);
        }
        if (file.PackageId.Length > 0)
        {
            return assets.ForPackageAsset(file.PackageId, file.PackageVersion, file.PathInPackage) ?? new TocOrigin("package", file.PackageId, version);
        }
        if (file.SourceProject.Length > 0)
        {
            return new TocOrigin("project", Path.GetFileNameWithoutExtension(file.SourceProject));
        }
        return IsStartupHook(name) ? TocOrigin.Freeze : TocOrigin.App;
    }

    /// <summary>Microsoft.Extensions.Hosting in the bundle, or in a shared framework the app references (ASP.NET Core).</summary>
    private bool UsesHosting() =>
        _toc.Entries.Any(e => IsManaged(e) && SimpleName(e) == HostingAssembly)
        || _input.FrameworkAssemblies.Contains(HostingAssembly, StringComparer.Ordinal);

    private static bool IsStartupHook(string relativePath) => string.Equals(relativePath, StartupHookFileName, StringComparison.OrdinalIgnoreCase);

    private static bool IsManaged(TocEntry entry) => entry.TypeCode is TocTypeCode.MODULE or TocTypeCode.ASSEMBLY;

    private static string SimpleName(TocEntry entry) => Path.GetFileNameWithoutExtension(entry.Name);

    private static string DestinationOf(UserFile item) =>
        (item.Destination is { Length: > 0 } destination ? destination : Path.GetFileName(item.Source)).Replace('\\', '/');

    private static string FullPathOf(UserFile item, string kind)
    {
        string path = Path.GetFullPath(item.Source);
        return File.Exists(path) ? path : throw new FreezeException(FreezeDiagnostics.UserItemMissing, kind, item.Source, "file");
    }
}
