using System.Buffers.Binary;

namespace Freeze.Archive.Native;

/// <summary>
/// Reads the dynamic section of an ELF file (32 or 64 bits, either byte order) through its program
/// headers, so stripped files without section headers work too.
/// </summary>
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
        bool hasStrings = entries.Any(e => e.Tag is DtNeeded or DtSoname or DtRpath or DtRunpath);
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
        return new NativeDependencies(NativeFormat.Elf, MachineName(machine), is64 ? 64 : 32, needed, [], rpath, runpath, soname, false);
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
