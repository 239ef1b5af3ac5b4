using System.Buffers.Binary;
using System.Text;

namespace Freeze.Archive.Windows;

/// <summary>
/// Lays out a resource tree as the contents of a .rsrc section at a given RVA: the directory tables
/// (types, then names, then languages), the data entries, the name strings, then the data, each 8-byte aligned.
/// Time stamps and versions in the tables are 0, so the same resources give the same bytes.
/// </summary>
public static class ResourceSectionWriter
{
    private const uint HighBit = 0x8000_0000;
    private const int DirectorySize = 16;
    private const int EntrySize = 8;
    private const int DataEntrySize = 16;

    public static byte[] Write(IEnumerable<Win32Resource> resources, uint sectionRva)
    {
        var tree = resources
            .GroupBy(r => r.Type).OrderBy(g => g.Key)
            .Select(type => (type.Key, Names: type
                .GroupBy(r => r.Name).OrderBy(g => g.Key)
                .Select(name => (name.Key, Languages: name.OrderBy(r => r.Language).ToList())).ToList()))
            .ToList();
        foreach (var (type, names) in tree)
        {
            foreach (var (name, languages) in names)
            {
                if (languages.Select(r => r.Language).Distinct().Count() != languages.Count)
                {
                    throw new ArgumentException($"resource {type}/{name} appears twice with one language");
                }
            }
        }

        int typeTableSize = DirectorySize + tree.Count * EntrySize;
        int nameTablesSize = tree.Sum(t => DirectorySize + t.Names.Count * EntrySize);
        int languageTablesSize = tree.Sum(t => t.Names.Sum(n => DirectorySize + n.Languages.Count * EntrySize));
        int leafCount = tree.Sum(t => t.Names.Sum(n => n.Languages.Count));
        int dataEntries = typeTableSize + nameTablesSize + languageTablesSize;

        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        int position = dataEntries + leafCount * DataEntrySize;
        foreach (var key in tree.SelectMany(t => t.Names.Select(n => n.Key).Prepend(t.Key)).Where(k => k.IsName))
        {
            if (!strings.ContainsKey(key.Name!))
            {
                strings[key.Name!] = position;
                position += 2 + 2 * key.Name!.Length;
            }
        }
        position = Align8(position);
        var dataOffsets = new List<int>(leafCount);
        foreach (var leaf in tree.SelectMany(t => t.Names.SelectMany(n => n.Languages)))
        {
            dataOffsets.Add(position);
            position = Align8(position + leaf.Data.Length);
        }

        var output = new byte[position];
        var span = output.AsSpan();
        int nameTable = typeTableSize;
        int languageTable = typeTableSize + nameTablesSize;
        int leafIndex = 0;
        WriteDirectoryHeader(span, tree.Count(t => t.Key.IsName), tree.Count(t => !t.Key.IsName));
        for (int t = 0; t < tree.Count; t++)
        {
            var (type, names) = tree[t];
            WriteEntry(span[(DirectorySize + t * EntrySize)..], type, strings, (uint)nameTable | HighBit);
            WriteDirectoryHeader(span[nameTable..], names.Count(n => n.Key.IsName), names.Count(n => !n.Key.IsName));
            for (int n = 0; n < names.Count; n++)
            {
                var (name, languages) = names[n];
                WriteEntry(span[(nameTable + DirectorySize + n * EntrySize)..], name, strings, (uint)languageTable | HighBit);
                WriteDirectoryHeader(span[languageTable..], 0, languages.Count);
                for (int l = 0; l < languages.Count; l++)
                {
                    int entry = dataEntries + leafIndex * DataEntrySize;
                    WriteEntry(span[(languageTable + DirectorySize + l * EntrySize)..], ResourceName.FromId(languages[l].Language), strings, (uint)entry);
                    BinaryPrimitives.WriteUInt32LittleEndian(span[entry..], sectionRva + (uint)dataOffsets[leafIndex]);
                    BinaryPrimitives.WriteUInt32LittleEndian(span[(entry + 4)..], (uint)languages[l].Data.Length);
                    BinaryPrimitives.WriteUInt32LittleEndian(span[(entry + 8)..], languages[l].CodePage);
                    languages[l].Data.CopyTo(span[dataOffsets[leafIndex]..]);
                    leafIndex++;
                }
                languageTable += DirectorySize + languages.Count * EntrySize;
            }
            nameTable += DirectorySize + names.Count * EntrySize;
        }
        foreach (var (text, offset) in strings)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)text.Length);
            Encoding.Unicode.GetBytes(text, span[(offset + 2)..]);
        }
        return output;
    }

    private static void WriteDirectoryHeader(Span<byte> table, int named, int numbered)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(table[12..], (ushort)named);
        BinaryPrimitives.WriteUInt16LittleEndian(table[14..], (ushort)numbered);
    }

    private static void WriteEntry(Span<byte> entry, ResourceName key, Dictionary<string, int> strings, uint target)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(entry, key.IsName ? (uint)strings[key.Name!] | HighBit : key.Id);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], target);
    }

    private static int Align8(int value) => (value + 7) & ~7;
}
