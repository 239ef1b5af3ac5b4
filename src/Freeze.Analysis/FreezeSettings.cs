using Freeze.Archive;

namespace Freeze.Analysis;

/// <summary>The Freeze* properties as MSBuild hands them over (strings), read into their values or refused with their FRZ code.</summary>
public static class FreezeSettings
{
    public static FreezeMode ParseMode(string value) => value switch
    {
        "OneDir" => FreezeMode.OneDir,
        "OneFile" => FreezeMode.OneFile,
        _ => throw new FreezeException(FreezeDiagnostics.InvalidMode, value),
    };

    public static ModuleArchivePolicy ParseModuleArchive(string? value) => (value ?? "").ToLowerInvariant() switch
    {
        "" or "true" => ModuleArchivePolicy.True,
        "false" => ModuleArchivePolicy.False,
        "force" => ModuleArchivePolicy.Force,
        _ => throw new FreezeException(FreezeDiagnostics.InvalidModuleArchive, value),
    };

    public static MemberCompression ParseCompression(string? value) => (value ?? "").ToLowerInvariant() switch
    {
        "" or "zlib" => MemberCompression.Zlib,
        "none" => MemberCompression.Stored,
        _ => throw new FreezeException(FreezeDiagnostics.InvalidCompression, value),
    };

    public static Version? ParseMinimumGlibc(string? value) => string.IsNullOrEmpty(value)
        ? null
        : GlibcRequirement.ParseVersion(value) ?? throw new FreezeException(FreezeDiagnostics.InvalidMinimumGlibc, value);

    /// <summary>FreezeRuntimeOption names: a runtime property name, never empty or with '='.</summary>
    public static void CheckRuntimeOptionName(string name)
    {
        if (name.Length == 0 || name.Contains('='))
        {
            throw new FreezeException(FreezeDiagnostics.InvalidRuntimeOption, name);
        }
    }
}
