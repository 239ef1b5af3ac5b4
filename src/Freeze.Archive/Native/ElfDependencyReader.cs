using System.Buffers.Binary;

namespace Freeze.Archive.Native;

/// <summary>
/// Reads the dynamic section of an ELF file (32 or 64 bits, either byte order) through its program
/// headers, so stripped files without section headers work too.
/// </summary>
/// <remarks>
/// Written by hand on purpose: compared on 562 real files and 17,971 damaged ones, ELFSharp 2.17.3 and
/// LibObjectFile 2.3.1 read nothing from a file without section headers (no error either), decode no
/// version needs, throw dozens of exception types or allocate gigabytes on damaged input, and are 5.5x
/// slower (issue 14's note has the numbers).
/// </remarks>
internal static class ElfDependencyReader
{
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const long DtNull = 0;
    private const long DtNeeded = 1;
    private const long DtStrtab = 5;
    private const long DtStrsz = 10;
    private const long DtSoname = 14;
    private const long DtRpath = 15;
    private const long DtRunpath = 29;
    private const long DtHash = 4;
    private const long DtSymtab = 6;
    private const long DtSyment = 11;
    private const long DtGnuHash = 0x6ffffef5;
    private const long DtVersym = 0x6ffffff0;
    private const long DtVerneed = 0x6ffffffe;
    private const long DtVerneedNum = 0x6fffffff;

    /// <summary>Entries followed at most in a version need list (real files have a handful).</summary>
    private const int MaxVersionEntries = 4096;

    public static bool HasMagic(ReadOnlySpan<byte> header) =>
        header.Length >= 4 && header[0] == 0x7F && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F';

    public static NativeDependencies Read(ByteSource source)
    {
        Span<byte> ident = stackalloc byte[64];
        if (source.Length < 52)
        {
            throw new InvalidNativeFileException("the ELF header is truncated");
        }
        source.Read(0, ident[..(int)Math.Min(64, source.Length)], "ELF header");
        bool is64 = ident[4] switch
        {
            1 => false,
            2 => true,
            _ => throw new InvalidNativeFileException($"unknown ELF class {ident[4]}"),
        };
        bool bigEndian = ident[5] switch
        {
            1 => false,
            2 => true,
            _ => throw new InvalidNativeFileException($"unknown ELF data encoding {ident[5]}"),
        };
        if (is64 && source.Length < 64)
        {
            throw new InvalidNativeFileException("the ELF header is truncated");
        }
        var fields = new Fields(bigEndian);
        ushort machine = fields.U16(ident[18..]);
        long phoff = is64 ? fields.Offset(ident[32..]) : fields.U32(ident[28..]);
        int phentsize = fields.U16(ident[is64 ? 54.. : 42..]);
        int phnum = fields.U16(ident[is64 ? 56.. : 44..]);

        var segments = ReadSegments(source, fields, is64, phoff, phentsize, phnum);
        var dynamic = segments.FirstOrDefault(s => s.Type == PtDynamic);
        if (dynamic is null)
        {
            return new NativeDependencies(NativeFormat.Elf, MachineName(machine), is64 ? 64 : 32, [], [], [], [], null, false);
        }

        var entries = ReadDynamic(source, fields, is64, dynamic);
        bool hasStrings = entries.Any(e => e.Tag is DtNeeded or DtSoname or DtRpath or DtRunpath or DtVerneed);
        if (hasStrings && !entries.Any(e => e.Tag == DtStrtab))
        {
            throw new InvalidNativeFileException("the ELF dynamic section names libraries but has no DT_STRTAB");
        }
        long strtab = hasStrings ? ToFileOffset(segments, entries.Last(e => e.Tag == DtStrtab).Value) : 0;
        long strtabSize = entries.LastOrDefault(e => e.Tag == DtStrsz).Value;
        long strtabEnd = strtabSize > 0 && strtabSize <= source.Length - strtab ? strtab + strtabSize : source.Length;

        string ReadString(long offset, string what)
        {
            if (offset < 0 || offset >= strtabEnd - strtab)
            {
                throw new InvalidNativeFileException($"a {what} name lies outside the dynamic string table");
            }
            return source.ReadCString(strtab + offset, strtabEnd, what + " name");
        }

        var needed = new List<string>();
        var rpath = new List<string>();
        var runpath = new List<string>();
        string? soname = null;
        foreach (var (tag, value) in entries)
        {
            switch (tag)
            {
                case DtNeeded:
                    needed.Add(ReadString(value, "DT_NEEDED"));
                    break;
                case DtSoname:
                    soname = ReadString(value, "DT_SONAME");
                    break;
                case DtRpath:
                    rpath.AddRange(SplitPath(ReadString(value, "DT_RPATH")));
                    break;
                case DtRunpath:
                    runpath.AddRange(SplitPath(ReadString(value, "DT_RUNPATH")));
                    break;
            }
        }
        return new NativeDependencies(NativeFormat.Elf, MachineName(machine), is64 ? 64 : 32, needed, [], rpath, runpath, soname, false)
        {
            VersionNeeds = ReadVersionNeeds(source, fields, is64, segments, entries, ReadString),
        };
    }

