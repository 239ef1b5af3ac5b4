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
        var sorted = assemblies.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            if (string.Equals(sorted[i - 1].Name, sorted[i].Name, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"the module archive already has an assembly named '{sorted[i].Name}'");
            }
        }
        var encoded = sorted.AsParallel().AsOrdered().Select(a => MemberCodec.Encode(a.Content, compression)).ToList();
        var entries = new List<ModuleEntry>(sorted.Count);
        for (int i = 0; i < sorted.Count; i++)
        {
            var member = encoded[i];
            entries.Add(new ModuleEntry(sorted[i].Name, member.Compression, member.Crc32, output.Position - start, member.Stored.Length, member.FullLength));
            output.Write(member.Stored);
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
