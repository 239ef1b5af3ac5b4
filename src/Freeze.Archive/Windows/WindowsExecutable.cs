using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Freeze.Archive.Native;

namespace Freeze.Archive.Windows;

/// <summary>A Windows bootloader made ready for its package: the bytes, and where the PE checksum goes once the package is appended.</summary>
public sealed record PreparedExecutable(byte[] Bytes, int CheckSumOffset);

/// <summary>
/// What the SDK's apphost gets on Windows (the app's icon and version resource, copied from the app's
/// assembly), written here on any OS into a copy of a PE bootloader; plus a fixed time stamp and a PE checksum
/// over the whole file, archive included.
/// Written by hand rather than with a PE library: the change is one section and a few header fields, every
/// other byte of the bootloader stays as built; LibObjectFile, the one library served here with a PE writer,
/// writes the file anew from its object model.
/// </summary>
public static class WindowsExecutable
{
    private const int DebugEntrySize = 28;

    /// <summary>
    /// The bootloader's resources, with every type the app has replaced by the app's (icons, version, and any
    /// other). The bootloader's manifest stays, as the bootloader is what runs, unless <paramref name="appManifest"/>
    /// (the project sets ApplicationManifest) or the bootloader has none.
    /// </summary>
    public static List<Win32Resource> Merge(IReadOnlyList<Win32Resource> bootloader, IReadOnlyList<Win32Resource> app, bool appManifest)
    {
        var replaced = app.Select(r => r.Type).ToHashSet();
        if (!appManifest && bootloader.Any(r => r.Type == ResourceType.Manifest))
        {
            replaced.Remove(ResourceType.Manifest);
        }
        return [.. bootloader.Where(r => !replaced.Contains(r.Type)), .. app.Where(r => replaced.Contains(r.Type))];
    }

    /// <summary>The Win32 resources of a PE file: for an assembly, those the compiler made from the project (version, icon, manifest).</summary>
    public static List<Win32Resource> ReadResources(byte[] peFile) => ResourceSectionReader.Read(PeImage.Parse(peFile));

    /// <summary>
    /// A copy of <paramref name="bootloader"/> with the merged resources in a .rsrc section at the end of the image
    /// (the bootloader's .rsrc rewritten in place when it is the last section, else a new section after the others),
    /// the COFF and debug time stamps set to <paramref name="timeDateStamp"/> when given, no certificate (appending
    /// a package voids it) and a zero checksum for <see cref="WriteCheckSum"/>.
    /// </summary>
    public static PreparedExecutable Prepare(byte[] bootloader, IReadOnlyList<Win32Resource> appResources, bool appManifest, uint? timeDateStamp)
    {
        var original = PeImage.Parse(bootloader);
        int length = bootloader.Length;
        var (certificate, certificateSize) = original.GetDirectory(PeImage.SecurityDirectory);
        if (certificateSize != 0 && certificate < length && (long)certificate + certificateSize >= length - 7)
        {
            length = (int)certificate;
        }

        byte[] output;
        PeImage image;
        if (appResources.Count == 0)
        {
            output = bootloader.AsSpan(0, length).ToArray();
            image = PeImage.Parse(output);
        }
        else
        {
            var resources = Merge(ResourceSectionReader.Read(original), appResources, appManifest);
            (output, image) = WithResourceSection(original, length, resources);
        }
        if (certificateSize != 0)
        {
            image.SetDirectory(PeImage.SecurityDirectory, 0, 0);
        }
        if (timeDateStamp is uint stamp)
        {
            SetTimeDateStamps(image, stamp);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(image.CheckSumOffset), 0);
        return new PreparedExecutable(output, image.CheckSumOffset);
    }

