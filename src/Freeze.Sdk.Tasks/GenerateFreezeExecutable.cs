using System.Diagnostics.CodeAnalysis;
using Freeze.Analysis;
using Freeze.Archive;
using Freeze.Archive.Native;
using Freeze.Archive.Windows;
using Microsoft.Build.Framework;

namespace Freeze.Sdk.Tasks;

/// <summary>
/// PYZ + PKG + EXE: carries out the plan (toc.json). Writes the module archive and the package members
/// the plan places there, with its options, and appends them to a copy of the bootloader. The output
/// appears whole or not at all.
/// </summary>
public sealed class GenerateFreezeExecutable : FreezeTask
{
    [Required, NotNull] public string? TocFile { get; set; }

    /// <summary>The bootloader for the target RID, from the package's runtimes/&lt;rid&gt;/native/.</summary>
    [Required, NotNull] public string? Bootloader { get; set; }

    [Required, NotNull] public string? OutputFile { get; set; }

    /// <summary>zstd, zlib or none; Freeze.Sdk.targets sets the default.</summary>
    public string Compression { get; set; } = "zlib";

    /// <summary>The codec's level; empty for its default.</summary>
    public string CompressionLevel { get; set; } = "";

    /// <summary>Where WriteFreezeReport puts report.html: the summary line names it.</summary>
    public string? ReportFile { get; set; }

    /// <summary>FreezeSplashImage, and the FreezeSplashText* properties with it (docs/splash.md).</summary>
    public string SplashImage { get; set; } = "";

    public string SplashText { get; set; } = "";

    public string SplashTextPosition { get; set; } = "";

    public string SplashTextColor { get; set; } = "";

    public string SplashTextSize { get; set; } = "";

    /// <summary>The app's compiled assembly: a Windows executable gets its Win32 resources (icon, version), as the SDK's apphost does.</summary>
    public string ResourceAssembly { get; set; } = "";

    /// <summary>The project sets ApplicationManifest: the app's manifest replaces the bootloader's.</summary>
    public bool AppManifest { get; set; }

    /// <summary>SOURCE_DATE_EPOCH: the PE time stamp of a Windows executable (else the bootloader's stays).</summary>
    public string SourceDateEpoch { get; set; } = "";

    protected override void ExecuteCore()
    {
        var compression = FreezeSettings.ParseCompression(Compression);
        int level = FreezeSettings.ParseCompressionLevel(CompressionLevel, compression);
        if (!File.Exists(Bootloader))
        {
            throw new FreezeException(FreezeDiagnostics.BootloaderMissing, Bootloader);
        }
        var toc = Toc.FromJson(File.ReadAllText(TocFile));
        var splash = SplashImage.Length == 0 ? null : SplashScreenBuilder.FromFile(SplashImage, SplashText, SplashTextPosition, SplashTextColor, SplashTextSize);
        byte[] bootloaderBytes = File.ReadAllBytes(Bootloader);
        var windows = PeImage.HasMagic(bootloaderBytes) ? PrepareWindowsExecutable(bootloaderBytes) : null;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);

        long moduleBytes = 0;
        FileUtilities.WriteAtomically(OutputFile, output =>
        {
            output.Write(windows?.Bytes ?? bootloaderBytes);
            var package = new PackageWriter(output);
            var members = toc.Placed(TocPlacement.Package).ToList();
            var encoded = members.AsParallel().AsOrdered().Select(e => e.LinkTarget is string target
                ? MemberCodec.Encode(System.Text.Encoding.UTF8.GetBytes(target), MemberCompression.Stored)
                : MemberCodec.Encode(File.ReadAllBytes(e.Source), compression, level)).ToList();
            for (int i = 0; i < members.Count; i++)
            {
                bool link = members[i].LinkTarget is not null;
                package.AddMember(members[i].Name, link ? PackageTypeCode.Symlink : PackageTypeCodeOf(members[i].TypeCode), encoded[i], link ? 0b111_111_111 : ModeOf(members[i]));
            }
            var modules = toc.Placed(TocPlacement.ModuleArchive).ToList();
            if (modules.Count > 0)
            {
                // The member's data starts at the current position: assemblies are aligned to file offsets from there.
                using var archive = new MemoryStream();
                ModuleArchiveWriter.Write(archive, modules.Select(m => (m.Name, File.ReadAllBytes(m.Source))), output.Position);
                moduleBytes = archive.Length;
                package.AddMember(Toc.ModuleArchiveName, PackageTypeCode.ModuleArchive, archive.ToArray(), 0b110_100_100, MemberCompression.Stored);
            }
            if (splash is not null)
            {
                package.AddMember(SplashScreen.MemberName, PackageTypeCode.Data, MemberCodec.Encode(splash.ToBytes(), compression, level), 0b110_100_100);
                package.AddOption(FreezeContract.Option.SplashImage, SplashScreen.MemberName);
            }
            foreach (var option in toc.Options)
            {
                package.AddOption(option.Key, option.Value);
            }
            package.Finish();
            if (windows is not null)
            {
                WindowsExecutable.WriteCheckSum(output, windows.CheckSumOffset);
            }
        });
        if (!OperatingSystem.IsWindows() && !Path.GetExtension(OutputFile).Equals(".exe", StringComparison.OrdinalIgnoreCase))
        {
            File.SetUnixFileMode(OutputFile, (UnixFileMode)0b111_101_101);
        }
        var bundled = toc.Entries.Where(e => e.Placement != TocPlacement.Excluded).ToList();
        var counts = bundled.GroupBy(e => e.TypeCode).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        Log.LogMessage(MessageImportance.Normal,
            $"Freeze.Sdk: {Path.GetFileName(OutputFile)} ({toc.Mode}): {bundled.Count} entries ({string.Join(", ", counts)}), " +
            $"module archive {moduleBytes:N0} bytes, executable {new FileInfo(OutputFile).Length:N0} bytes (bootloader {new FileInfo(Bootloader).Length:N0})" +
            (toc.Glibc is { } glibc ? $", needs glibc {glibc.Parsed} ({glibc.File})" : "") +
            (string.IsNullOrEmpty(ReportFile) ? "" : $", report {Path.GetFullPath(ReportFile)}"));
    }

    private PreparedExecutable PrepareWindowsExecutable(byte[] bootloader)
    {
        uint? timeDateStamp = FreezeSettings.ParseSourceDateEpoch(SourceDateEpoch);
        List<Win32Resource> resources;
        try
        {
            resources = ResourceAssembly.Length == 0 ? [] : WindowsExecutable.ReadResources(File.ReadAllBytes(ResourceAssembly));
        }
        catch (InvalidNativeFileException e)
        {
            throw new FreezeException(FreezeDiagnostics.WindowsResources, ResourceAssembly, e.Message);
        }
        try
        {
            return WindowsExecutable.Prepare(bootloader, resources, AppManifest, timeDateStamp);
        }
        catch (InvalidNativeFileException e)
        {
            throw new FreezeException(FreezeDiagnostics.WindowsResources, Bootloader, e.Message);
        }
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
