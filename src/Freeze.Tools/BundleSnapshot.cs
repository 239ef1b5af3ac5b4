using System.Text.Json;
using Freeze.Analysis;
using Freeze.Analysis.Report;
using Freeze.Archive;

namespace Freeze.Tools;

/// <summary>
/// One entry of a bundle as <c>freeze diff</c> compares it. <see cref="Origin"/> is the origin group of a
/// toc.json entry (<c>package Newtonsoft.Json 13.0.4</c>); an executable does not record origins, so
/// there it is the member's kind. <see cref="Stored"/> is null in a toc.json, which knows full sizes only.
/// </summary>
internal sealed record SnapshotEntry(string Name, string Origin, string Place, long? Stored, long Full);

/// <summary>What <c>freeze diff</c> reads of one side: a frozen executable (or package) or a toc.json.</summary>
internal sealed record BundleSnapshot(string File, bool IsToc, IReadOnlyList<SnapshotEntry> Entries, IReadOnlyList<TocOption> Options, long? ExecutableBytes)
{
    public static BundleSnapshot Load(string path) => StartsLikeJson(path) ? FromToc(path) : FromArchive(path);

    private static bool StartsLikeJson(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            Span<byte> head = stackalloc byte[64];
            int read = stream.Read(head);
            var text = head[..read];
            if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                text = text[3..];
            }
            text = text.TrimStart(" \t\r\n"u8);
            return text.Length > 0 && text[0] == (byte)'{';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(FreezeDiagnostics.ToolCannotRead, $"cannot read {path}: {e.Message}");
        }
    }

    private static BundleSnapshot FromToc(string path)
    {
        Toc toc;
        try
        {
            toc = Toc.FromJson(System.IO.File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new ToolException(FreezeDiagnostics.ToolDamagedArchive, $"{path} is damaged: not a valid toc.json ({e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(FreezeDiagnostics.ToolCannotRead, $"cannot read {path}: {e.Message}");
        }
        if (toc.Entries is null || toc.Entries.Any(e => e is null || e.Name is null || e.Origin is null))
        {
            throw new ToolException(FreezeDiagnostics.ToolNotAnArchive, $"{path} is JSON but not a Freeze.Sdk toc.json: it has no entries with names and origins");
        }
        var entries = toc.Entries.Where(e => e.Placement != TocPlacement.Excluded)
            .Select(e => new SnapshotEntry(e.Name, BundleReport.GroupOf(e.Origin), PlaceOf(e), null, e.Size ?? SizeOf(e.Source)))
            .ToList();
        return new BundleSnapshot(path, IsToc: true, entries, toc.Options ?? [], null);
    }

    private static BundleSnapshot FromArchive(string path)
    {
        using var view = ArchiveOpener.OpenFile(path);
        var entries = new List<SnapshotEntry>();
        var options = new List<TocOption>();
        foreach (var item in view.Items)
        {
            if (item.TypeCode == PackageTypeCode.Option)
            {
                int equals = item.Name.IndexOf('=');
                options.Add(equals < 0 ? new TocOption(item.Name, "") : new TocOption(item.Name[..equals], item.Name[(equals + 1)..]));
            }
            else if (!view.IsNestedArchive(item))
            {
                entries.Add(EntryOf(item));
            }
        }
        ArchiveListing.ForEachNested(view, nested => entries.AddRange(nested.Items.Select(EntryOf)));
        long bytes = new FileInfo(path).Length;
        return new BundleSnapshot(path, IsToc: false, entries, options, view.PackageOffset is null ? null : bytes);
    }

    private static SnapshotEntry EntryOf(ArchiveItem item)
    {
        string kind = KindOf(item.TypeCode);
        return new SnapshotEntry(item.Name, kind, kind, item.StoredLength, item.FullLength);
    }

    private static string KindOf(char typeCode) => typeCode switch
    {
        PackageTypeCode.Assembly => "assemblies",
        PackageTypeCode.Binary => "native libraries",
        PackageTypeCode.Data => "data",
        PackageTypeCode.Symlink => "links",
        ArchiveView.ModuleTypeCode => "module archive",
        _ => $"typecode {typeCode}",
    };

    private static string PlaceOf(TocEntry entry) => entry.Placement switch
    {
        TocPlacement.ModuleArchive => "module archive",
        TocPlacement.Beside => $"{entry.TypeCode} beside",
        _ => $"{entry.TypeCode} in the package",
    };

    private static long SizeOf(string? source) =>
        source is not null && new FileInfo(source) is { Exists: true } file ? file.Length : 0;
}
