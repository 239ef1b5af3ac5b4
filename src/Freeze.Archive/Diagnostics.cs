using System.Globalization;
using System.Reflection;
using System.Text;

namespace Freeze;

public enum FreezeSeverity
{
    Error,
    Warning,
    /// <summary>A build message worth reading (high importance), not a problem.</summary>
    Message,
}

/// <summary>Who reports the code; docs/diagnostics.md has one table per stage.</summary>
public enum FreezeStage
{
    Configuration,
    Analysis,
    Bootloader,
    Tool,
}

/// <summary>
/// One FRZ code: when it happens, what to do, and the text the build prints (<see cref="Text"/>, a
/// composite format). Bootloader and tool codes have no text here: the bootloader's lines come from C,
/// and the tool's name the file and the reason where they happen.
/// </summary>
public sealed record FreezeDiagnostic(string Code, FreezeSeverity Severity, FreezeStage Stage, string When, string Help, string? Text = null)
{
    /// <summary>The bootloader's exit code with this error; null for warnings and build-only codes.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Reported by the build too (a bootloader code the tasks check before the app ever runs).</summary>
    public bool AlsoAtBuild { get; init; }

    public string Format(params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Text ?? throw new InvalidOperationException($"{Code} has no build text"), args);
}

/// <summary>The catalogue of every FRZ code: the tasks, the targets (through CheckFreezeSettings), the tool and docs/diagnostics.md use it; ContractTests checks the C side against it.</summary>
public static class FreezeDiagnostics
{
    private const FreezeSeverity Error = FreezeSeverity.Error;
    private const FreezeSeverity Warning = FreezeSeverity.Warning;
    private const FreezeSeverity Message = FreezeSeverity.Message;
    private const FreezeStage Configuration = FreezeStage.Configuration;
    private const FreezeStage Analysis = FreezeStage.Analysis;
    private const FreezeStage Bootloader = FreezeStage.Bootloader;
    private const FreezeStage Tool = FreezeStage.Tool;

    public static readonly FreezeDiagnostic InvalidMode = new("FRZ0001", Error, Configuration,
        "`FreezeMode` is not `OneDir` or `OneFile`", "use one of them, or leave it empty",
        "FreezeMode '{0}' is not valid. Use OneDir (one folder) or OneFile (one executable), or leave FreezeMode empty to publish without Freeze.Sdk.");

    public static readonly FreezeDiagnostic NotAnApplication = new("FRZ0002", Error, Configuration,
        "`FreezeMode` is set on a project that is not an application (`OutputType` not `Exe`/`WinExe`)", "remove `FreezeMode` from that project",
        "FreezeMode is set on '{0}', whose OutputType is '{1}'. Only applications (OutputType Exe or WinExe) can be frozen; remove FreezeMode from this project.");

    public static readonly FreezeDiagnostic NoRuntimeIdentifier = new("FRZ0003", Error, Configuration,
        "no runtime identifier", "publish with `-r RID` or set `RuntimeIdentifier`",
        "FreezeMode needs a runtime identifier: publish with -r RID or set RuntimeIdentifier in the project. Runtime identifiers with a bootloader in this package: {0}.");

    public static readonly FreezeDiagnostic NoBootloader = new("FRZ0004", Error, Configuration,
        "the package has no bootloader for the runtime identifier", "use one of the identifiers the message lists",
        "Freeze.Sdk has no bootloader for the runtime identifier '{0}'. Runtime identifiers with a bootloader in this package: {1}.");

    public static readonly FreezeDiagnostic SingleFileAndFreeze = new("FRZ0005", Error, Configuration,
        "`PublishSingleFile=true` and `FreezeMode` both on the command line", "pass only one of them",
        "FreezeMode and PublishSingleFile=true are both given on the command line, and both turn the app into one file; pass only one of them.");

    public static readonly FreezeDiagnostic NativeAot = new("FRZ0006", Error, Configuration,
        "`PublishAot=true` together with `FreezeMode`", "a native AOT app is already one file: drop one of them",
        "FreezeMode cannot freeze a native AOT app (PublishAot=true): it is already one native executable.");

    public static readonly FreezeDiagnostic InvalidCompression = new("FRZ0007", Error, Configuration,
        "`FreezeCompression` is not `zlib`, `zstd` or `none`", "use one of them",
        "FreezeCompression '{0}' is not valid. Use zstd (the default on Linux), zlib (the default elsewhere) or none.");

