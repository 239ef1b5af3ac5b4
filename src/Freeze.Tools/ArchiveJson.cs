using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Freeze.Tools;

/// <summary><c>archive-viewer --json</c>: the <c>--log</c> table as one JSON object, the nested archives under <c>nested</c> with <c>-r</c>.</summary>
internal static class ArchiveJson
{
    public static void Write(ArchiveView view, TextWriter output, bool recursive)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            WriteView(json, view, recursive);
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteView(Utf8JsonWriter json, ArchiveView view, bool recursive)
    {
        json.WriteStartObject();
        json.WriteString("file", view.DisplayPath);
        json.WriteString("kind", view.Kind);
        if (view.PackageOffset is long offset)
        {
            json.WriteNumber("packageOffset", offset);
        }
        json.WriteStartArray("members");
        foreach (var item in view.Items)
        {
            json.WriteStartObject();
            json.WriteString("name", item.Name);
            json.WriteString("typeCode", item.TypeCode.ToString());
            json.WriteString("compression", ArchiveListing.CompressionName(item.Compression));
            json.WriteNumber("stored", item.StoredLength);
            json.WriteNumber("full", item.FullLength);
            json.WriteString("crc32", item.Crc32.ToString("x8", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (recursive)
        {
            json.WriteStartArray("nested");
            ArchiveListing.ForEachNested(view, nested => WriteView(json, nested, recursive));
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }
}
