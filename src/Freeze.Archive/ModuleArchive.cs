using System.Buffers.Binary;
using System.Text;

namespace Freeze.Archive;

/// <summary>
/// Layout of the module archive (PyInstaller's PYZ); docs/formats.md has the byte tables.
/// <code>
/// [header: 32 bytes][padding][assembly][padding][assembly]...[index entries: 24 bytes + name each]
/// </code>
/// Assemblies are stored uncompressed, each starting at a file offset that is a multiple of
/// <see cref="Alignment"/>: the .NET runtime maps them straight from the executable (the bootloader's
/// bundle probe hands it their offsets), so they load like files and keep their ReadyToRun code.
/// </summary>
public static class ModuleArchiveFormat
{
    public static ReadOnlySpan<byte> Magic => "FRZMOD\r\n"u8;
    public const ushort MajorVersion = 2;
    public const ushort MinorVersion = 0;
    public const int HeaderSize = 32;
    public const int IndexEntrySize = 24;

    /// <summary>The page size: an assembly at such an offset can be mapped in place.</summary>
    public const int Alignment = 4096;
}

/// <summary>The module archive's header: <c>magic(8) major(2) minor(2) count(4) indexOffset(8) indexLength(4) alignment(4)</c>.</summary>
public readonly record struct ModuleArchiveHeader(int Count, long IndexOffset, int IndexLength, ushort MinorVersion = ModuleArchiveFormat.MinorVersion, int Alignment = ModuleArchiveFormat.Alignment)
{
    public void Write(Span<byte> buffer)
    {
        buffer[..ModuleArchiveFormat.HeaderSize].Clear();
        ModuleArchiveFormat.Magic.CopyTo(buffer);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[8..], ModuleArchiveFormat.MajorVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[10..], MinorVersion);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[12..], Count);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[16..], IndexOffset);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[24..], IndexLength);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[28..], Alignment);
    }

    /// <param name="length">The archive's length: the index must lie inside it.</param>
    public static ModuleArchiveHeader Read(ReadOnlySpan<byte> buffer, long length)
    {
        if (!buffer[..8].SequenceEqual(ModuleArchiveFormat.Magic))
        {
            throw new InvalidArchiveException("not a Freeze.Sdk module archive (magic not found)");
        }
        ushort major = BinaryPrimitives.ReadUInt16LittleEndian(buffer[8..]);
        if (major != ModuleArchiveFormat.MajorVersion)
        {
            throw new InvalidArchiveException($"module archive format version {major} is not supported");
        }
        var header = new ModuleArchiveHeader(
            BinaryPrimitives.ReadInt32LittleEndian(buffer[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(buffer[24..]),
            BinaryPrimitives.ReadUInt16LittleEndian(buffer[10..]),
            BinaryPrimitives.ReadInt32LittleEndian(buffer[28..]));
        if (header.Count < 0 || header.IndexLength < 0 || header.IndexOffset < ModuleArchiveFormat.HeaderSize || header.IndexOffset > length - header.IndexLength)
        {
            throw new InvalidArchiveException("the module archive header is inconsistent");
        }
        return header;
    }
}

/// <summary>
/// One assembly of the module archive: its file name in the app folder (<c>Newtonsoft.Json.dll</c>) and where its bytes are.
/// Index entry: <c>nameLength(2) reserved(2) crc32(4) offset(8) length(8) name</c>.
/// </summary>
public sealed record ModuleEntry(string Name, uint Crc32, long Offset, long Length)
{
    public int EncodedLength => ModuleArchiveFormat.IndexEntrySize + Encoding.UTF8.GetByteCount(Name);

    public void Write(Span<byte> buffer)
    {
        buffer[..ModuleArchiveFormat.IndexEntrySize].Clear();
        int nameLength = Encoding.UTF8.GetBytes(Name, buffer[ModuleArchiveFormat.IndexEntrySize..]);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, checked((ushort)nameLength));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[4..], Crc32);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[8..], Offset);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[16..], Length);
    }

    /// <summary>Reads the entry at the start of <paramref name="buffer"/>; returns it and its encoded length.</summary>
    /// <param name="indexOffset">Where the index starts: every assembly lies before it.</param>
    public static (ModuleEntry Entry, int Length) Read(ReadOnlySpan<byte> buffer, long indexOffset)
    {
        if (buffer.Length < ModuleArchiveFormat.IndexEntrySize)
        {
            throw new InvalidArchiveException("the module archive index is truncated");
        }
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer);
        if (nameLength == 0 || buffer.Length < ModuleArchiveFormat.IndexEntrySize + nameLength)
        {
            throw new InvalidArchiveException("the module archive index is truncated");
        }
        string name = DecodeName(buffer.Slice(ModuleArchiveFormat.IndexEntrySize, nameLength));
        var entry = new ModuleEntry(
            name,
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[16..]));
        if (buffer[2] != 0 || !MemberName.IsValid(name))
        {
            throw new InvalidArchiveException($"the module archive has an invalid entry '{name}'");
        }
        if (entry.Offset < ModuleArchiveFormat.HeaderSize || entry.Length < 0 || entry.Offset > indexOffset || entry.Length > indexOffset - entry.Offset)
        {
            throw new InvalidArchiveException($"assembly '{name}' points outside the module archive");
        }
        return (entry, ModuleArchiveFormat.IndexEntrySize + nameLength);
    }

    private static string DecodeName(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidArchiveException("an assembly name is not valid UTF-8");
        }
    }
}