    public static readonly FreezeDiagnostic InvalidRuntimeOption = new("FRZ0008", Error, Configuration,
        "a `FreezeRuntimeOption` has an empty name or one with `=`", "put the property name in `Include` and the setting in `Value`",
        "FreezeRuntimeOption '{0}' is not a valid runtime property name. Use the name as Include and the setting as Value: <FreezeRuntimeOption Include=\"System.GC.Server\" Value=\"true\" />.");

    public static readonly FreezeDiagnostic ReplacesSingleFile = new("FRZ0009", Message, Configuration,
        "the project sets `PublishSingleFile=true`; `FreezeMode` publishes it with Freeze.Sdk instead", "nothing; remove `PublishSingleFile` from the project to silence it",
        "'{0}' sets PublishSingleFile=true; FreezeMode={1} publishes it with Freeze.Sdk instead of the SDK's single-file bundler.");

    public static readonly FreezeDiagnostic StartupHooksOff = new("FRZ0010", Error, Configuration,
        "`StartupHookSupport=false` on the command line, and the app needs Freeze.Runtime's startup hook (worker dispatch, `FreezeRuntimeHook`, the content root of a hosting app)",
        "drop the property (FreezeMode turns startup hooks on), or turn those features off",
        "StartupHookSupport=false turns startup hooks off, and this app needs Freeze.Runtime's one before Main for {0}. Remove StartupHookSupport=false from the command line (FreezeMode turns startup hooks on; DOTNET_STARTUP_HOOKS stays ignored), or turn those features off.");

    public static readonly FreezeDiagnostic InvalidModuleArchive = new("FRZ0011", Error, Configuration,
        "`FreezeModuleArchive` is not `true`, `false` or `force`", "use one of them",
        "FreezeModuleArchive '{0}' is not valid. Use true (the default: managed dependencies load from the executable, those whose Assembly.Location code reads stay files), false (every assembly a file) or force (the module archive even for those).");

    public static readonly FreezeDiagnostic InvalidMinimumGlibc = new("FRZ0012", Error, Configuration,
        "`FreezeMinimumGlibc` is not a version (`2.31`)", "give the oldest glibc the app must run on",
        "FreezeMinimumGlibc '{0}' is not a glibc version. Give the oldest glibc the app must run on, as 2.28 (Debian 10, RHEL 8) or 2.31 (Debian 11, Ubuntu 20.04).");

    public static readonly FreezeDiagnostic MacOs = new("FRZ0013", Error, Configuration,
        "freezing for macOS (`osx-*`) is not supported", "publish macOS builds with `PublishSingleFile`; docs/platforms.md says what a port needs",
        "Freeze.Sdk cannot freeze for macOS ('{0}'): a macOS bootloader would have to be a signed Mach-O whose archive lies inside __LINKEDIT, use DYLD paths instead of LD_LIBRARY_PATH and know .app bundles (see docs/platforms.md). Publish macOS builds with PublishSingleFile=true. Runtime identifiers with a bootloader in this package: {1}.");

    public static readonly FreezeDiagnostic OldVisualStudio = new("FRZ0014", Error, Configuration,
        "Visual Studio's MSBuild is older than 18 (Visual Studio 2026)", "publish from Visual Studio 2026 or newer, or with `dotnet publish`",
        "Freeze.Sdk's build tasks are .NET assemblies, which this .NET Framework MSBuild ({0}) cannot run. Publish from Visual Studio 2026 (MSBuild 18) or newer, which runs them in a .NET task host, or with dotnet publish.");

    public static readonly FreezeDiagnostic LinuxOnlyFeature = new("FRZ0015", Warning, Configuration,
        "`FreezeSplashImage` or `FreezeExtractionCache=true` with a Windows runtime identifier (names the property)", "remove the property for Windows builds; the Windows bootloader ignores it (docs/platforms.md)",
        "{0} is not supported on Windows yet ('{1}'): the Windows bootloader ignores it (no splash screen; OneFile extracts into a new private folder on every start). Remove {0} for Windows builds.");

    public static readonly FreezeDiagnostic InvalidCompressionLevel = new("FRZ0016", Error, Configuration,
        "`FreezeCompressionLevel` is not a level of the `FreezeCompression` codec (zlib 1-9, zstd 1-22, none takes no level)", "give a whole number in the codec's range, or leave it empty for the codec's default",
        "FreezeCompressionLevel '{0}' is not valid with FreezeCompression={1}: {2}.");

