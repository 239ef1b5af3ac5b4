using System.Diagnostics.CodeAnalysis;
using Freeze.Analysis;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Freeze.Sdk.Tasks;

/// <summary>
/// Analysis, as MSBuild sees it: reads the publish items and the user's Freeze items into an
/// <see cref="AnalysisInput"/>, lets <see cref="FreezePlanner"/> decide, logs what it found, writes the
/// plan as obj/…/freeze/toc.json with the warn-&lt;app&gt;.txt report, and hands back the publish
/// items that stay files beside the executable.
/// </summary>
public sealed class ComputeFreezeToc : FreezeTask
{
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

    /// <summary>FreezeModuleArchive: true, false or force.</summary>
    public string ModuleArchive { get; set; } = "true";

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

    /// <summary>FreezeRuntimeHook items: types whose static Run() runs before Main, in this order.</summary>
    public string[] RuntimeHooks { get; set; } = [];

    /// <summary>FreezeRuntimeOption items: runtime properties (Include) with their Value, fixed at build time.</summary>
    public ITaskItem[] RuntimeOptions { get; set; } = [];

    /// <summary>FreezeWorkerAutoDispatch: run --freeze-worker entries before Main.</summary>
    public bool WorkerAutoDispatch { get; set; } = true;

    /// <summary>FreezeAllowStartupHooks: honour DOTNET_STARTUP_HOOKS from the environment.</summary>
    public bool AllowStartupHooks { get; set; }

    /// <summary>The project's StartupHookSupport: false when the runtime ignores startup hooks.</summary>
    public bool StartupHookSupport { get; set; } = true;

    /// <summary>FreezeHostingContentRoot: a Microsoft.Extensions.Hosting app gets its home folder as content root.</summary>
    public bool HostingContentRoot { get; set; } = true;

    /// <summary>FreezeRuntimeTmpDir: where OneFile extracts, expanded by the bootloader at run time (docs/runtime.md).</summary>
    public string RuntimeTmpDir { get; set; } = "";

    /// <summary>FreezeExtractionCache: OneFile unpacks once into the per-user cache (docs/runtime.md).</summary>
    public bool ExtractionCache { get; set; }

    /// <summary>Every entry with DestinationPath, TypeCode, Placement and Origin.</summary>
    [Output] public ITaskItem[] TocEntries { get; private set; } = [];

    /// <summary>Publish items that stay in the publish folder (OneDir: the files that must be files).</summary>
    [Output] public ITaskItem[] FilesKeptBeside { get; private set; } = [];

    [Output] public string TocFile { get; private set; } = "";

    /// <summary>warn-&lt;app&gt;.txt: what analysis could not find, and who asked for it.</summary>
    [Output] public string WarningsFile { get; private set; } = "";

    protected override void ExecuteCore()
    {
        var input = ReadInput();
        string folder = Path.GetFullPath(IntermediateDirectory);
        TocFile = Path.Combine(folder, "toc.json");
        WarningsFile = Path.Combine(folder, $"warn-{Path.GetFileNameWithoutExtension(MainAssembly)}.txt");
        string fingerprint = PlanCache.Fingerprint(input);
        var plan = File.Exists(TocFile) && File.Exists(WarningsFile) ? PlanCache.Read(folder, fingerprint) : null;
        if (plan is not null)
        {
            Log.LogMessage(MessageImportance.Low, "Freeze.Sdk analysis skipped: nothing it reads has changed, the plan is the last one (toc.json)");
            foreach (var reported in plan.Diagnostics)
            {
                LogDiagnostic(FreezeDiagnostics.Find(reported.Code) ?? throw new InvalidDataException($"{PlanCache.FileName} names an unknown code {reported.Code}"), reported.Message);
            }
        }
        else
        {
            PlanCache.Forget(folder);
            var analysis = FreezePlanner.Plan(input);
            foreach (var reported in analysis.Diagnostics)
            {
                LogDiagnostic(reported.Diagnostic, reported.Message);
            }
            var toc = analysis.Toc;
            FileUtilities.WriteTextIfChanged(TocFile, toc.ToJson());
            FileUtilities.WriteTextIfChanged(WarningsFile, analysis.WarningsReport);
            plan = PlanCache.Of(toc, analysis.PublishFileOf);
            PlanCache.Write(folder, fingerprint, plan);
            if (toc.Glibc is { } glibc)
            {
                Log.LogMessage(MessageImportance.Low, $"Freeze.Sdk glibc: the bundle needs {glibc.Parsed} or newer ({glibc.File}: {string.Join(", ", glibc.Symbols.Take(5))})");
            }
        }

        TocEntries = plan.Entries.Select(e => (ITaskItem)new TaskItem(e.Source, new Dictionary<string, string>
        {
            ["DestinationPath"] = e.Name,
            ["TypeCode"] = e.TypeCode.ToString(),
            ["Placement"] = e.Placement.ToString(),
            ["Origin"] = e.Origin,
        })).ToArray();
        FilesKeptBeside = plan.Entries.Where(e => e.Placement == TocPlacement.Beside)
            .Select(e => KeptItem(e, e.PublishFile >= 0 ? Files[e.PublishFile] : null)).ToArray();

        Log.LogMessage(MessageImportance.Low, $"Freeze.Sdk TOC ({TocFile}):");
        foreach (var entry in plan.Entries)
        {
            Log.LogMessage(MessageImportance.Low, $"  {entry.TypeCode,-8} {entry.Placement,-13} {entry.Name}  [{entry.Origin}]  {entry.Reason}  {entry.Source}");
        }
    }

