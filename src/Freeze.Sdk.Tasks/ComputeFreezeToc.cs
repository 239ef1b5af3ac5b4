using System.Diagnostics.CodeAnalysis;
using Freeze.Archive;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Freeze.Sdk.Tasks;

/// <summary>
/// Analysis: turns the publish items into the TOC (destination name, source, typecode), writes it as
/// JSON under obj/, and says which publish items stay files beside the executable.
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

    /// <summary>Where the TOC JSON and rewritten files go.</summary>
    [Required, NotNull] public string? IntermediateDirectory { get; set; }

    /// <summary>Package ids of the runtime packs (self-contained): their files stay files.</summary>
    public string[] RuntimePackIds { get; set; } = [];

    public bool SelfContained { get; set; }

    public bool UseModuleArchive { get; set; } = true;

    public bool IncludeSymbols { get; set; }

    [Output] public ITaskItem[] TocEntries { get; private set; } = [];

    /// <summary>Publish items that stay in the publish folder (OneDir: the files that must be files).</summary>
    [Output] public ITaskItem[] FilesKeptBeside { get; private set; } = [];

    [Output] public string TocFile { get; private set; } = "";

    protected override void ExecuteCore()
    {
        bool oneFile = Mode == "OneFile";
        var runtimePacks = new HashSet<string>(RuntimePackIds, StringComparer.OrdinalIgnoreCase);
        var entries = new SortedDictionary<string, (TocEntry Entry, ITaskItem Item)>(StringComparer.Ordinal);
        var keptBeside = new List<ITaskItem>();

        foreach (var item in Files.Append(StartupHookItem()))
        {
            string name = (item.GetMetadata("RelativePath") is { Length: > 0 } relative ? relative : Path.GetFileName(item.ItemSpec)).Replace('\\', '/');
            if (name == AppHostName)
            {
                continue;
            }
            if (name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase))
            {
                if (IncludeSymbols)
                {
                    keptBeside.Add(item);
                }
                continue;
            }
            if (!MemberName.IsValid(name))
            {
                throw new FreezeBuildException("FRZ0101", $"'{item.ItemSpec}' would be placed at '{name}' in the bundle; a destination must be a relative path without '..'.");
            }
            var entry = new TocEntry(name, Path.GetFullPath(item.ItemSpec), Classify(name, item, runtimePacks));
            if (entries.TryGetValue(name, out var existing))
            {
                if (!SameContent(existing.Entry.Source, entry.Source))
                {
                    throw new FreezeBuildException("FRZ0102", $"Two different files are published as '{name}': '{existing.Entry.Source}' and '{entry.Source}'. Remove one of them.");
                }
                continue;
            }
            entries.Add(name, (entry, item));
        }

        RewriteDepsFile(entries);

        var toc = new Toc(Mode, MainAssembly, SelfContained, entries.Values.Select(e => e.Entry).ToList());
        Directory.CreateDirectory(IntermediateDirectory);
        TocFile = Path.Combine(IntermediateDirectory, "toc.json");
        FileUtilities.WriteTextIfChanged(TocFile, toc.ToJson());

        TocEntries = toc.Entries.Select(e => (ITaskItem)new TaskItem(e.Source, new Dictionary<string, string>
        {
            ["DestinationPath"] = e.Name,
            ["TypeCode"] = e.TypeCode.ToString(),
        })).ToArray();
        if (!oneFile)
        {
            foreach (var (entry, item) in entries.Values.Where(e => e.Entry.TypeCode != TocTypeCode.MODULE))
            {
                var kept = new TaskItem(item);
                kept.ItemSpec = entry.Source;
                keptBeside.Add(kept);
            }
        }
        FilesKeptBeside = keptBeside.ToArray();

        var counts = toc.Entries.GroupBy(e => e.TypeCode).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        Log.LogMessage(MessageImportance.Normal, $"Freeze.Sdk: {toc.Entries.Count} TOC entries ({string.Join(", ", counts)}) in {TocFile}");
    }

    private TocTypeCode Classify(string name, ITaskItem item, HashSet<string> runtimePacks)
    {
        bool isAssembly = name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && FileUtilities.IsManagedAssembly(item.ItemSpec);
        if (!isAssembly)
        {
            return IsNativeLibrary(name) ? TocTypeCode.BINARY : TocTypeCode.DATA;
        }
        bool mustBeFile = !UseModuleArchive
            || name.Contains('/')
            || string.Equals(name, MainAssembly, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, StartupHookFileName, StringComparison.OrdinalIgnoreCase)
            || runtimePacks.Contains(item.GetMetadata("NuGetPackageId"));
        return mustBeFile ? TocTypeCode.ASSEMBLY : TocTypeCode.MODULE;
    }

    private static bool IsNativeLibrary(string name)
    {
        string file = Path.GetFileName(name);
        return file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            || file.EndsWith(".dylib", StringComparison.Ordinal)
            || file.EndsWith(".so", StringComparison.Ordinal)
            || file.Contains(".so.", StringComparison.Ordinal);
    }

    private void RewriteDepsFile(SortedDictionary<string, (TocEntry Entry, ITaskItem Item)> entries)
    {
        var moved = entries.Values.Where(e => e.Entry.TypeCode == TocTypeCode.MODULE).Select(e => e.Entry.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string depsName = Path.ChangeExtension(MainAssembly, ".deps.json");
        if (moved.Count == 0 || !entries.TryGetValue(depsName, out var deps))
        {
            return;
        }
        string rewritten = Path.Combine(IntermediateDirectory, depsName);
        FileUtilities.WriteTextIfChanged(rewritten, DepsFileRewriter.Rewrite(File.ReadAllText(deps.Entry.Source), moved));
        entries[depsName] = (deps.Entry with { Source = rewritten }, deps.Item);
    }

    private TaskItem StartupHookItem() => new(StartupHookAssembly, new Dictionary<string, string>
    {
        ["RelativePath"] = StartupHookFileName,
        ["CopyToPublishDirectory"] = "PreserveNewest",
    });

    private static bool SameContent(string a, string b)
    {
        if (string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal))
        {
            return true;
        }
        var left = new FileInfo(a);
        var right = new FileInfo(b);
        return left.Length == right.Length && File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
    }
}