    public static readonly FreezeDiagnostic CompressionNotInBootloader = new("FRZ0017", Error, Configuration,
        "`FreezeCompression=zstd` for a runtime identifier whose bootloader cannot decode zstd (win-*)", "use `FreezeCompression=zlib` (the default there) or `none`",
        "FreezeCompression=zstd is not available for {0}: its bootloader decodes zlib only (there is no libzstd for mingw-w64). Use FreezeCompression=zlib, the default for {0}.");

    public static readonly FreezeDiagnostic SplashImageUnreadable = new("FRZ0020", Error, Configuration,
        "`FreezeSplashImage` names a file that is missing or not an image Freeze can read (names the file)", "give a PNG, JPEG, BMP, GIF, TGA or PSD file",
        "FreezeSplashImage '{0}' cannot be used: {1}. Give a PNG (or JPEG, BMP, GIF, TGA, PSD) file.");

    public static readonly FreezeDiagnostic SplashImageTooLarge = new("FRZ0021", Error, Configuration,
        "the splash image is wider or taller than 4096 pixels", "scale the image down",
        "FreezeSplashImage '{0}' is {1}x{2} pixels; a splash screen may be at most {3} pixels wide and tall.");

    public static readonly FreezeDiagnostic InvalidSplashText = new("FRZ0022", Error, Configuration,
        "a `FreezeSplashText*` property has a value Freeze cannot read (names the property)", "see docs/splash.md for the forms each one takes",
        "{0} '{1}' is not valid: {2}.");

    public static readonly FreezeDiagnostic ApplicationIconUnreadable = new("FRZ0023", Error, Configuration,
        "publishing for Windows, `ApplicationIcon` names a file that is missing or not a valid .ico file (names the file and the fault)", "give an .ico file (one or more images, PNG or BMP)",
        "ApplicationIcon '{0}' cannot be the executable's icon: {1}. Give a Windows .ico file.");

    public static readonly FreezeDiagnostic InvalidSourceDateEpoch = new("FRZ0024", Error, Configuration,
        "publishing for Windows, `SOURCE_DATE_EPOCH` is not a whole number of seconds from 0 to 4294967295", "set it to a Unix time (`git log -1 --format=%ct`), or unset it",
        "SOURCE_DATE_EPOCH '{0}' is not a Unix time that a PE time stamp can hold (a whole number of seconds from 0 to 4294967295). Set it to one, for example the last commit's (git log -1 --format=%ct), or unset it.");

    public static readonly FreezeDiagnostic DestinationOutside = new("FRZ0101", Error, Analysis,
        "a file's destination in the bundle is absolute or contains `..`", "fix the item's `RelativePath` or `DestinationPath`",
        "'{0}' would be placed at '{1}' in the bundle; a destination must be a relative path without '..'.");

    public static readonly FreezeDiagnostic DuplicateDestination = new("FRZ0102", Error, Analysis,
        "two different files are published under one name (names both)", "remove one of them or give one another destination",
        "Two different files are published as '{0}': '{1}' and '{2}'. Remove one of them or give one another destination.");

    public static readonly FreezeDiagnostic MissingAssembly = new("FRZ0103", Warning, Analysis,
        "an assembly that bundled code references is neither in the bundle nor in the framework (names who references it)",
        "add the package or project that provides it, or `FreezeHiddenAssembly`; nothing if that code never runs",
        "Assembly '{0}', referenced by {1}, is not in the bundle or the framework; the app fails if it loads it. Add the package or project that provides it, or FreezeHiddenAssembly.");

    public static readonly FreezeDiagnostic HiddenAssemblyNotFound = new("FRZ0104", Error, Analysis,
        "a `FreezeHiddenAssembly` is neither in the publish output nor in a package the project references", "add the reference that provides it, or remove the item",
        "FreezeHiddenAssembly '{0}' is neither in the publish output nor in a package the project references. Add a PackageReference or ProjectReference that provides it, or remove the item.");

    public static readonly FreezeDiagnostic AssetsFileUnusable = new("FRZ0105", Error, Analysis,
        "`project.assets.json` cannot be read or lacks the target being published", "restore the project again",
        "'{0}' {1}. Restore the project again.");

    public static readonly FreezeDiagnostic MissingNativeImport = new("FRZ0106", Warning, Analysis,
        "a `DllImport` names a library that is neither bundled, nor a system library, nor part of .NET (names the calling methods)",
        "add it with `FreezeBinary`; nothing if it is on every target machine",
        "Native library '{0}', imported by {1}, is not in the bundle and is not a system library; the call fails unless the target machine has it. Add it with FreezeBinary.");

