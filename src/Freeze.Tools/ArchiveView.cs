using Freeze.Archive;

namespace Freeze.Tools;

/// <summary>
/// One member as the viewer shows it. <see cref="TypeCode"/> is the package typecode, or 'm' for an
/// assembly of a module archive. <see cref="FileName"/> is where extraction writes it, null for options.
/// </summary>
internal sealed record ArchiveItem(
    string Name,
    char TypeCode,
    MemberCompression Compression,
    long StoredLength,
    long FullLength,
    uint Crc32,
    int Mode,
    string? FileName);

/// <summary>An opened package or module archive, seen through the viewer.</summary>
internal abstract class ArchiveView : IDisposable
{
    public const char ModuleTypeCode = 'm';

    protected ArchiveView(string displayPath) => DisplayPath = displayPath;

    /// <summary>The file, or the chain of archives leading to a nested one (<c>App!modules.frz</c>).</summary>
    public string DisplayPath { get; }

    public abstract string Description { get; }

    /// <summary>What the file is: "frozen executable (ELF bootloader)", "package", "module archive".</summary>
    public abstract string Kind { get; }

    /// <summary>Where the package starts in the file (the bootloader's size); null for a module archive.</summary>
    public virtual long? PackageOffset => null;

    public abstract IReadOnlyList<ArchiveItem> Items { get; }

    /// <summary>The member's content, decompressed and checked against its CRC-32.</summary>
    public abstract byte[] Read(ArchiveItem item);

    /// <summary>Members that are archives themselves, which the recursive listing descends into.</summary>
    public virtual bool IsNestedArchive(ArchiveItem item) => item.TypeCode == PackageTypeCode.ModuleArchive;

    public abstract ArchiveItem? Find(string name);

    public virtual void Dispose()
    {
    }
}

internal sealed class PackageView(PackageReader reader, string displayPath, string kind) : ArchiveView(displayPath)
{
    private readonly IReadOnlyList<ArchiveItem> _items = reader.Entries.Select(ToItem).ToList();

    public override string Description =>
        $"{kind}, package at offset {reader.PackageStart}, {_items.Count} entries";

    public override string Kind => kind;

    public override long? PackageOffset => reader.PackageStart;

    public override IReadOnlyList<ArchiveItem> Items => _items;

    public override ArchiveItem? Find(string name) => _items.FirstOrDefault(i => i.Name == name);

    public override byte[] Read(ArchiveItem item) => reader.ReadMember(reader.Entries[IndexOf(item)]);

    public override void Dispose() => reader.Dispose();

    private int IndexOf(ArchiveItem item)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (ReferenceEquals(_items[i], item))
            {
                return i;
            }
        }
        throw new ArgumentException($"'{item.Name}' is not a member of {DisplayPath}", nameof(item));
    }

    private static ArchiveItem ToItem(PackageEntry entry) => new(
        entry.Name, entry.TypeCode, entry.Compression, entry.StoredLength, entry.FullLength, entry.Crc32, entry.Mode,
        entry.TypeCode == PackageTypeCode.Option ? null : entry.Name);
}

internal sealed class ModuleArchiveView(ModuleArchiveReader reader, Stream stream, string displayPath) : ArchiveView(displayPath)
{
    private const int FileMode = 0b110_100_100;

    private readonly IReadOnlyList<ArchiveItem> _items = reader.Entries
        .Select(e => new ArchiveItem(e.Name, ModuleTypeCode, MemberCompression.Stored, e.Length, e.Length, e.Crc32, FileMode, e.Name))
        .ToList();

    public override string Description => $"module archive, {_items.Count} assemblies";

    public override string Kind => "module archive";

    public override IReadOnlyList<ArchiveItem> Items => _items;

    public override ArchiveItem? Find(string name) =>
        _items.FirstOrDefault(i => i.Name == name)
        ?? _items.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Path.GetFileNameWithoutExtension(i.Name), name, StringComparison.OrdinalIgnoreCase));

    public override byte[] Read(ArchiveItem item) =>
        reader.Read(item.Name) ?? throw new ArgumentException($"'{item.Name}' is not a member of {DisplayPath}", nameof(item));

    public override void Dispose() => stream.Dispose();
}