    /// <summary>
    /// DT_VERNEED: per needed library, the versions it must define (Elf_Verneed, then Elf_Vernaux entries,
    /// 16 bytes each in both classes); DT_VERSYM maps each dynamic symbol to one of them by index.
    /// </summary>
    private static List<VersionNeed> ReadVersionNeeds(ByteSource source, Fields fields, bool is64, List<Segment> segments,
        List<(long Tag, long Value)> entries, Func<long, string, string> readString)
    {
        long Value(long tag) => entries.LastOrDefault(e => e.Tag == tag).Value;
        long count = Value(DtVerneedNum);
        if (!entries.Any(e => e.Tag == DtVerneed) || count <= 0)
        {
            return [];
        }
        if (count > MaxVersionEntries)
        {
            throw new InvalidNativeFileException($"the ELF file claims {count} version need entries");
        }
        var versions = new List<(int Index, string Library, string Version)>();
        long need = ToFileOffset(segments, Value(DtVerneed));
        for (long n = 0; n < count; n++)
        {
            var entry = source.Read(need, 16, "ELF version need entry");
            int auxCount = fields.U16(entry.AsSpan(2));
            string library = readString(fields.U32(entry.AsSpan(4)), "version need library");
            long aux = need + fields.U32(entry.AsSpan(8));
            if (auxCount > MaxVersionEntries)
            {
                throw new InvalidNativeFileException($"the ELF file claims {auxCount} versions of {library}");
            }
            for (int a = 0; a < auxCount; a++)
            {
                var vernaux = source.Read(aux, 16, "ELF version need auxiliary entry");
                versions.Add((fields.U16(vernaux.AsSpan(6)) & 0x7fff, library, readString(fields.U32(vernaux.AsSpan(8)), "symbol version")));
                uint nextAux = fields.U32(vernaux.AsSpan(12));
                if (nextAux == 0)
                {
                    break;
                }
                aux += nextAux;
            }
            uint next = fields.U32(entry.AsSpan(12));
            if (next == 0)
            {
                break;
            }
            need += next;
        }

        // A damaged file may give two versions one index: the first keeps it.
        var symbols = new Dictionary<int, List<string>>();
        versions.ForEach(v => symbols.TryAdd(v.Index, []));
        foreach (var (index, name) in VersionedUndefinedSymbols(source, fields, is64, segments, entries, readString))
        {
            if (symbols.TryGetValue(index, out var list))
            {
                list.Add(name);
            }
        }
        return versions.Select(v => new VersionNeed(v.Library, v.Version, symbols[v.Index].Distinct().Order(StringComparer.Ordinal).ToList())).ToList();
    }

    /// <summary>The undefined dynamic symbols with their version index (DT_VERSYM); none when the file lacks the tables.</summary>
    private static IEnumerable<(int Index, string Name)> VersionedUndefinedSymbols(ByteSource source, Fields fields, bool is64,
        List<Segment> segments, List<(long Tag, long Value)> entries, Func<long, string, string> readString)
    {
        long Value(long tag) => entries.LastOrDefault(e => e.Tag == tag).Value;
        if (!entries.Any(e => e.Tag == DtVersym) || !entries.Any(e => e.Tag == DtSymtab))
        {
            return [];
        }
        long symtab = ToFileOffset(segments, Value(DtSymtab));
        long versym = ToFileOffset(segments, Value(DtVersym));
        int size = (int)(Value(DtSyment) is > 0 and < 256 and var s ? s : is64 ? 24 : 16);
        long symbolCount = SymbolCount(source, fields, is64, segments, entries);
        if (symbolCount > NativeLimits.MaxTableBytes / size)
        {
            throw new InvalidNativeFileException($"the ELF file claims {symbolCount} dynamic symbols");
        }
        var table = source.Read(symtab, symbolCount * size, "ELF dynamic symbol table");
        var indices = source.Read(versym, symbolCount * 2, "ELF symbol version table");
        var result = new List<(int, string)>();
        for (int i = 1; i < symbolCount; i++)
        {
            var symbol = table.AsSpan(i * size, size);
            int sectionIndex = fields.U16(symbol[(is64 ? 6 : 14)..]);
            int index = fields.U16(indices.AsSpan(i * 2)) & 0x7fff;
            if (sectionIndex == 0 && index > 1)
            {
                result.Add((index, readString(fields.U32(symbol), "dynamic symbol")));
            }
        }
        return result;
    }

