using System.Buffers.Binary;

namespace Freeze.Archive.Native;

/// <summary>Reads the import and delay-load import directories of a PE file (PE32 and PE32+).</summary>
internal static class PeDependencyReader
{
    private const int ImportDirectory = 1;
    private const int ClrDirectory = 14;
    private const int DelayImportDirectory = 13;
    private const int ImportDescriptorSize = 20;
    private const int DelayDescriptorSize = 32;
    private const int SectionHeaderSize = 40;

    public static bool HasMagic(ReadOnlySpan<byte> header) => header.Length >= 2 && header[0] == (byte)'M' && header[1] == (byte)'Z';

    public static NativeDependencies Read(ByteSource source)
    {
        Span<byte> dos = stackalloc byte[64];
        source.Read(0, dos, "DOS header");
        long peOffset = BinaryPrimitives.ReadUInt32LittleEndian(dos[0x3C..]);
        Span<byte> coff = stackalloc byte[24];
        source.Read(peOffset, coff, "PE header");
        if (!coff[..4].SequenceEqual("PE\0\0"u8))
        {
            throw new InvalidNativeFileException("the PE signature is missing (an MZ file that is not a PE file)");
        }
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(coff[4..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(coff[6..]);
        int optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(coff[20..]);
        if (optionalSize < 2)
        {
            throw new InvalidNativeFileException("the PE file has no optional header");
        }
        var optional = source.Read(peOffset + 24, optionalSize, "PE optional header");
        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(optional);
        bool is64 = magic switch
        {
            0x10B => false,
            0x20B => true,
            _ => throw new InvalidNativeFileException($"unknown PE optional header magic 0x{magic:x}"),
        };
        int directoriesAt = is64 ? 112 : 96;
        if (optional.Length < directoriesAt)
        {
            throw new InvalidNativeFileException("the PE optional header is truncated");
        }
        ulong imageBase = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(optional.AsSpan(24)) : BinaryPrimitives.ReadUInt32LittleEndian(optional.AsSpan(28));
        uint sizeOfHeaders = BinaryPrimitives.ReadUInt32LittleEndian(optional.AsSpan(60));
        long directoryCount = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(optional.AsSpan(directoriesAt - 4)), (optional.Length - directoriesAt) / 8);

        (uint Rva, uint Size) Directory(int index) => index < directoryCount
            ? (BinaryPrimitives.ReadUInt32LittleEndian(optional.AsSpan(directoriesAt + index * 8)), BinaryPrimitives.ReadUInt32LittleEndian(optional.AsSpan(directoriesAt + index * 8 + 4)))
            : (0, 0);

        var sections = ReadSections(source, peOffset + 24 + optionalSize, sectionCount);
        var map = new AddressMap(sections, sizeOfHeaders, source.Length);

        var imports = ReadImports(source, map, Directory(ImportDirectory));
        var delayed = ReadDelayImports(source, map, Directory(DelayImportDirectory), imageBase);
        bool managed = Directory(ClrDirectory).Rva != 0;
        return new NativeDependencies(NativeFormat.Pe, MachineName(machine), is64 ? 64 : 32, imports, delayed, [], [], null, managed);
    }

    private static List<string> ReadImports(ByteSource source, AddressMap map, (uint Rva, uint Size) directory)
    {
        var names = new List<string>();
        if (directory.Rva == 0)
        {
            return names;
        }
        Span<byte> descriptor = stackalloc byte[ImportDescriptorSize];
        long offset = map.ToFileOffset(directory.Rva, "import directory");
        for (int i = 0; ; i++)
        {
            if (i >= NativeLimits.MaxImports)
            {
                throw new InvalidNativeFileException("the import directory has no end");
            }
            source.Read(offset + (long)i * ImportDescriptorSize, descriptor, "import directory");
            if (descriptor.IndexOfAnyExcept((byte)0) < 0)
            {
                break;
            }
            uint nameRva = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[12..]);
            names.Add(source.ReadCString(map.ToFileOffset(nameRva, "imported DLL name"), source.Length, "imported DLL name"));
        }
        return names;
    }

    private static List<string> ReadDelayImports(ByteSource source, AddressMap map, (uint Rva, uint Size) directory, ulong imageBase)
    {
        var names = new List<string>();
        if (directory.Rva == 0)
        {
            return names;
        }
        Span<byte> descriptor = stackalloc byte[DelayDescriptorSize];
        long offset = map.ToFileOffset(directory.Rva, "delay-load import directory");
        for (int i = 0; ; i++)
        {
            if (i >= NativeLimits.MaxImports)
            {
                throw new InvalidNativeFileException("the delay-load import directory has no end");
            }
            source.Read(offset + (long)i * DelayDescriptorSize, descriptor, "delay-load import directory");
            uint attributes = BinaryPrimitives.ReadUInt32LittleEndian(descriptor);
            uint name = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[4..]);
            if (name == 0)
            {
                break;
            }
            // Attribute bit 0 clear: an old linker stored virtual addresses instead of RVAs.
            ulong rva = (attributes & 1) != 0 ? name : unchecked(name - imageBase);
            if (rva > uint.MaxValue)
            {
                throw new InvalidNativeFileException("a delay-loaded DLL name lies outside the image");
            }
            names.Add(source.ReadCString(map.ToFileOffset((uint)rva, "delay-loaded DLL name"), source.Length, "delay-loaded DLL name"));
        }
        return names;
    }

    private sealed record Section(uint VirtualAddress, uint VirtualSize, uint RawSize, uint RawOffset);

    private static List<Section> ReadSections(ByteSource source, long offset, int count)
    {
        var table = source.Read(offset, (long)count * SectionHeaderSize, "PE section table");
        var sections = new List<Section>(count);
        for (int i = 0; i < count; i++)
        {
            var s = table.AsSpan(i * SectionHeaderSize, SectionHeaderSize);
            sections.Add(new Section(
                BinaryPrimitives.ReadUInt32LittleEndian(s[12..]),
                BinaryPrimitives.ReadUInt32LittleEndian(s[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(s[16..]),
                BinaryPrimitives.ReadUInt32LittleEndian(s[20..])));
        }
        return sections;
    }

    private sealed class AddressMap(List<Section> sections, uint sizeOfHeaders, long fileLength)
    {
        public long ToFileOffset(uint rva, string what)
        {
            foreach (var section in sections)
            {
                long delta = (long)rva - section.VirtualAddress;
                if (delta >= 0 && delta < section.RawSize && delta < Math.Max(section.VirtualSize, section.RawSize))
                {
                    return section.RawOffset + delta;
                }
            }
            if (rva < sizeOfHeaders && rva < fileLength)
            {
                return rva;
            }
            throw new InvalidNativeFileException($"the {what} (RVA 0x{rva:x}) is in no section of the file");
        }
    }

    private static string MachineName(ushort machine) => machine switch
    {
        0x14C => "x86",
        0x8664 => "x64",
        0xAA64 => "ARM64",
        0x1C4 => "ARM",
        0x200 => "IA64",
        _ => $"machine 0x{machine:x4}",
    };
}
