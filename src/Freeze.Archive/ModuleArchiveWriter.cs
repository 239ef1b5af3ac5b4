using System.Buffers.Binary;
using System.Text;

namespace Freeze.Archive;

/// <summary>Writes a module archive: assemblies compressed one by one, then the index sorted by name.</summary>
public static class ModuleArchiveWriter
{
    public static IReadOnlyList<ModuleEntry> Write(Stream output, IEnumerable<(string Name, byte[] Content)> assemblies, MemberCompression compression)
    {
        long start = output.Position;
        output.Write(new byte[ModuleArchiveFormat.HeaderSize]);
        var entries = new List<ModuleEntry>();
        foreach (var (name, content) in assemblies.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (entries.Count > 0 && string.Equals(entries[^1].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"the module archive already has an assembly named '{name}'");
            }
            var (stored, used) = MemberCodec.Encode(content, compression);
            entries.Add(new ModuleEntry(name, used, Crc32.Compute(content), output.Position - start, stored.Length, content.Length));
            output.Write(stored);
        }

        long indexOffset = output.Position - start;
        using var index = new MemoryStream();
        Span<byte> fixedPart = stackalloc byte[ModuleArchiveFormat.IndexEntrySize];
        foreach (var entry in entries)
        {
            byte[] name = Encoding.UTF8.GetBytes(entry.Name);
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart, checked((ushort)name.Length));
            fixedPart[2] = (byte)entry.Compression;
            fixedPart[3] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[4..], entry.Crc32);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[8..], entry.Offset);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[16..], entry.StoredLength);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[24..], entry.FullLength);
            index.Write(fixedPart);
            index.Write(name);
        }
        output.Write(index.GetBuffer(), 0, (int)index.Length);
        long end = output.Position;

        Span<byte> header = stackalloc byte[ModuleArchiveFormat.HeaderSize];
        header.Clear();
        ModuleArchiveFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], ModuleArchiveFormat.MajorVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], ModuleArchiveFormat.MinorVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], entries.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], indexOffset);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], (int)index.Length);
        output.Position = start;
        output.Write(header);
        output.Position = end;
        return entries;
    }
}
