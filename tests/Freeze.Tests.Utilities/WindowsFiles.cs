using System.Buffers.Binary;
using System.Text;

namespace Freeze.Tests;

/// <summary>Windows files for the tests of Windows executables: an .ico to give an app, a reader of the version resource.</summary>
public static class WindowsFiles
{
    /// <summary>An .ico with a 16x16 and a 32x32 32-bit image, each pixel different.</summary>
    public static byte[] Icon()
    {
        var images = new[] { 16, 32 }.Select(size =>
        {
            int maskRow = (size + 31) / 32 * 4;
            var dib = new byte[40 + size * size * 4 + size * maskRow];
            BinaryPrimitives.WriteInt32LittleEndian(dib, 40);
            BinaryPrimitives.WriteInt32LittleEndian(dib.AsSpan(4), size);
            BinaryPrimitives.WriteInt32LittleEndian(dib.AsSpan(8), size * 2);
            BinaryPrimitives.WriteInt16LittleEndian(dib.AsSpan(12), 1);
            BinaryPrimitives.WriteInt16LittleEndian(dib.AsSpan(14), 32);
            BinaryPrimitives.WriteInt32LittleEndian(dib.AsSpan(20), size * size * 4 + size * maskRow);
            for (int i = 0; i < size * size * 4; i++)
            {
                dib[40 + i] = (byte)(i * 7 + size);
            }
            return (size, dib);
        }).ToList();
        var ico = new MemoryStream();
        var writer = new BinaryWriter(ico);
        writer.Write((ushort)0);
        writer.Write((ushort)1);
        writer.Write((ushort)images.Count);
        int offset = 6 + 16 * images.Count;
        foreach (var (size, dib) in images)
        {
            writer.Write((byte)size);
            writer.Write((byte)size);
            writer.Write((byte)0);
            writer.Write((byte)0);
            writer.Write((ushort)1);
            writer.Write((ushort)32);
            writer.Write(dib.Length);
            writer.Write(offset);
            offset += dib.Length;
        }
        foreach (var (_, dib) in images)
        {
            writer.Write(dib);
        }
        return ico.ToArray();
    }

}

/// <summary>A node of a VS_VERSIONINFO tree: its key, value and children.</summary>
public sealed record VersionNode(string Key, byte[] Value, bool IsText, List<VersionNode> Children)
{
    public string Text => Encoding.Unicode.GetString(Value).TrimEnd('\0');

    public VersionNode Child(string key) => Children.Single(c => c.Key == key);

    /// <summary>The strings of the (first) StringTable.</summary>
    public Dictionary<string, string> Strings => Child("StringFileInfo").Children[0].Children.ToDictionary(c => c.Key, c => c.Text);

    public static VersionNode Parse(ReadOnlySpan<byte> data)
    {
        int length = BinaryPrimitives.ReadUInt16LittleEndian(data);
        int valueLength = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        bool text = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]) == 1;
        int keyEnd = 6;
        while (BinaryPrimitives.ReadUInt16LittleEndian(data[keyEnd..]) != 0)
        {
            keyEnd += 2;
        }
        string key = Encoding.Unicode.GetString(data[6..keyEnd]);
        int position = Align4(keyEnd + 2);
        int valueBytes = text ? valueLength * 2 : valueLength;
        byte[] value = data.Slice(position, Math.Min(valueBytes, length - position)).ToArray();
        position = Align4(position + valueBytes);
        var children = new List<VersionNode>();
        while (position < length)
        {
            int childLength = BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);
            children.Add(Parse(data.Slice(position, childLength)));
            position = Align4(position + childLength);
        }
        return new VersionNode(key, value, text, children);
    }

    private static int Align4(int value) => (value + 3) & ~3;
}
