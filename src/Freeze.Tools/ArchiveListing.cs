using System.Globalization;
using Freeze.Archive;

namespace Freeze.Tools;

/// <summary>The non-interactive outputs of archive-viewer: <c>--log</c> and <c>--brief</c>, optionally recursive.</summary>
internal static class ArchiveListing
{
    public static void WriteLog(ArchiveView view, TextWriter output, bool recursive)
    {
        WriteTable(view, output);
        if (recursive)
        {
            ForEachNested(view, nested =>
            {
                output.WriteLine();
                WriteLog(nested, output, recursive);
            });
        }
    }

    public static void WriteTable(ArchiveView view, TextWriter output)
    {
        output.WriteLine($"{view.DisplayPath}: {view.Description}");
        output.WriteLine(" type  compression      stored        full  crc32     name");
        foreach (var item in view.Items)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0}    {1,-11} {2,11} {3,11}  {4:x8}  {5}",
                item.TypeCode, CompressionName(item.Compression), item.StoredLength, item.FullLength, item.Crc32, item.Name));
        }
    }

    public static void WriteBrief(ArchiveView view, TextWriter output, bool recursive, string prefix = "")
    {
        foreach (var item in view.Items)
        {
            output.WriteLine(prefix + item.Name);
        }
        if (recursive)
        {
            ForEachNested(view, nested => WriteBrief(nested, output, recursive, prefix + NestedName(nested) + "!"));
        }
    }

    /// <summary>The nested archive's own name, the last part of its display path.</summary>
    private static string NestedName(ArchiveView nested) => nested.DisplayPath[(nested.DisplayPath.LastIndexOf('!') + 1)..];

    public static void ForEachNested(ArchiveView view, Action<ArchiveView> action)
    {
        foreach (var item in view.Items.Where(view.IsNestedArchive))
        {
            using var nested = NestedArchive.Open(view, item);
            action(nested);
        }
    }

    public static string CompressionName(MemberCompression compression) => compression switch
    {
        MemberCompression.Stored => "stored",
        MemberCompression.Zlib => "zlib",
        MemberCompression.Zstd => "zstd",
        _ => $"unknown({(byte)compression})",
    };
}

internal static class NestedArchive
{
    public static string PathOf(ArchiveView parent, ArchiveItem item) => $"{parent.DisplayPath}!{item.Name}";

    /// <summary>Opens a member as an archive, or explains in a <see cref="ToolException"/> why it cannot.</summary>
    public static ArchiveView Open(ArchiveView parent, ArchiveItem item)
    {
        string path = PathOf(parent, item);
        byte[] content;
        try
        {
            content = parent.Read(item);
        }
        catch (InvalidArchiveException e)
        {
            throw new ToolException(FreezeDiagnostics.ToolDamagedArchive, $"{path} cannot be read: {e.Message}");
        }
        catch (IOException e)
        {
            throw new ToolException(FreezeDiagnostics.ToolCannotRead, $"cannot read {path}: {e.Message}");
        }
        return ArchiveOpener.TryOpenNested(content, path)
            ?? throw new ToolException(FreezeDiagnostics.ToolNotAnArchive, $"{path} is not an archive");
    }
}
