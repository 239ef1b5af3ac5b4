using System.Globalization;
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
        "zstd" => MemberCompression.Zstd,
        "none" => MemberCompression.Stored,
        _ => throw new FreezeException(FreezeDiagnostics.InvalidCompression, value),
    };

    /// <summary>FreezeCompressionLevel for <paramref name="codec"/>: empty is the codec's default (0 here, <see cref="MemberCodec.DefaultLevel"/>).</summary>
    public static int ParseCompressionLevel(string? value, MemberCompression codec)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 0;
        }
        string name = codec == MemberCompression.Stored ? "none" : codec.ToString().ToLowerInvariant();
        if (MemberCodec.Levels(codec) is not var (min, max))
        {
            throw new FreezeException(FreezeDiagnostics.InvalidCompressionLevel, value, name, "members are stored uncompressed, so leave it empty");
        }
        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int level) || level < min || level > max)
        {
            throw new FreezeException(FreezeDiagnostics.InvalidCompressionLevel, value, name,
                $"give a whole number from {min} (fastest) to {max} (smallest), or leave it empty for {MemberCodec.DefaultLevel(codec)}");
        }
        return level;
    }

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

    /// <summary>FreezeSplashTextPosition: <c>X,Y</c>, pixels from the image's top left corner to the start of the text's baseline; default 10 pixels in from the bottom left.</summary>
    public static (int X, int Y) ParseSplashTextPosition(string? value, int width, int height)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (Math.Min(10, width - 1), Math.Max(0, height - 10));
        }
        string[] parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int x) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int y))
        {
            throw new FreezeException(FreezeDiagnostics.InvalidSplashText, "FreezeSplashTextPosition", value, "give X,Y in pixels, as 10,290");
        }
        if (x >= width || y >= height)
        {
            throw new FreezeException(FreezeDiagnostics.InvalidSplashText, "FreezeSplashTextPosition", value, $"the image is {width}x{height} pixels");
        }
        return (x, y);
    }

    /// <summary>FreezeSplashTextColor: <c>#RRGGBB</c> or one of the names of <see cref="SplashColorNames"/>; default black.</summary>
    public static int ParseSplashTextColor(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 0;
        }
        string trimmed = value.Trim();
        if (SplashColorNames.TryGetValue(trimmed, out int named))
        {
            return named;
        }
        if (trimmed.Length == 7 && trimmed[0] == '#' && int.TryParse(trimmed.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int rgb))
        {
            return rgb;
        }
        throw new FreezeException(FreezeDiagnostics.InvalidSplashText, "FreezeSplashTextColor", value,
            $"give #RRGGBB or one of {string.Join(", ", SplashColorNames.Keys.Order(StringComparer.Ordinal))}");
    }

    public static readonly IReadOnlyDictionary<string, int> SplashColorNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["black"] = 0x000000, ["white"] = 0xFFFFFF, ["gray"] = 0x808080, ["red"] = 0xFF0000,
        ["green"] = 0x008000, ["blue"] = 0x0000FF, ["yellow"] = 0xFFFF00,
    };

    public const int DefaultSplashTextSize = 12;

    /// <summary>FreezeSplashTextSize: the font's pixel size, 6 to 200; default 12.</summary>
    public static int ParseSplashTextSize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultSplashTextSize;
        }
        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size is < 6 or > 200)
        {
            throw new FreezeException(FreezeDiagnostics.InvalidSplashText, "FreezeSplashTextSize", value, "give a pixel size from 6 to 200");
        }
        return size;
    }

    /// <summary>FreezeSplashText: the text shown until the app changes it; at most 1024 bytes of UTF-8 on one line.</summary>
    public static string ParseSplashText(string? value)
    {
        string text = value ?? "";
        if (System.Text.Encoding.UTF8.GetByteCount(text) > FreezeContract.Splash.MaxText || text.Contains('\n') || text.Contains('\r'))
        {
            throw new FreezeException(FreezeDiagnostics.InvalidSplashText, "FreezeSplashText", text, $"give one line of at most {FreezeContract.Splash.MaxText} bytes");
        }
        return text;
    }

    /// <summary>SOURCE_DATE_EPOCH, the PE time stamp of a Windows executable: null when unset.</summary>
    public static uint? ParseSourceDateEpoch(string? value) => string.IsNullOrEmpty(value)
        ? null
        : uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint seconds)
            ? seconds
            : throw new FreezeException(FreezeDiagnostics.InvalidSourceDateEpoch, value);

    /// <summary>ApplicationIcon of a Windows app: an .ico file whose directory and images lie inside it.</summary>
    public static void CheckApplicationIcon(string iconFile)
    {
        try
        {
            Archive.Windows.IconFile.Read(File.ReadAllBytes(iconFile));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FreezeException(FreezeDiagnostics.ApplicationIconUnreadable, iconFile, "the file does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new FreezeException(FreezeDiagnostics.ApplicationIconUnreadable, iconFile, e.Message);
        }
    }
}
