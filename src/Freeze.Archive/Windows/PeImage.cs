using System.Buffers.Binary;
using Freeze.Archive.Native;

namespace Freeze.Archive.Windows;

/// <summary>
/// The headers of a PE image held in memory, with the offsets of the fields Freeze rewrites
/// (PE32 and PE32+). Reads are bounds-checked: a damaged file is an <see cref="InvalidNativeFileException"/>.
/// </summary>
public sealed class PeImage
{
    public const int ExportDirectory = 0;
    public const int ResourceDirectory = 2;
    public const int SecurityDirectory = 4;
    public const int DebugDirectory = 6;

    private const int CoffHeaderSize = 20;

    private PeImage(byte[] bytes, int coffOffset, int optionalOffset, int optionalSize, bool is64, List<PeSection> sections)
    {
        Bytes = bytes;
        CoffOffset = coffOffset;
        OptionalOffset = optionalOffset;
        OptionalSize = optionalSize;
        Is64 = is64;
        Sections = sections;
    }

    public byte[] Bytes { get; }

    public int CoffOffset { get; }

    public int OptionalOffset { get; }

    public int OptionalSize { get; }

    public bool Is64 { get; }

    public List<PeSection> Sections { get; }

    public int SectionTableOffset => OptionalOffset + OptionalSize;

    public int TimeDateStampOffset => CoffOffset + 4;

    public int CheckSumOffset => OptionalOffset + 64;

    public uint TimeDateStamp => U32(TimeDateStampOffset);

    public uint SectionAlignment => U32(OptionalOffset + 32);

    public uint FileAlignment => U32(OptionalOffset + 36);

    public uint SizeOfImage
    {
        get => U32(OptionalOffset + 56);
        set => BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(OptionalOffset + 56), value);
    }

    public uint SizeOfHeaders => U32(OptionalOffset + 60);

    public uint SizeOfInitializedData
    {
        get => U32(OptionalOffset + 8);
        set => BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(OptionalOffset + 8), value);
    }

    private int DirectoriesOffset => OptionalOffset + (Is64 ? 112 : 96);

    public int DirectoryCount => (int)Math.Min(U32(DirectoriesOffset - 4), (uint)((OptionalOffset + OptionalSize - DirectoriesOffset) / 8));

    public static bool HasMagic(ReadOnlySpan<byte> bytes) => PeDependencyReader.HasMagic(bytes);

    public static PeImage Parse(byte[] bytes)
    {
        if (bytes.Length < 64 || !HasMagic(bytes))
        {
            throw new InvalidNativeFileException("it has no MZ header");
        }
        uint peOffset = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(0x3C));
        if (peOffset > bytes.Length - 4 - CoffHeaderSize || !bytes.AsSpan((int)peOffset, 4).SequenceEqual("PE\0\0"u8))
        {
            throw new InvalidNativeFileException("the PE signature is missing (an MZ file that is not a PE file)");
        }
        int coff = (int)peOffset + 4;
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(coff + 2));
        int optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(coff + 16));
        int optional = coff + CoffHeaderSize;
        if (optionalSize < 96 || optional + optionalSize > bytes.Length)
        {
            throw new InvalidNativeFileException("the PE optional header is missing or truncated");
        }
        bool is64 = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(optional)) switch
        {
            0x10B => false,
            0x20B => true,
            var magic => throw new InvalidNativeFileException($"unknown PE optional header magic 0x{magic:x}"),
        };
        if (optionalSize < (is64 ? 112 : 96))
        {
            throw new InvalidNativeFileException("the PE optional header is truncated");
        }
        int table = optional + optionalSize;
        if ((long)table + (long)sectionCount * PeSection.Size > bytes.Length)
        {
            throw new InvalidNativeFileException("the section table lies outside the file");
        }
        var sections = new List<PeSection>(sectionCount);
        for (int i = 0; i < sectionCount; i++)
        {
            sections.Add(PeSection.Read(bytes.AsSpan(table + i * PeSection.Size, PeSection.Size)));
        }
        var image = new PeImage(bytes, coff, optional, optionalSize, is64, sections);
        if (!IsPowerOfTwo(image.FileAlignment) || !IsPowerOfTwo(image.SectionAlignment) || image.FileAlignment > image.SectionAlignment)
        {
            throw new InvalidNativeFileException($"invalid alignments (file 0x{image.FileAlignment:x}, section 0x{image.SectionAlignment:x})");
        }
        return image;
    }

    public (uint Rva, uint Size) GetDirectory(int index) => index < DirectoryCount
        ? (U32(DirectoriesOffset + index * 8), U32(DirectoriesOffset + index * 8 + 4))
        : (0, 0);

    public void SetDirectory(int index, uint rva, uint size)
    {
        if (index >= DirectoryCount)
        {
            throw new InvalidNativeFileException($"the PE optional header has no data directory {index}");
        }
        BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(DirectoriesOffset + index * 8), rva);
        BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(DirectoriesOffset + index * 8 + 4), size);
    }

    /// <summary>The file offset of <paramref name="count"/> bytes at <paramref name="rva"/>, all inside one section's raw data.</summary>
    public int ToFileOffset(uint rva, uint count, string what)
    {
        foreach (var section in Sections)
        {
            if (rva >= section.VirtualAddress && (ulong)rva + count <= (ulong)section.VirtualAddress + section.SizeOfRawData)
            {
                ulong offset = (ulong)section.PointerToRawData + (rva - section.VirtualAddress);
                if (offset + count <= (ulong)Bytes.Length)
                {
                    return (int)offset;
                }
            }
        }
        throw new InvalidNativeFileException($"the {what} (RVA 0x{rva:x}, {count} bytes) lies in no section's data");
    }

    public void WriteSectionHeader(int index, PeSection section)
    {
        section.Write(Bytes.AsSpan(SectionTableOffset + index * PeSection.Size, PeSection.Size));
        if (index == Sections.Count)
        {
            Sections.Add(section);
            BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan(CoffOffset + 2), (ushort)Sections.Count);
        }
        else
        {
            Sections[index] = section;
        }
    }

    public static uint Align(uint value, uint alignment) => (value + alignment - 1) & ~(alignment - 1);

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(offset));

    private static bool IsPowerOfTwo(uint value) => value != 0 && (value & (value - 1)) == 0;
}
