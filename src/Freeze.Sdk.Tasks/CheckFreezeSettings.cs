using System.Diagnostics.CodeAnalysis;
using Freeze.Analysis;
using Microsoft.Build.Framework;

namespace Freeze.Sdk.Tasks;

/// <summary>
/// Validation before publish does any work: every mistake in the Freeze properties gets its code and the
/// way out (FRZ00nn), all of them in one build.
/// </summary>
public sealed class CheckFreezeSettings : FreezeTask
{
    [Required, NotNull] public string? Mode { get; set; }

    [Required, NotNull] public string? ProjectName { get; set; }

    public string OutputType { get; set; } = "";

    public string RuntimeIdentifier { get; set; } = "";

    /// <summary>The bootloader for <see cref="RuntimeIdentifier"/> in the package.</summary>
    public string Bootloader { get; set; } = "";

    /// <summary>The runtime identifiers the package has a bootloader for.</summary>
    public string[] AvailableRuntimeIdentifiers { get; set; } = [];

    public string Compression { get; set; } = "";

    public string CompressionLevel { get; set; } = "";

    public string ModuleArchive { get; set; } = "";

    public string MinimumGlibc { get; set; } = "";

    /// <summary>PublishSingleFile as it stands after Freeze.Sdk's targets: true only when the command line forces it.</summary>
    public bool PublishSingleFile { get; set; }

    /// <summary>The project asked for PublishSingleFile and Freeze publishes it instead.</summary>
    public bool ReplacedSingleFile { get; set; }

    public bool PublishAot { get; set; }

    public string[] RuntimeOptions { get; set; } = [];

    public string SplashImage { get; set; } = "";

    public string SplashText { get; set; } = "";

    public string SplashTextPosition { get; set; } = "";

    public string SplashTextColor { get; set; } = "";

    public string SplashTextSize { get; set; } = "";

    public string ExtractionCache { get; set; } = "";

    /// <summary>The full path of ApplicationIcon, passed for a Windows runtime identifier only.</summary>
    public string ApplicationIcon { get; set; } = "";

    /// <summary>SOURCE_DATE_EPOCH, passed for a Windows runtime identifier only (the PE time stamp).</summary>
    public string SourceDateEpoch { get; set; } = "";

    protected override void ExecuteCore()
    {
        string available = string.Join(", ", AvailableRuntimeIdentifiers.Order(StringComparer.Ordinal));
        Check(() => FreezeSettings.ParseMode(Mode));
        if (OutputType is not ("Exe" or "WinExe"))
        {
            Report(FreezeDiagnostics.NotAnApplication, ProjectName, OutputType);
        }
        if (RuntimeIdentifier.Length == 0)
        {
            Report(FreezeDiagnostics.NoRuntimeIdentifier, available);
        }
        else if (RuntimeIdentifier.StartsWith("osx", StringComparison.OrdinalIgnoreCase))
        {
            Report(FreezeDiagnostics.MacOs, RuntimeIdentifier, available);
        }
        else if (!File.Exists(Bootloader))
        {
            Report(FreezeDiagnostics.NoBootloader, RuntimeIdentifier, available);
        }
        if (PublishSingleFile)
        {
            Report(FreezeDiagnostics.SingleFileAndFreeze);
        }
        if (ReplacedSingleFile)
        {
            Report(FreezeDiagnostics.ReplacesSingleFile, ProjectName, Mode);
        }
        if (PublishAot)
        {
            Report(FreezeDiagnostics.NativeAot);
        }
        Check(() => FreezeSettings.ParseCompressionLevel(CompressionLevel, FreezeSettings.ParseCompression(Compression)));
        Check(() => FreezeSettings.ParseModuleArchive(ModuleArchive));
        Check(() => FreezeSettings.ParseMinimumGlibc(MinimumGlibc));
        foreach (string name in RuntimeOptions)
        {
            Check(() => FreezeSettings.CheckRuntimeOptionName(name));
        }
        if (RuntimeIdentifier.StartsWith("win", StringComparison.OrdinalIgnoreCase))
        {
            if (SplashImage.Length > 0)
            {
                Report(FreezeDiagnostics.LinuxOnlyFeature, "FreezeSplashImage", RuntimeIdentifier);
            }
            if (string.Equals(ExtractionCache, "true", StringComparison.OrdinalIgnoreCase))
            {
                Report(FreezeDiagnostics.LinuxOnlyFeature, "FreezeExtractionCache", RuntimeIdentifier);
            }
            if (string.Equals(Compression, "zstd", StringComparison.OrdinalIgnoreCase))
            {
                Report(FreezeDiagnostics.CompressionNotInBootloader, RuntimeIdentifier);
            }
        }
        if (SplashImage.Length > 0)
        {
            Check(() => FreezeSettings.ParseSplashText(SplashText));
            Check(() => FreezeSettings.ParseSplashTextColor(SplashTextColor));
            Check(() => FreezeSettings.ParseSplashTextSize(SplashTextSize));
            Check(() =>
            {
                var (width, height) = SplashScreenBuilder.ReadSize(SplashImage);
                FreezeSettings.ParseSplashTextPosition(SplashTextPosition, width, height);
            });
        }
        if (ApplicationIcon.Length > 0)
        {
            Check(() => FreezeSettings.CheckApplicationIcon(ApplicationIcon));
        }
        Check(() => FreezeSettings.ParseSourceDateEpoch(SourceDateEpoch));
    }

    private void Check(Action check)
    {
        try
        {
            check();
        }
        catch (FreezeException e)
        {
            LogDiagnostic(e.Diagnostic, e.Message);
        }
    }

    private void Check<T>(Func<T> parse) => Check(() => { parse(); });
}
