using System.Buffers.Binary;
using System.Text;

namespace Freeze.Archive;

/// <summary>
/// Layout of the package (CArchive) appended to the bootloader; docs/formats.md has the byte tables.
/// <code>
/// [bootloader][member data ...][TOC entries ...][cookie: 40 bytes]
///             ^ package start; every offset below is relative to it
/// </code>
/// </summary>
public static class PackageFormat
{
    public static ReadOnlySpan<byte> Magic => "FRZPKG\r\n"u8;
    public const ushort MajorVersion = 1;

    /// <summary>1: the cookie holds the CRC-32 of the TOC and the cookie (readers of 1.0 ignored that field).</summary>
    public const ushort MinorVersion = 1;
    public const int CookieSize = 40;
    public const int EntryHeaderSize = 40;
}

/// <summary>One-letter member types of the package.</summary>
public static class PackageTypeCode
{
    public const char Assembly = 'a';
    public const char Binary = 'b';
    public const char Data = 'x';
    public const char ModuleArchive = 'z';
    public const char Option = 'o';
    /// <summary>A symbolic link; the member's data is the link target (UTF-8).</summary>
    public const char Symlink = 'l';

    public static bool IsExtracted(char code) => code is Assembly or Binary or Data or Symlink;

    /// <summary>A typecode this version of the format defines; any other is refused (a new one needs a new major version).</summary>
    public static bool IsKnown(char code) => code is Assembly or Binary or Data or ModuleArchive or Option or Symlink;

    /// <summary>
    /// May a link named <paramref name="name"/> point at <paramref name="target"/>? The target is relative, made of
    /// leading ".." segments that do not climb above the bundle root from the link's folder, then valid name
    /// segments. The bootloader applies the same rule (frz_archive_is_valid_link), so such a link cannot leave the bundle.
    /// </summary>
    public static bool IsValidLinkTarget(string name, string target)
    {
        if (target.Length == 0 || target[0] == '/' || target.Contains('\\') || target.Contains('\0'))
        {
            return false;
        }
        int depth = name.Count(c => c == '/');
        string[] segments = target.Split('/');
        int climbs = 0;
        while (climbs < segments.Length && segments[climbs] == "..")
        {
            climbs++;
        }
        if (climbs > depth)
        {
            return false;
        }
        string rest = string.Join('/', segments.Skip(climbs));
        return rest.Length == 0 ? climbs > 0 && !target.EndsWith("//", StringComparison.Ordinal) : MemberName.IsValid(rest);
    }
}

