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
                var encoded = files.AsParallel().AsOrdered().Select(e => MemberCodec.Encode(File.ReadAllBytes(e.Source), compression)).ToList();
                for (int i = 0; i < files.Count; i++)
                {
                    package.AddMember(files[i].Name, PackageTypeCodeOf(files[i].TypeCode), encoded[i], ModeOf(files[i]));
                }
            }
            var modules = toc.Entries.Where(e => e.TypeCode == TocTypeCode.MODULE).ToList();
            if (modules.Count > 0)
            {
                using var archive = new MemoryStream();
                ModuleArchiveWriter.Write(archive, modules.Select(m => (Path.GetFileNameWithoutExtension(m.Name), File.ReadAllBytes(m.Source))), compression);
                moduleBytes = archive.Length;
                package.AddMember(ModuleArchiveName, PackageTypeCode.ModuleArchive, archive.ToArray(), 0b110_100_100, MemberCompression.Stored);
                package.AddOption("module-archive", ModuleArchiveName);
                // Only a process that loads from the module archive pays the 7 ms the runtime
                // spends on running a startup hook (measured: eng/bench/bench.sh).
                package.AddOption("startup-hook", ComputeFreezeToc.StartupHookFileName);
            }
            package.AddOption("mode", oneFile ? "onefile" : "onedir");
            package.AddOption("main-assembly", toc.MainAssembly);
            package.AddOption("self-contained", toc.SelfContained ? "true" : "false");
            package.Finish();
        });
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(OutputFile, (UnixFileMode)0b111_101_101);
        }
        Log.LogMessage(MessageImportance.Normal,
            $"Freeze.Sdk: {Path.GetFileName(OutputFile)} ({toc.Mode}): {new FileInfo(OutputFile).Length:N0} bytes, module archive {moduleBytes:N0} bytes, bootloader {new FileInfo(Bootloader).Length:N0} bytes");
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