    private AnalysisInput ReadInput() => new()
    {
        Mode = FreezeSettings.ParseMode(Mode),
        MainAssembly = MainAssembly,
        AppHostName = AppHostName,
        StartupHookAssembly = StartupHookAssembly,
        IntermediateDirectory = IntermediateDirectory,
        Files = Files.Select(item => new PublishFile(
            item.GetMetadata("RelativePath") is { Length: > 0 } relative ? relative : Path.GetFileName(item.ItemSpec), item.ItemSpec)
        {
            PackageId = item.GetMetadata("NuGetPackageId"),
            PackageVersion = item.GetMetadata("NuGetPackageVersion"),
            PathInPackage = item.GetMetadata("PathInPackage"),
            SourceProject = item.GetMetadata("MSBuildSourceProjectFile"),
            ExcludeFromFreeze = string.Equals(item.GetMetadata("ExcludeFromFreeze"), "true", StringComparison.OrdinalIgnoreCase),
        }).ToList(),
        ProjectAssetsFile = ProjectAssetsFile,
        TargetFrameworkMoniker = TargetFrameworkMoniker,
        RuntimeIdentifier = RuntimeIdentifier,
        RuntimePackIds = RuntimePackIds,
        FrameworkAssemblies = FrameworkAssemblies.Select(a => Path.GetFileNameWithoutExtension(a.ItemSpec)).ToList(),
        SelfContained = SelfContained,
        ModuleArchive = FreezeSettings.ParseModuleArchive(ModuleArchive),
        IncludeSymbols = IncludeSymbols,
        Data = Data.Select(UserFileOf).ToList(),
        Binaries = Binaries.Select(UserFileOf).ToList(),
        Trees = Trees.Select(t => new UserTree(t.GetMetadata("FullPath"), t.GetMetadata("Prefix"),
            t.GetMetadata("Excludes").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            t.GetMetadata("TypeCode") is { Length: > 0 } code ? code : null)).ToList(),
        Excludes = Excludes.Select(e => e.ItemSpec).ToList(),
        HiddenAssemblies = HiddenAssemblies.Select(h => h.ItemSpec).ToList(),
        ExcludedSources = ExcludedSources,
        Bootloader = Bootloader,
        MinimumGlibc = FreezeSettings.ParseMinimumGlibc(MinimumGlibc),
        Runtime = new RuntimeSettings
        {
            Hooks = RuntimeHooks,
            Properties = RuntimeOptions.Select(o => KeyValuePair.Create(o.ItemSpec, o.GetMetadata("Value"))).ToList(),
            WorkerAutoDispatch = WorkerAutoDispatch,
            AllowStartupHooks = AllowStartupHooks,
            StartupHookSupport = StartupHookSupport,
            HostingContentRoot = HostingContentRoot,
            TmpDir = RuntimeTmpDir,
            ExtractionCache = ExtractionCache,
        },
    };

    private static UserFile UserFileOf(ITaskItem item) =>
        new(item.GetMetadata("FullPath"), item.GetMetadata("DestinationPath") is { Length: > 0 } destination ? destination : null);

    /// <summary>A publish item keeps its metadata (CopyToPublishDirectory and the like); a file analysis added gets PreserveNewest.</summary>
    private static ITaskItem KeptItem(PlanCache.Entry entry, ITaskItem? item)
    {
        var kept = item is null ? new TaskItem(entry.Source) : new TaskItem(item) { ItemSpec = entry.Source };
        kept.SetMetadata("RelativePath", entry.Name);
        if (string.IsNullOrEmpty(kept.GetMetadata("CopyToPublishDirectory")))
        {
            kept.SetMetadata("CopyToPublishDirectory", "PreserveNewest");
        }
        return kept;
    }
}
