using System.Buffers.Binary;

namespace Freeze.Archive.Windows;

/// <summary>One image of an .ico file: its ICONDIRENTRY (the first 12 bytes, the group icon's GRPICONDIRENTRY less its last field) and its bytes.</summary>
public sealed record IconImage(byte[] DirectoryEntry, byte[] Data);

/// <summary>A Windows .ico file (ICONDIR, ICONDIRENTRY[], images), read the way the compiler reads ApplicationIcon.</summary>
public static class IconFile
{
    private const int HeaderSize = 6;
    private const int EntrySize = 16;

    /// <summary>The images, or an <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static List<IconImage> Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < HeaderSize || BinaryPrimitives.ReadUInt16LittleEndian(file) != 0 || BinaryPrimitives.ReadUInt16LittleEndian(file[2..]) != 1)
        {
            throw new InvalidDataException("it does not start with an icon header (reserved 0, type 1)");
        }
        int count = BinaryPrimitives.ReadUInt16LittleEndian(file[4..]);
        if (count == 0)
        {
            throw new InvalidDataException("it holds no image");
        }
        if (HeaderSize + count * EntrySize > file.Length)
        {
            throw new InvalidDataException($"its directory of {count} images is longer than the file ({file.Length} bytes)");
        }
        var images = new List<IconImage>(count);
        for (int i = 0; i < count; i++)
        {
            var entry = file.Slice(HeaderSize + i * EntrySize, EntrySize);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            uint offset = BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
            if (size == 0 || offset < HeaderSize + count * EntrySize || (ulong)offset + size > (ulong)file.Length)
            {
                throw new InvalidDataException($"image {i + 1} ({size} bytes at offset {offset}) lies outside the file ({file.Length} bytes)");
            }
            images.Add(new IconImage(entry[..12].ToArray(), file.Slice((int)offset, (int)size).ToArray()));
        }
        return images;
    }
}
