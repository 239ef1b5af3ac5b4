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

/// <summary>One entry of the TOC: where a file goes in the bundle, where it comes from, what it is.</summary>
public sealed record TocEntry(string Name, string Source, TocTypeCode TypeCode);

/// <summary>The TOC written under obj/ as JSON, for users to inspect and for the next step to read.</summary>
public sealed record Toc(string Mode, string MainAssembly, bool SelfContained, IReadOnlyList<TocEntry> Entries)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    public static Toc FromJson(string json) =>
        JsonSerializer.Deserialize<Toc>(json, Options) ?? throw new InvalidDataException("empty TOC file");
}