    /// <summary>How many dynamic symbols there are: DT_HASH says it (nchain); DT_GNU_HASH needs its last chain walked.</summary>
    private static long SymbolCount(ByteSource source, Fields fields, bool is64, List<Segment> segments, List<(long Tag, long Value)> entries)
    {
        if (entries.Any(e => e.Tag == DtHash))
        {
            var header = source.Read(ToFileOffset(segments, entries.Last(e => e.Tag == DtHash).Value), 8, "ELF hash table");
            return fields.U32(header.AsSpan(4));
        }
        if (!entries.Any(e => e.Tag == DtGnuHash))
        {
            return 0;
        }
        long gnu = ToFileOffset(segments, entries.Last(e => e.Tag == DtGnuHash).Value);
        var head = source.Read(gnu, 16, "ELF GNU hash table");
        long buckets = fields.U32(head);
        long symbolOffset = fields.U32(head.AsSpan(4));
        long bloomWords = fields.U32(head.AsSpan(8));
        if (buckets > NativeLimits.MaxTableBytes / 4 || bloomWords > NativeLimits.MaxTableBytes / 8)
        {
            throw new InvalidNativeFileException("the ELF GNU hash table is implausibly large");
        }
        long bucketStart = gnu + 16 + bloomWords * (is64 ? 8 : 4);
        var bucketBytes = source.Read(bucketStart, buckets * 4, "ELF GNU hash buckets");
        long last = 0;
        for (int b = 0; b < buckets; b++)
        {
            last = Math.Max(last, fields.U32(bucketBytes.AsSpan(b * 4)));
        }
        if (last < symbolOffset)
        {
            return symbolOffset;
        }
        long chains = bucketStart + buckets * 4;
        for (long steps = 0; steps < NativeLimits.MaxTableBytes / 4; steps++, last++)
        {
            var chain = source.Read(chains + (last - symbolOffset) * 4, 4, "ELF GNU hash chain");
            if ((fields.U32(chain) & 1) != 0)
            {
                return last + 1;
            }
        }
        throw new InvalidNativeFileException("the ELF GNU hash chain does not end");
    }

    private sealed record Segment(uint Type, long Offset, long VirtualAddress, long FileSize);

    private static List<Segment> ReadSegments(ByteSource source, Fields fields, bool is64, long phoff, int phentsize, int phnum)
    {
        int minimum = is64 ? 56 : 32;
        if (phnum == 0)
        {
            return [];
        }
        if (phentsize < minimum)
        {
            throw new InvalidNativeFileException($"the ELF program header size {phentsize} is too small");
        }
        var table = source.Read(phoff, (long)phentsize * phnum, "ELF program header table");
        var segments = new List<Segment>(phnum);
        for (int i = 0; i < phnum; i++)
        {
            var p = table.AsSpan(i * phentsize, phentsize);
            segments.Add(is64
                ? new Segment(fields.U32(p), fields.Offset(p[8..]), fields.Offset(p[16..]), fields.Offset(p[32..]))
                : new Segment(fields.U32(p), fields.U32(p[4..]), fields.U32(p[8..]), fields.U32(p[16..])));
        }
        return segments;
    }

    private static List<(long Tag, long Value)> ReadDynamic(ByteSource source, Fields fields, bool is64, Segment dynamic)
    {
        int size = is64 ? 16 : 8;
        long length = Math.Min(dynamic.FileSize, source.Length - Math.Clamp(dynamic.Offset, 0, source.Length));
        var bytes = source.Read(dynamic.Offset, length - length % size, "ELF dynamic section");
        var entries = new List<(long, long)>();
        for (int i = 0; i + size <= bytes.Length; i += size)
        {
            var d = bytes.AsSpan(i, size);
            long tag = is64 ? (long)fields.U64(d) : fields.U32(d);
            long value = is64 ? fields.Offset(d[8..]) : fields.U32(d[4..]);
            if (tag == DtNull)
            {
                break;
            }
            entries.Add((tag, value));
        }
        return entries;
    }

    private static long ToFileOffset(List<Segment> segments, long address)
    {
        foreach (var segment in segments)
        {
            if (segment.Type == PtLoad && address >= segment.VirtualAddress && address - segment.VirtualAddress < segment.FileSize)
            {
                return segment.Offset + (address - segment.VirtualAddress);
            }
        }
        throw new InvalidNativeFileException($"the dynamic string table address 0x{address:x} is in no loaded segment");
    }

    private static IEnumerable<string> SplitPath(string value) => value.Split(':', StringSplitOptions.RemoveEmptyEntries);

    private static string MachineName(ushort machine) => machine switch
    {
        3 => "x86",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "PowerPC64",
        22 => "S390",
        40 => "ARM",
        62 => "x86-64",
        183 => "AArch64",
        243 => "RISC-V",
        258 => "LoongArch",
        _ => $"machine {machine}",
    };

    private readonly struct Fields(bool bigEndian)
    {
        public ushort U16(ReadOnlySpan<byte> p) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(p) : BinaryPrimitives.ReadUInt16LittleEndian(p);

        public uint U32(ReadOnlySpan<byte> p) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(p) : BinaryPrimitives.ReadUInt32LittleEndian(p);

        public ulong U64(ReadOnlySpan<byte> p) => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(p) : BinaryPrimitives.ReadUInt64LittleEndian(p);

        /// <summary>A 64-bit offset or address; one above long.MaxValue cannot point into any file.</summary>
        public long Offset(ReadOnlySpan<byte> p)
        {
            ulong value = U64(p);
            return value > long.MaxValue ? long.MaxValue : (long)value;
        }
    }
}