    public static readonly FreezeDiagnostic UserItemMissing = new("FRZ0107", Error, Analysis,
        "a `FreezeData` or `FreezeBinary` file, or a `FreezeTree` folder, does not exist", "fix the item's path",
        "{0} '{1}' does not exist or is not a {2}. Fix the path of the item, or remove it.");

    public static readonly FreezeDiagnostic InvalidTreeTypeCode = new("FRZ0108", Error, Analysis,
        "a `FreezeTree` has a `TypeCode` other than `DATA`, `BINARY` or `ASSEMBLY`", "use one of them",
        "FreezeTree '{0}' has TypeCode '{1}'. Use DATA (the default), BINARY or ASSEMBLY.");

    public static readonly FreezeDiagnostic ExcludeMatchesNothing = new("FRZ0109", Warning, Analysis,
        "a `FreezeExclude` matches no entry of the bundle", "fix its name (a destination, a file name or an assembly name), or remove it",
        "FreezeExclude '{0}' matches nothing in the bundle.");

    public static readonly FreezeDiagnostic MainAssemblyExcluded = new("FRZ0110", Error, Analysis,
        "`FreezeExclude` or `ExcludeFromFreeze` leaves out the main assembly", "remove that exclusion",
        "The main assembly '{0}' cannot be left out of the bundle (FreezeExclude or ExcludeFromFreeze).");

    public static readonly FreezeDiagnostic MissingNativeDependency = new("FRZ0111", Warning, Analysis,
        "a bundled native library needs a library that is neither in the bundle nor a system library (names who needs it)",
        "add it with `FreezeBinary`",
        "Native library '{0}', needed by {1}, is neither in the bundle nor a system library; loading {1} fails unless the target machine has it. Add it with FreezeBinary.");

    public static readonly FreezeDiagnostic LocationFile = new("FRZ0112", Message, Analysis,
        "an assembly is a file in the home folder rather than in the module archive, because code reads its `Assembly.Location` (names the call sites)",
        "nothing, or `FreezeModuleArchive=force`",
        "{0} is a file in the app's folder rather than in the module archive, so its Assembly.Location names a file: {1}. FreezeModuleArchive=force keeps it in the archive.");

    public static readonly FreezeDiagnostic LocationEmpty = new("FRZ0113", Message, Analysis,
        "with `FreezeModuleArchive=force`, an assembly whose `Assembly.Location` code reads stays in the module archive (names the call sites)",
        "nothing, if that code copes with an empty location; else `FreezeModuleArchive=true`",
        "{0} stays in the module archive (FreezeModuleArchive=force), so its Assembly.Location is empty: {1}.");

    public static readonly FreezeDiagnostic NewerGlibc = new("FRZ0114", Warning, Analysis,
        "a bundled native file needs a newer glibc than `FreezeMinimumGlibc` (names the file, the version and the symbols)",
        "use a build of the library made for older systems, or raise `FreezeMinimumGlibc`",
        "{0} needs glibc {1} ({2}: {3}), newer than FreezeMinimumGlibc {4}: the app fails where the glibc is older. Use a build of it made for older systems, or raise FreezeMinimumGlibc.");

    public static readonly FreezeDiagnostic GlibcInMusl = new("FRZ0115", Warning, Analysis,
        "a bundled native file of a `linux-musl` app is linked against glibc", "use the package's musl build of it",
        "{0} is linked against glibc ({1}: {2}), and {3} has musl: it does not load there. Use the package's linux-musl build of it.");

    public static readonly FreezeDiagnostic DestinationTooLong = new("FRZ0116", Error, Analysis,
        "a destination in the bundle is longer than 1024 bytes or deeper than 64 folders", "give it a shorter destination",
        "'{0}' would be placed at '{1}' in the bundle: longer than {2} bytes or deeper than {3} folders, so the app's folder plus it could not be a path on Linux. Give it a shorter destination.");

    public static readonly FreezeDiagnostic RuntimeFiles = new("FRZ0118", Message, Analysis,
        "a self-contained OneFile app unpacks the runtime's assemblies as files instead of mapping them from the executable (says why)",
        "nothing, or `FreezeModuleArchive=force`",
        "The runtime's assemblies are files in the app's folder rather than in the module archive, because {0}. Each start unpacks them; FreezeModuleArchive=force maps them from the executable.");