/// <summary>
/// Reads a module archive in place, from a window of a stream (the member of the package inside
/// the executable). The index is read once into a case-insensitive table, as the runtime's binder
/// looks names up.
/// </summary>
public sealed class ModuleArchiveReader
{
    private readonly Stream _stream;
    private readonly long _start;
    private readonly Dictionary<string, ModuleEntry> _entries;

    private ModuleArchiveReader(Stream stream, long start, Dictionary<string, ModuleEntry> entries)
    {
        _stream = stream;
        _start = start;
        _entries = entries;
    }

    public IEnumerable<ModuleEntry> Entries => _entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal);

    public static ModuleArchiveReader Open(Stream stream, long start, long length)
    {
        if (start < 0 || length < ModuleArchiveFormat.HeaderSize || start > stream.Length - length)
        {
            throw new InvalidArchiveException("the module archive lies outside the file");
        }
        Span<byte> bytes = stackalloc byte[ModuleArchiveFormat.HeaderSize];
        stream.Position = start;
        stream.ReadExactly(bytes);
        var header = ModuleArchiveHeader.Read(bytes, length);

        var index = new byte[header.IndexLength];
        stream.Position = start + header.IndexOffset;
        stream.ReadExactly(index);
        var entries = new Dictionary<string, ModuleEntry>(Math.Min(header.Count, header.IndexLength / ModuleArchiveFormat.IndexEntrySize), StringComparer.OrdinalIgnoreCase);
        ReadOnlySpan<byte> rest = index;
        for (int i = 0; i < header.Count; i++)
        {
            var (entry, entryLength) = ModuleEntry.Read(rest, header.IndexOffset);
            if (!entries.TryAdd(entry.Name, entry))
            {
                throw new InvalidArchiveException($"the module archive lists '{entry.Name}' twice");
            }
            rest = rest[entryLength..];
        }
        if (!rest.IsEmpty)
        {
            throw new InvalidArchiveException("the module archive index has bytes after its last entry");
        }
        return new ModuleArchiveReader(stream, start, entries);
    }

    public ModuleEntry? Find(string name) => _entries.GetValueOrDefault(name);

    /// <summary>The assembly's bytes, checked against its CRC-32; null when the archive has no such file.</summary>
    public byte[]? Read(string name)
    {
        if (Find(name) is not { } entry)
        {
            return null;
        }
        var content = new byte[entry.Length];
        lock (_stream)
        {
            _stream.Position = _start + entry.Offset;
            _stream.ReadExactly(content);
        }
        if (System.IO.Hashing.Crc32.HashToUInt32(content) != entry.Crc32)
        {
            throw new InvalidArchiveException($"assembly '{entry.Name}' fails its checksum");
        }
        return content;
    }
}
