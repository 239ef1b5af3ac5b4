using System.Buffers.Binary;
using System.Text;
using Freeze.Archive.Native;

namespace Freeze.Archive.Windows;

/// <summary>Reads the three-level resource tree (type, name, language) of a PE image.</summary>
public static class ResourceSectionReader
{
    private const uint HighBit = 0x8000_0000;
    private const int DirectorySize = 16;
    private const int EntrySize = 8;
    private const int MaxResources = 65536;

    public static List<Win32Resource> Read(PeImage image)
    {
        var (rva, size) = image.GetDirectory(PeImage.ResourceDirectory);
        var resources = new List<Win32Resource>();
        if (rva == 0 || size == 0)
        {
            return resources;
        }
        int root = image.ToFileOffset(rva, DirectorySize, "resource directory");
        var context = new Reader(image, root);
        foreach (var (type, typeTable) in context.Directory(0, "resource types"))
        {
            foreach (var (name, nameTable) in context.Directory(Subdirectory(typeTable), "resource names"))
            {
                foreach (var (language, leaf) in context.Directory(Subdirectory(nameTable), "resource languages"))
                {
                    if ((leaf & HighBit) != 0)
                    {
                        throw new InvalidNativeFileException("the resource tree is deeper than type, name and language");
                    }
                    if (language.IsName)
                    {
                        throw new InvalidNativeFileException("a resource language is a string");
                    }
                    var entry = context.Span(leaf, DirectorySize, "resource data entry");
                    uint dataRva = BinaryPrimitives.ReadUInt32LittleEndian(entry);
                    uint dataSize = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
                    uint codePage = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
                    byte[] data = dataSize == 0 ? [] : image.Bytes.AsSpan(image.ToFileOffset(dataRva, dataSize, $"resource {type}/{name}"), (int)dataSize).ToArray();
                    if (resources.Count == MaxResources)
                    {
                        throw new InvalidNativeFileException("the resource tree has too many entries");
                    }
                    resources.Add(new Win32Resource(type, name, language.Id, data, codePage));
                }
            }
        }
        return resources;
    }

    private static uint Subdirectory(uint offset) => (offset & HighBit) != 0
        ? offset & ~HighBit
        : throw new InvalidNativeFileException("a resource type or name points to data instead of a directory");

    private sealed class Reader(PeImage image, int root)
    {
        private readonly HashSet<uint> _visited = [];

        public ReadOnlySpan<byte> Span(uint offset, int count, string what)
        {
            if ((long)root + offset + count > image.Bytes.Length)
            {
                throw new InvalidNativeFileException($"the {what} lies outside the file");
            }
            return image.Bytes.AsSpan(root + (int)offset, count);
        }

        public List<(ResourceName Key, uint Offset)> Directory(uint offset, string what)
        {
            if (!_visited.Add(offset))
            {
                throw new InvalidNativeFileException("the resource tree has a loop");
            }
            var header = Span(offset, DirectorySize, what);
            int count = BinaryPrimitives.ReadUInt16LittleEndian(header[12..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[14..]);
            var entries = Span(offset + DirectorySize, count * EntrySize, what);
            var result = new List<(ResourceName, uint)>(count);
            for (int i = 0; i < count; i++)
            {
                uint key = BinaryPrimitives.ReadUInt32LittleEndian(entries[(i * EntrySize)..]);
                uint target = BinaryPrimitives.ReadUInt32LittleEndian(entries[(i * EntrySize + 4)..]);
                result.Add(((key & HighBit) != 0 ? ResourceName.FromName(String(key & ~HighBit)) : ResourceName.FromId((ushort)key), target));
            }
            return result;
        }

        private string String(uint offset)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(Span(offset, 2, "resource name"));
            return Encoding.Unicode.GetString(Span(offset + 2, length * 2, "resource name"));
        }
    }
}