    private static (byte[] Output, PeImage Image) WithResourceSection(PeImage original, int length, List<Win32Resource> resources)
    {
        var (resourceRva, _) = original.GetDirectory(PeImage.ResourceDirectory);
        var sections = original.Sections;
        int last = sections.Count == 0 ? -1 : sections.IndexOf(sections.MaxBy(s => s.VirtualAddress)!);
        bool reuse = last >= 0 && resourceRva != 0 && sections[last].VirtualAddress == resourceRva
            && sections[last].SizeOfRawData > 0 && sections[last].RawEnd >= length && sections.All(s => s.RawEnd <= sections[last].RawEnd);

        uint rva;
        uint fileOffset;
        int index;
        if (reuse)
        {
            index = last;
            rva = sections[last].VirtualAddress;
            fileOffset = sections[last].PointerToRawData;
        }
        else
        {
            index = sections.Count;
            CheckRoomForSectionHeader(original);
            uint end = sections.Count == 0 ? original.SizeOfHeaders : sections.Max(s => s.VirtualEnd);
            rva = PeImage.Align(Math.Max(end, original.SizeOfImage), original.SectionAlignment);
            fileOffset = PeImage.Align((uint)length, original.FileAlignment);
        }

        byte[] data = ResourceSectionWriter.Write(resources, rva);
        uint rawSize = PeImage.Align((uint)data.Length, original.FileAlignment);
        var output = new byte[checked((int)(fileOffset + rawSize))];
        original.Bytes.AsSpan(0, (int)Math.Min(fileOffset, (uint)length)).CopyTo(output);
        data.CopyTo(output.AsSpan((int)fileOffset));

        var image = PeImage.Parse(output);
        uint replacedRaw = reuse ? sections[last].SizeOfRawData : 0;
        var header = reuse
            ? sections[last] with { VirtualSize = (uint)data.Length, SizeOfRawData = rawSize }
            : new PeSection(".rsrc", (uint)data.Length, rva, rawSize, fileOffset, PeSection.InitializedReadOnlyData);
        image.WriteSectionHeader(index, header);
        image.SetDirectory(PeImage.ResourceDirectory, rva, (uint)data.Length);
        image.SizeOfImage = PeImage.Align(image.Sections.Max(s => s.VirtualEnd), image.SectionAlignment);
        image.SizeOfInitializedData = image.SizeOfInitializedData - replacedRaw + rawSize;
        return (output, image);
    }

    private static void CheckRoomForSectionHeader(PeImage image)
    {
        int tableEnd = image.SectionTableOffset + image.Sections.Count * PeSection.Size;
        long firstData = image.Sections.Where(s => s.SizeOfRawData > 0).Select(s => (long)s.PointerToRawData).DefaultIfEmpty(image.Bytes.Length).Min();
        if (tableEnd + PeSection.Size > Math.Min(image.SizeOfHeaders, firstData))
        {
            throw new InvalidNativeFileException($"its headers have no room for another section header (section table ends at 0x{tableEnd:x}, headers end at 0x{image.SizeOfHeaders:x})");
        }
        if (image.Bytes.AsSpan(tableEnd, PeSection.Size).ContainsAnyExcept((byte)0))
        {
            throw new InvalidNativeFileException($"the bytes after its section table (0x{tableEnd:x}) are in use");
        }
    }

    private static void SetTimeDateStamps(PeImage image, uint stamp)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(image.Bytes.AsSpan(image.TimeDateStampOffset), stamp);
        var (exports, exportsSize) = image.GetDirectory(PeImage.ExportDirectory);
        if (exports != 0 && exportsSize >= 8)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(image.Bytes.AsSpan(image.ToFileOffset(exports, 8, "export directory") + 4), stamp);
        }
        var (debug, debugSize) = image.GetDirectory(PeImage.DebugDirectory);
        if (debug != 0 && debugSize >= DebugEntrySize)
        {
            uint count = debugSize / DebugEntrySize;
            int offset = image.ToFileOffset(debug, count * DebugEntrySize, "debug directory");
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(image.Bytes.AsSpan(offset + i * DebugEntrySize + 4), stamp);
            }
        }
    }

    /// <summary>Writes the PE checksum (CheckSumMappedFile's) of the whole stream, appended data included, at <paramref name="checkSumOffset"/>.</summary>
    public static void WriteCheckSum(Stream stream, int checkSumOffset)
    {
        uint checkSum = ComputeCheckSum(stream, checkSumOffset);
        Span<byte> field = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(field, checkSum);
        stream.Position = checkSumOffset;
        stream.Write(field);
        stream.Seek(0, SeekOrigin.End);
    }

    /// <summary>The 16-bit one's complement sum of the file, the checksum field read as zero, plus the file's length.</summary>
    public static uint ComputeCheckSum(Stream stream, int checkSumOffset)
    {
        const int ChunkSize = 1 << 20;
        var buffer = new byte[ChunkSize];
        ulong sum = 0;
        long position = 0;
        stream.Position = 0;
        int read;
        while ((read = stream.ReadAtLeast(buffer, ChunkSize, throwOnEndOfStream: false)) > 0)
        {
            if (checkSumOffset >= position && checkSumOffset + 4 <= position + read)
            {
                buffer.AsSpan((int)(checkSumOffset - position), 4).Clear();
            }
            else if (checkSumOffset + 4 > position && checkSumOffset < position + read)
            {
                throw new ArgumentOutOfRangeException(nameof(checkSumOffset), "the checksum field straddles a chunk");
            }
            int even = read & ~1;
            foreach (ushort word in MemoryMarshal.Cast<byte, ushort>(buffer.AsSpan(0, even)))
            {
                sum += BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
            }
            if (even != read)
            {
                sum += buffer[read - 1];
            }
            position += read;
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (uint)(sum + (ulong)position);
    }
}