    public static readonly FreezeDiagnostic ForeignBinary = new("FRZ0117", Warning, Analysis,
        "a bundled native library is built for another operating system or processor than the runtime identifier",
        "exclude it with `FreezeExclude`, or take the build of it for the target",
        "'{0}' is {1} code for {2}, which a {3} app cannot load; it was built for another platform. Exclude it with FreezeExclude, or bundle the build of it for {3}.");

    public static readonly FreezeDiagnostic DamagedPackage = new("FRZ0301", Error, Bootloader,
        "the executable has no package or a damaged one (truncated, corrupt, wrong version)", "rebuild it, or copy it again") { ExitCode = 250 };

    public static readonly FreezeDiagnostic TempFolder = new("FRZ0302", Error, Bootloader,
        "the temporary folder cannot be created or written, is too deep for the app's files, or `FreezeRuntimeTmpDir` cannot be expanded (names the folder or the variable, and the reason)",
        "set `TMPDIR` to a writable folder with a short path, or rebuild with another `FreezeRuntimeTmpDir`") { ExitCode = 251 };

    public static readonly FreezeDiagnostic ExtractFailed = new("FRZ0303", Error, Bootloader,
        "a member cannot be extracted (disk full even after reclaiming crashed instances' folders, checksum mismatch)", "free space where `TMPDIR` points, or rebuild a damaged executable") { ExitCode = 251 };

    public static readonly FreezeDiagnostic NoRuntime = new("FRZ0304", Error, Bootloader,
        "no .NET runtime found for a framework-dependent app (lists where it looked)", "install the .NET runtime, set `DOTNET_ROOT`, or publish self-contained") { ExitCode = 252 };

    public static readonly FreezeDiagnostic HostfxrLoad = new("FRZ0305", Error, Bootloader,
        "`hostfxr` was found but cannot be loaded", "repair the .NET installation the message names") { ExitCode = 252 };

    public static readonly FreezeDiagnostic RuntimeFailed = new("FRZ0306", Error, Bootloader,
        "the runtime failed to initialize or run the app (the hostfxr status in hex)", "run with `COREHOST_TRACE=1` for the host's reasons") { ExitCode = 253 };

    public static readonly FreezeDiagnostic Launch = new("FRZ0307", Error, Bootloader,
        "the OneFile parent cannot start or wait for its child", "check the process limits (`ulimit -u`) and memory") { ExitCode = 254 };

    public static readonly FreezeDiagnostic Environment = new("FRZ0308", Error, Bootloader,
        "invalid `_FREEZE_PARENT_PROCESS_LEVEL`, or a missing application folder", "do not set `_FREEZE_*` variables by hand; start outside programs through `FreezeRuntime.CreateStartInfo`") { ExitCode = 249 };

    public static readonly FreezeDiagnostic UnpackWarning = new("FRZ0309", Warning, Bootloader,
        "a duplicate member was skipped, or the folder could not be fully removed (an error with `FREEZE_STRICT_UNPACK_MODE`)", "rebuild a damaged executable; remove what is left of the folder by hand");

    public static readonly FreezeDiagnostic BootloaderMissing = new("FRZ0310", Error, Bootloader,
        "build: the bootloader file is missing from the package", "restore the package again",
        "The bootloader '{0}' does not exist. The Freeze.Sdk package is incomplete; restore it again.");

    public static readonly FreezeDiagnostic TempNoExec = new("FRZ0311", Error, Bootloader,
        "the OneFile temp folder is on a file system mounted `noexec` (names the folder)", "set `TMPDIR` elsewhere or rebuild with another `FreezeRuntimeTmpDir`") { ExitCode = 251 };

    public static readonly FreezeDiagnostic LinkOutside = new("FRZ0312", Error, Bootloader,
        "a symbolic link in the bundle points outside it: the build names the link and its target; at run time the package is refused",
        "bundle the link's target too, or a copy of the file instead of the link",
        "'{0}' (bundled as '{1}') is a symbolic link to '{2}', which is outside the bundle. Bundle its target too, or bundle a copy of the file instead of the link.") { ExitCode = 250, AlsoAtBuild = true };

    public static readonly FreezeDiagnostic NoSymlinks = new("FRZ0313", Error, Bootloader,
        "the OneFile temp folder's file system cannot hold symbolic links", "set `TMPDIR` elsewhere") { ExitCode = 251 };

