using System.Buffers.Binary;
using System.Text;

namespace Freeze.Archive.Windows;

/// <summary>One IMAGE_SECTION_HEADER (40 bytes); relocations and line numbers are not kept, executables have none.</summary>
public sealed record PeSection(string Name, uint VirtualSize, uint VirtualAddress, uint SizeOfRawData, uint PointerToRawData, uint Characteristics)
{
    public const int Size = 40;

    public const uint InitializedReadOnlyData = 0x0000_0040 | 0x4000_0000;

    public uint VirtualEnd => VirtualAddress + Math.Max(VirtualSize, SizeOfRawData);

    public uint RawEnd => PointerToRawData + SizeOfRawData;

    public bool Contains(uint rva) => rva >= VirtualAddress && rva < VirtualEnd;

    public static PeSection Read(ReadOnlySpan<byte> header)
    {
        var name = header[..8];
        int length = name.IndexOf((byte)0);
        return new PeSection(
            Encoding.UTF8.GetString(length < 0 ? name : name[..length]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[36..]));
    }

    public void Write(Span<byte> header)
    {
        header[..Size].Clear();
        Encoding.UTF8.GetBytes(Name, header[..8]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], VirtualSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], VirtualAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SizeOfRawData);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], PointerToRawData);
        BinaryPrimitives.WriteUInt32LittleEndian(header[36..], Characteristics);
    }
}
