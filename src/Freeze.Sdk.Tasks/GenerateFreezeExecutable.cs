using System.Diagnostics.CodeAnalysis;
using Freeze.Archive;
using Microsoft.Build.Framework;

namespace Freeze.Sdk.Tasks;

/// <summary>
/// PYZ + PKG + EXE: writes the module archive and the package from the TOC and appends them to a copy
/// of the bootloader. The output appears whole or not at all.
/// </summary>
public sealed class GenerateFreezeExecutable : FreezeTask
{
    internal const string ModuleArchiveName = "modules.frz";

    [Required, NotNull] public string? TocFile { get; set; }

    /// <summary>The bootloader for the target RID, from the package's runtimes/&lt;rid&gt;/native/.</summary>
    [Required, NotNull] public string? Bootloader { get; set; }

    [Required, NotNull] public string? OutputFile { get; set; }

    /// <summary>zlib (default) or none.</summary>
    public string Compression { get; set; } = "zlib";

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

    protected override void ExecuteCore()
    {
        var compression = Compression.ToLowerInvariant() switch
        {
            "zlib" or "" => MemberCompression.Zlib,
            "none" => MemberCompression.Stored,
            _ => throw new FreezeBuildException("FRZ0007", $"FreezeCompression '{Compression}' is not valid. Use zlib or none."),
        };
        if (!File.Exists(Bootloader))
        {
            throw new FreezeBuildException("FRZ0310", $"The bootloader '{Bootloader}' does not exist. The Freeze.Sdk package is incomplete; restore it again.");
        }
        var toc = Toc.FromJson(File.ReadAllText(TocFile));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);