    public static readonly FreezeDiagnostic WindowsResources = new("FRZ0314", Error, Bootloader,
        "build: the app's Windows resources (icon, version) cannot be written into the executable: the bootloader has no room for another section header, or its headers, or the app assembly's resources, are damaged (names the file)",
        "restore the package again; a bootloader of your own needs room in its headers for one more section header",
        "Freeze cannot give the executable the app's Windows resources (icon, version) from '{0}': {1}. Restore the Freeze.Sdk package again; a bootloader of your own needs room in its headers for one more section.");

    public static readonly FreezeDiagnostic ToolUsage = new("FRZ0401", Error, Tool,
        "wrong command line: unknown command or option, missing FILE or option value, a value given to a flag (`--log=yes`), options that do not go together", "see `freeze COMMAND --help`");

    public static readonly FreezeDiagnostic ToolCannotRead = new("FRZ0402", Error, Tool,
        "the file cannot be read (missing, a folder, no permission)", "check the path");

    public static readonly FreezeDiagnostic ToolNotAnArchive = new("FRZ0403", Error, Tool,
        "the file is no Freeze.Sdk archive: no package cookie at its end, no module archive header at its start (an executable without a package says so)",
        "open a frozen executable, a package or a module archive");

    public static readonly FreezeDiagnostic ToolDamagedArchive = new("FRZ0404", Error, Tool,
        "the archive is damaged: truncated, inconsistent cookie or TOC, an invalid name (`..`, absolute), a member that fails its checksum, a link that leaves the folder",
        "rebuild it; the message names the archive and the reason");

    public static readonly FreezeDiagnostic ToolCannotWrite = new("FRZ0406", Error, Tool,
        "`--extract` cannot write: the file exists, a folder is a symbolic link, no space or permission", "extract into an empty folder");

    public static readonly FreezeDiagnostic ToolNotNative = new("FRZ0407", Error, Tool,
        "`bindepend`: the file is neither ELF nor PE", "give it a native library or executable");

    public static readonly FreezeDiagnostic ToolDamagedNative = new("FRZ0408", Error, Tool,
        "`bindepend`: the ELF or PE headers or tables are damaged", "nothing to do but replace the file");

    public static readonly FreezeDiagnostic ToolInternal = new("FRZ0499", Error, Tool,
        "an internal error of the command", "a bug: please report it with the file");

    public static IReadOnlyList<FreezeDiagnostic> All { get; } = typeof(FreezeDiagnostics)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(FreezeDiagnostic))
        .Select(f => (FreezeDiagnostic)f.GetValue(null)!)
        .OrderBy(d => d.Code, StringComparer.Ordinal)
        .ToArray();

    public static FreezeDiagnostic? Find(string code) => All.FirstOrDefault(d => d.Code == code);

    /// <summary>The tables of docs/diagnostics.md, one per stage.</summary>
    public static string ToMarkdown()
    {
        var text = new StringBuilder();
        foreach (var (stage, title) in new[]
        {
            (Configuration, "Configuration (build)"),
            (Analysis, "Analysis (build)"),
            (Bootloader, "Bootloader (run time, and build where it says so)"),
            (Tool, "The freeze command"),
        })
        {
            text.Append("### ").Append(title).Append("\n\n");
            bool exits = stage == Bootloader;
            text.Append(exits ? "| code | exit code | when | what to do |\n| --- | --- | --- | --- |\n" : "| code | kind | when | what to do |\n| --- | --- | --- | --- |\n");
            foreach (var diagnostic in All.Where(d => d.Stage == stage))
            {
                string kind = exits
                    ? diagnostic.ExitCode is int exit ? (diagnostic.AlsoAtBuild ? $"build, {exit}" : exit.ToString(CultureInfo.InvariantCulture)) : diagnostic.Severity == Warning ? "warning" : "build"
                    : diagnostic.Severity.ToString().ToLowerInvariant();
                text.Append("| ").Append(diagnostic.Code).Append(" | ").Append(kind).Append(" | ").Append(diagnostic.When).Append(" | ").Append(diagnostic.Help).Append(" |\n");
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}

/// <summary>A user error with its FRZ code: the tasks log it as one line, never a stack trace.</summary>
public sealed class FreezeException(FreezeDiagnostic diagnostic, params object?[] args) : Exception(diagnostic.Format(args))
{
    public FreezeDiagnostic Diagnostic { get; } = diagnostic;

    public string Code => Diagnostic.Code;
}
