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

/// <summary>One assembly of the module archive: its file name in the app folder (<c>Newtonsoft.Json.dll</c>) and where its bytes are.</summary>
public sealed record ModuleEntry(string Name, uint Crc32, long Offset, long Length);

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
                BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]),
                BinaryPrimitives.ReadInt64LittleEndian(rest[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(rest[16..]));
            if (rest[2] != 0 || !MemberName.IsValid(name))
            {
                throw new InvalidArchiveException($"the module archive has an invalid entry '{name}'");
            }
            if (entry.Offset < ModuleArchiveFormat.HeaderSize || entry.Length < 0
                || entry.Offset > indexOffset || entry.Length > indexOffset - entry.Offset)
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
        if (Crc32.Compute(content) != entry.Crc32)
        {
            throw new InvalidArchiveException($"assembly '{entry.Name}' fails its checksum");
        }
        return content;
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