        long moduleBytes = 0;
        FileUtilities.WriteAtomically(OutputFile, output =>
        {
            using (var bootloader = File.OpenRead(Bootloader))
            {
                bootloader.CopyTo(output);
            }
            var package = new PackageWriter(output);
            bool oneFile = toc.Mode == "OneFile";
            if (oneFile)
            {
                var files = toc.Entries.Where(e => e.TypeCode != TocTypeCode.MODULE).ToList();
                var links = LinkTargets(files);
                var encoded = files.AsParallel().AsOrdered().Select(e => links.TryGetValue(e.Name, out string? target)
                    ? MemberCodec.Encode(System.Text.Encoding.UTF8.GetBytes(target), MemberCompression.Stored)
                    : MemberCodec.Encode(File.ReadAllBytes(e.Source), compression)).ToList();
                for (int i = 0; i < files.Count; i++)
                {
                    bool link = links.ContainsKey(files[i].Name);
                    package.AddMember(files[i].Name, link ? PackageTypeCode.Symlink : PackageTypeCodeOf(files[i].TypeCode), encoded[i], link ? 0b111_111_111 : ModeOf(files[i]));
                }
            }
            var modules = toc.Entries.Where(e => e.TypeCode == TocTypeCode.MODULE).ToList();
            if (modules.Count > 0)
            {
                // The member's data starts at the current position: assemblies are aligned to file offsets from there.
                using var archive = new MemoryStream();
                ModuleArchiveWriter.Write(archive, modules.Select(m => (m.Name, File.ReadAllBytes(m.Source))), output.Position);
                moduleBytes = archive.Length;
                package.AddMember(ModuleArchiveName, PackageTypeCode.ModuleArchive, archive.ToArray(), 0b110_100_100, MemberCompression.Stored);
                package.AddOption(FreezeContract.Option.ModuleArchive, ModuleArchiveName);
                if (toc.Entries.Any(e => e.Name == toc.AppDepsFile))
                {
                    package.AddOption(FreezeContract.Option.AppDeps, toc.AppDepsFile);
                }
            }
            AddRuntimeOptions(package, toc);
            package.AddOption(FreezeContract.Option.Mode, oneFile ? FreezeContract.Value.OneFile : FreezeContract.Value.OneDir);
            package.AddOption(FreezeContract.Option.MainAssembly, toc.MainAssembly);
            package.AddOption(FreezeContract.Option.SelfContained, toc.SelfContained ? FreezeContract.Value.True : FreezeContract.Value.False);
            if (oneFile && RuntimeTmpDir.Length > 0)
            {
                package.AddOption(FreezeContract.Option.RuntimeTmpdir, RuntimeTmpDir);
            }
            package.Finish();
        });
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(OutputFile, (UnixFileMode)0b111_101_101);
        }
        var counts = toc.Entries.GroupBy(e => e.TypeCode).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        Log.LogMessage(MessageImportance.Normal,
            $"Freeze.Sdk: {Path.GetFileName(OutputFile)} ({toc.Mode}): {toc.Entries.Count} entries ({string.Join(", ", counts)}), " +
            $"module archive {moduleBytes:N0} bytes, executable {new FileInfo(OutputFile).Length:N0} bytes (bootloader {new FileInfo(Bootloader).Length:N0})" +
            (toc.Glibc is { } glibc ? $", needs glibc {glibc.Parsed} ({glibc.File})" : ""));
    }

    /// <summary>
    /// The startup hook costs start-up time (measured: eng/bench/bench.sh), so the bootloader installs
    /// it only where it is needed: always when the app has runtime hooks or is a hosting app whose
    /// content root Freeze sets; for --freeze-worker command lines when automatic dispatch is on;
    /// else never. Assemblies of the module archive need no hook (the bootloader's bundle probe).
    /// </summary>
    private void AddRuntimeOptions(PackageWriter package, Toc toc)
    {
        bool contentRoot = HostingContentRoot && toc.UsesHosting;
        bool always = contentRoot || RuntimeHooks.Length > 0;
        if (!StartupHookSupport && (always || WorkerAutoDispatch))
        {
            throw new FreezeBuildException("FRZ0010",
                "StartupHookSupport=false turns startup hooks off, and this app needs Freeze.Runtime's one before Main for " +
                string.Join(", ", new[] { contentRoot ? "the content root of its host (FreezeHostingContentRoot)" : null, RuntimeHooks.Length > 0 ? "FreezeRuntimeHook" : null, WorkerAutoDispatch ? "worker dispatch (FreezeWorkerAutoDispatch)" : null }.OfType<string>()) +
                ". Remove StartupHookSupport=false from the command line (FreezeMode turns startup hooks on; DOTNET_STARTUP_HOOKS stays ignored), or turn those features off.");
        }
        package.AddOption(FreezeContract.Option.StartupHook, ComputeFreezeToc.StartupHookFileName);
        package.AddOption(FreezeContract.Option.StartupHookWhen,
            always ? FreezeContract.Value.HookAlways : WorkerAutoDispatch ? FreezeContract.Value.HookWorker : FreezeContract.Value.HookNever);
        if (AllowStartupHooks)
        {
            package.AddOption(FreezeContract.Option.AllowStartupHooks, FreezeContract.Value.True);
        }
        if (RuntimeHooks.Length > 0)
        {
            package.AddOption(FreezeContract.Option.PropertyPrefix + FreezeContract.BuildProperty.RuntimeHooks, string.Join(';', RuntimeHooks));
        }
        if (!WorkerAutoDispatch)
        {
            package.AddOption(FreezeContract.Option.PropertyPrefix + FreezeContract.BuildProperty.WorkerAutoDispatch, FreezeContract.Value.False);
        }
        if (contentRoot)
        {
            package.AddOption(FreezeContract.Option.PropertyPrefix + FreezeContract.BuildProperty.HostingContentRoot, FreezeContract.Value.True);
        }
        foreach (var option in RuntimeOptions)
        {
            if (option.ItemSpec.Contains('=') || option.ItemSpec.Length == 0)
            {
                throw new FreezeBuildException("FRZ0008", $"FreezeRuntimeOption '{option.ItemSpec}' is not a valid runtime property name. Use the name as Include and the setting as Value: <FreezeRuntimeOption Include=\"System.GC.Server\" Value=\"true\" />.");
            }
            package.AddOption(FreezeContract.Option.PropertyPrefix + option.ItemSpec, option.GetMetadata("Value"));
        }
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
                throw new FreezeBuildException("FRZ0312",
                    $"'{entry.Source}' (bundled as '{entry.Name}') is a symbolic link to '{raw}', which is outside the bundle. Bundle its target too, or bundle a copy of the file instead of the link.");
            }
            links.Add(entry.Name, target);
        }
        return links;
    }

    private static char PackageTypeCodeOf(TocTypeCode code) => code switch
    {
        TocTypeCode.ASSEMBLY => PackageTypeCode.Assembly,
        TocTypeCode.BINARY => PackageTypeCode.Binary,
        _ => PackageTypeCode.Data,
    };

    /// <summary>Only the executable bit is taken from the source, so the output does not depend on the umask.</summary>
    private static int ModeOf(TocEntry entry) =>
        entry.TypeCode == TocTypeCode.BINARY || FileUtilities.IsExecutable(entry.Source) ? 0b111_101_101 : 0b110_100_100;
}
