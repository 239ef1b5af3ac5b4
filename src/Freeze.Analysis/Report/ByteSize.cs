using System.Globalization;

namespace Freeze.Analysis.Report;

/// <summary>Byte counts for people: 512 B, 12.3 KiB, 4.0 MiB.</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Format(long bytes)
    {
        double value = Math.Abs((double)bytes);
        int unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        string sign = bytes < 0 ? "-" : "";
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{value:0.0} {Units[unit]}");
    }

    /// <summary>A change: +1.2 KiB, -300 B, 0 B.</summary>
    public static string FormatChange(long bytes) => bytes > 0 ? "+" + Format(bytes) : Format(bytes);

    /// <summary>Stored bytes as a share of the full bytes: "43 %"; "-" when there is nothing.</summary>
    public static string Ratio(long stored, long full) =>
        full == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * stored / full:0} %");
}
