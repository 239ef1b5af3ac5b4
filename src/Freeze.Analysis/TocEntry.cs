using System.Text.Json;
using System.Text.Json.Serialization;

namespace Freeze.Analysis;

/// <summary>TOC typecodes (PyInstaller's, mapped to .NET); the JSON TOC spells them out.</summary>
public enum TocTypeCode
{
    /// <summary>Managed assembly loaded from the module archive.</summary>
    MODULE,
    /// <summary>Managed assembly that must be a file.</summary>
    ASSEMBLY,
    /// <summary>Native library.</summary>
    BINARY,
    /// <summary>Any other file.</summary>
    DATA,
}

/// <summary>
/// Where an entry comes from: a package (id, version and the kind of asset the assets file lists it
/// as), a project reference, the framework (runtime pack), the app itself, a user item, a native
/// dependency found by analysis, or Freeze.Sdk.
/// </summary>
public sealed record TocOrigin(string Kind, string? Id = null, string? Version = null, string? Asset = null)
{
    public static readonly TocOrigin App = new("app");
    public static readonly TocOrigin Freeze = new("freeze");

    public override string ToString() => string.Join(' ', new[] { Kind, Id is null ? null : Version is null ? Id : $"{Id}/{Version}", Asset }.Where(p => p is not null));
}

/// <summary>Where an entry ends up; the tasks only carry this out.</summary>
public enum TocPlacement
{
    /// <summary>A member of the package (OneFile: extracted at start).</summary>
    Package,
    /// <summary>Inside the module archive: loaded from the executable through the bundle probe.</summary>
    ModuleArchive,
    /// <summary>A file in the publish folder beside the executable (OneDir, symbols).</summary>
    Beside,
    /// <summary>Left out, with the reason.</summary>
    Excluded,
}

/// <summary>
/// One entry of the TOC: where a file goes in the bundle, where it comes from, what it is, where it is
/// placed and why. <see cref="LinkTarget"/>: a package member that is a symbolic link to another member.
/// </summary>
public sealed record TocEntry(string Name, string Source, TocTypeCode TypeCode, TocOrigin Origin, string? Reason = null)
{
    public TocPlacement Placement { get; init; }

    public string? LinkTarget { get; init; }

    /// <summary>The source file's length when analysis ran: the entry's full size.</summary>
    public long? Size { get; init; }

    /// <summary>The bundled entries that refer to this one (assembly references, DT_NEEDED and PE imports, DllImports); null when none does.</summary>
    public IReadOnlyList<TocReference>? ReferencedBy { get; init; }
}

/// <summary>An entry of the bundle that refers to another: <see cref="From"/> is its name in the bundle, <see cref="Kind"/> how it refers.</summary>
public sealed record TocReference(string From, string Kind)
{
    /// <summary>A managed assembly reference, as Mono.Cecil reads it.</summary>
    public const string AssemblyReference = "reference";

    /// <summary>A native library's DT_NEEDED entry, or a PE file's import.</summary>
    public const string Needed = "needed";

    /// <summary>A DllImport (or LibraryImport) of a managed assembly.</summary>
    public const string DllImport = "dllimport";
}

/// <summary>A diagnostic analysis reported (warnings and messages), as toc.json keeps it for the report.</summary>
public sealed record TocDiagnostic(string Code, FreezeSeverity Severity, string Message);

/// <summary>A bootloader option of the package (docs/formats.md), in the order it is written.</summary>
public sealed record TocOption(string Key, string Value);

/// <summary>
/// The plan of a freeze, written under obj/ as toc.json: every entry with its placement and the reason,
/// the package's options, and what analysis found. Users read it; GenerateFreezeExecutable carries it out.
/// </summary>
/// <param name="UsesHosting">The app is built on Microsoft.Extensions.Hosting (ASP.NET Core, the Generic Host).</param>
public sealed record Toc(string Mode, string MainAssembly, bool SelfContained, bool UsesHosting, IReadOnlyList<TocEntry> Entries)
{
    /// <summary>The package member that holds the module archive.</summary>
    public const string ModuleArchiveName = "modules.frz";

    /// <summary>The newest glibc the bundle needs (its native files and the bootloader), and which file needs it; null when none does.</summary>
    public GlibcNeed? Glibc { get; init; }

    public IReadOnlyList<TocOption> Options { get; init; } = [];

    /// <summary>What analysis warned about or said, in the order it did.</summary>
    public IReadOnlyList<TocDiagnostic> Diagnostics { get; init; } = [];

    public IEnumerable<TocEntry> Placed(TocPlacement placement) => Entries.Where(e => e.Placement == placement);

    /// <summary>
    /// The app's deps.json as the SDK wrote it, for DependencyContext, when the module archive holds
    /// assemblies: the .NET host reads &lt;app&gt;.deps.json, rewritten without them (it refuses to start
    /// when an assembly it lists is not on disk).
    /// </summary>
    public static string AppDepsFileOf(string mainAssembly) => Path.ChangeExtension(mainAssembly, ".bundle.deps.json");

    public string ToJson() => JsonSerializer.Serialize(this, TocJson.Default.Toc) + "\n";

    public static Toc FromJson(string json) =>
        JsonSerializer.Deserialize(json, TocJson.Default.Toc) ?? throw new InvalidDataException("empty TOC file");
}

/// <summary>toc.json's format, generated at compile time: reflection-based serialization costs ~20 ms in every publish's fresh MSBuild process.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Toc))]
internal sealed partial class TocJson : JsonSerializerContext;
