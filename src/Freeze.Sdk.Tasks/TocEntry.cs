using System.Text.Json;
using System.Text.Json.Serialization;

namespace Freeze.Sdk.Tasks;

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

/// <summary>One entry of the TOC: where a file goes in the bundle, where it comes from, what it is.</summary>
public sealed record TocEntry(string Name, string Source, TocTypeCode TypeCode, TocOrigin Origin);

/// <summary>The TOC written under obj/ as JSON, for users to inspect and for the next step to read.</summary>
/// <param name="UsesHosting">The app is built on Microsoft.Extensions.Hosting (ASP.NET Core, the Generic Host).</param>
public sealed record Toc(string Mode, string MainAssembly, bool SelfContained, bool UsesHosting, IReadOnlyList<TocEntry> Entries)
{
    /// <summary>
    /// The app's deps.json as the SDK wrote it, for DependencyContext, when the module archive holds
    /// assemblies: the .NET host reads &lt;app&gt;.deps.json, rewritten without them (it refuses to start
    /// when an assembly it lists is not on disk).
    /// </summary>
    /// <summary>The newest glibc the bundle needs (its native files and the bootloader), and which file needs it; null when none does.</summary>
    public GlibcNeed? Glibc { get; init; }

    [JsonIgnore]
    public string AppDepsFile => AppDepsFileOf(MainAssembly);

    public static string AppDepsFileOf(string mainAssembly) => Path.ChangeExtension(mainAssembly, ".bundle.deps.json");

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    public static Toc FromJson(string json) =>
        JsonSerializer.Deserialize<Toc>(json, Options) ?? throw new InvalidDataException("empty TOC file");
}
