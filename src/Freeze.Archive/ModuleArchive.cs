using System.Buffers.Binary;
using System.Text;

namespace Freeze.Archive;

/// <summary>
/// Layout of the module archive (PyInstaller's PYZ); docs/formats.md has the byte tables.
/// <code>
/// [header: 32 bytes][member data ...][index entries: 32 bytes + name each]
/// </code>
/// </summary>
#if FREEZE_RUNTIME
internal
#else
public
#endif
static class ModuleArchiveFormat
{
    public static ReadOnlySpan<byte> Magic => "FRZMOD\r\n"u8;
    public const ushort MajorVersion = 1;
    public const ushort MinorVersion = 0;
    public const int HeaderSize = 32;
    public const int IndexEntrySize = 32;
}

/// <summary>One assembly of the module archive.</summary>
#if FREEZE_RUNTIME
internal
#else
public
#endif
sealed record ModuleEntry(string Name, MemberCompression Compression, uint Crc32, long Offset, long StoredLength, long FullLength);

/// <summary>
/// Reads a module archive in place, from a window of a stream (the member of the package inside
/// the executable). The index is read once into a case-insensitive table.
/// </summary>
#if FREEZE_RUNTIME
internal
#else
public
#endif
sealed class ModuleArchiveReader
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
        Span<byte> header = stackalloc byte[ModuleArchiveFormat.HeaderSize];
        stream.Position = start;
        stream.ReadExactly(header);
        if (!header[..8].SequenceEqual(ModuleArchiveFormat.Magic))
        {
            throw new InvalidArchiveException("not a Freeze.Sdk module archive (magic not found)");
        }
        ushort major = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (major != ModuleArchiveFormat.MajorVersion)
        {
            throw new InvalidArchiveException($"module archive format version {major} is not supported");
        }
        int count = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        long indexOffset = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        int indexLength = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        if (count < 0 || indexLength < 0 || indexOffset < ModuleArchiveFormat.HeaderSize || indexOffset > length - indexLength)
        {
            throw new InvalidArchiveException("the module archive header is inconsistent");
        }

        var index = new byte[indexLength];
        stream.Position = start + indexOffset;
        stream.ReadExactly(index);
        var entries = new Dictionary<string, ModuleEntry>(Math.Min(count, indexLength / ModuleArchiveFormat.IndexEntrySize), StringComparer.OrdinalIgnoreCase);
        ReadOnlySpan<byte> rest = index;
        for (int i = 0; i < count; i++)
        {
            if (rest.Length < ModuleArchiveFormat.IndexEntrySize)
            {
                throw new InvalidArchiveException("the module archive index is truncated");
            }
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(rest);
            if (nameLength == 0 || rest.Length < ModuleArchiveFormat.IndexEntrySize + nameLength)
            {
                throw new InvalidArchiveException("the module archive index is truncated");
            }
            string name = DecodeName(rest.Slice(ModuleArchiveFormat.IndexEntrySize, nameLength));
            var entry = new ModuleEntry(
                name,
                (MemberCompression)rest[2],
                BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]),
                BinaryPrimitives.ReadInt64LittleEndian(rest[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(rest[16..]),
                BinaryPrimitives.ReadInt64LittleEndian(rest[24..]));
            if (entry.Offset < ModuleArchiveFormat.HeaderSize || entry.StoredLength < 0 || entry.FullLength < 0
                || entry.Offset > indexOffset || entry.StoredLength > indexOffset - entry.Offset)
            {
                throw new InvalidArchiveException($"assembly '{name}' points outside the module archive");
            }
            if (!entries.TryAdd(name, entry))
            {
                throw new InvalidArchiveException($"the module archive lists '{name}' twice");
            }
            rest = rest[(ModuleArchiveFormat.IndexEntrySize + nameLength)..];
        }
        if (!rest.IsEmpty)
        {
            throw new InvalidArchiveException("the module archive index has bytes after its last entry");
        }
        return new ModuleArchiveReader(stream, start, entries);
    }

    /// <summary>One lookup, one read, one decompression; null when the archive has no such assembly.</summary>
    public byte[]? Read(string name)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            return null;
        }
        var stored = new byte[entry.StoredLength];
        lock (_stream)
        {
            _stream.Position = _start + entry.Offset;
            _stream.ReadExactly(stored);
        }
        return MemberCodec.Decode(stored, entry.Compression, entry.FullLength, entry.Crc32, entry.Name);
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