/// <summary>The fixed-size record at the very end of the file.</summary>
/// <param name="TocCrc32">CRC-32 of the TOC bytes followed by the cookie with this field zeroed (format 1.1).</param>
public readonly record struct PackageCookie(long PackageLength, long TocOffset, int TocLength, int EntryCount, ushort MinorVersion = PackageFormat.MinorVersion, uint TocCrc32 = 0)
{
    public const int TocCrc32Offset = 12;

    /// <summary>The checksum of <paramref name="toc"/> followed by <paramref name="cookie"/> (its checksum field taken as zero).</summary>
    public static uint ComputeTocCrc32(ReadOnlySpan<byte> toc, ReadOnlySpan<byte> cookie)
    {
        Span<byte> zeroed = stackalloc byte[PackageFormat.CookieSize];
        cookie[..PackageFormat.CookieSize].CopyTo(zeroed);
        zeroed.Slice(TocCrc32Offset, 4).Clear();
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(toc);
        crc.Append(zeroed);
        return crc.GetCurrentHashAsUInt32();
    }

    public void Write(Span<byte> buffer)
    {
        buffer.Clear();
        PackageFormat.Magic.CopyTo(buffer);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[8..], PackageFormat.MajorVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[10..], MinorVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[TocCrc32Offset..], TocCrc32);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[16..], PackageLength);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[24..], TocOffset);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[32..], TocLength);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[36..], EntryCount);
    }

    public static PackageCookie Read(ReadOnlySpan<byte> buffer, long fileLength)
    {
        if (!buffer[..8].SequenceEqual(PackageFormat.Magic))
        {
            throw new InvalidArchiveException("no Freeze.Sdk package at the end of the file (magic not found)");
        }
        ushort major = BinaryPrimitives.ReadUInt16LittleEndian(buffer[8..]);
        if (major != PackageFormat.MajorVersion)
        {
            throw new InvalidArchiveException($"package format version {major} is not supported (this reader knows {PackageFormat.MajorVersion})");
        }
        var cookie = new PackageCookie(
            BinaryPrimitives.ReadInt64LittleEndian(buffer[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(buffer[32..]),
            BinaryPrimitives.ReadInt32LittleEndian(buffer[36..]),
            BinaryPrimitives.ReadUInt16LittleEndian(buffer[10..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[TocCrc32Offset..]));
        if (cookie.PackageLength < PackageFormat.CookieSize || cookie.PackageLength > fileLength
            || cookie.TocOffset < 0 || cookie.TocLength < 0 || cookie.EntryCount < 0
            || cookie.TocOffset + cookie.TocLength != cookie.PackageLength - PackageFormat.CookieSize)
        {
            throw new InvalidArchiveException("the package cookie is inconsistent (truncated or corrupt file)");
        }
        return cookie;
    }
}

/// <summary>One TOC entry of the package.</summary>
public sealed record PackageEntry(
    string Name,
    char TypeCode,
    MemberCompression Compression,
    int Mode,
    uint Crc32,
    long DataOffset,
    long StoredLength,
    long FullLength)
{
    public int EncodedLength => Align8(PackageFormat.EntryHeaderSize + Encoding.UTF8.GetByteCount(Name) + 1);

    public void Write(Span<byte> buffer)
    {
        byte[] name = Encoding.UTF8.GetBytes(Name);
        buffer[..EncodedLength].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(buffer, EncodedLength);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[4..], Crc32);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[8..], DataOffset);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[16..], StoredLength);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[24..], FullLength);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[32..], Mode);
        buffer[36] = (byte)Compression;
        buffer[37] = (byte)TypeCode;
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[38..], checked((ushort)name.Length));
        name.CopyTo(buffer[PackageFormat.EntryHeaderSize..]);
    }

    /// <summary>Reads the entry at the start of <paramref name="buffer"/>; returns it and its encoded length.</summary>
    public static (PackageEntry Entry, int Length) Read(ReadOnlySpan<byte> buffer, long tocOffset)
    {
        if (buffer.Length < PackageFormat.EntryHeaderSize)
        {
            throw new InvalidArchiveException("a TOC entry runs past the end of the TOC");
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer[38..]);
        if (length < PackageFormat.EntryHeaderSize + nameLength + 1 || length % 8 != 0 || length > buffer.Length)
        {
            throw new InvalidArchiveException("a TOC entry has an invalid length");
        }
        if (buffer[PackageFormat.EntryHeaderSize + nameLength] != 0)
        {
            throw new InvalidArchiveException("a TOC entry name is not NUL-terminated");
        }
        string name = DecodeName(buffer.Slice(PackageFormat.EntryHeaderSize, nameLength));
        if (!PackageTypeCode.IsKnown((char)buffer[37]))
        {
            throw new InvalidArchiveException($"member '{name}' has an unknown typecode '{(char)buffer[37]}'");
        }
        var entry = new PackageEntry(
            name,
            (char)buffer[37],
            (MemberCompression)buffer[36],
            BinaryPrimitives.ReadInt32LittleEndian(buffer[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[24..]));
        if (entry.TypeCode == PackageTypeCode.Option ? name.Length == 0 || name.Contains('\0') : !MemberName.IsValid(name))
        {
            throw new InvalidArchiveException($"invalid member name '{name}'");
        }
        if (entry.DataOffset < 0 || entry.StoredLength < 0 || entry.FullLength < 0
            || entry.DataOffset > tocOffset || entry.StoredLength > tocOffset - entry.DataOffset)
        {
            throw new InvalidArchiveException($"member '{name}' points outside the package");
        }
        return (entry, length);
    }

    internal static string DecodeName(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidArchiveException("a member name is not valid UTF-8");
        }
    }

    private static int Align8(int n) => (n + 7) & ~7;
}
