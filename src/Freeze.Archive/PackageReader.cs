namespace Freeze.Archive;

/// <summary>Reads the package at the end of a file: a frozen executable or a bare package.</summary>
public sealed class PackageReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;

    private PackageReader(Stream stream, bool ownsStream, long packageStart, IReadOnlyList<PackageEntry> entries)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        PackageStart = packageStart;
        Entries = entries;
    }

    /// <summary>Offset of the package in the file (the size of the bootloader in front of it).</summary>
    public long PackageStart { get; }

    public IReadOnlyList<PackageEntry> Entries { get; }

    public static PackageReader Open(string path) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete), ownsStream: true);

    public static PackageReader Open(Stream stream, bool ownsStream = false)
    {
        try
        {
            long fileLength = stream.Length;
            if (fileLength < PackageFormat.CookieSize)
            {
                throw new InvalidArchiveException("the file is too small to hold a Freeze.Sdk package");
            }
            Span<byte> cookieBytes = stackalloc byte[PackageFormat.CookieSize];
            stream.Position = fileLength - PackageFormat.CookieSize;
            stream.ReadExactly(cookieBytes);
            var cookie = PackageCookie.Read(cookieBytes, fileLength);
            long start = fileLength - cookie.PackageLength;

            var toc = new byte[cookie.TocLength];
            stream.Position = start + cookie.TocOffset;
            stream.ReadExactly(toc);
            if (cookie.MinorVersion >= 1 && PackageCookie.ComputeTocCrc32(toc, cookieBytes) != cookie.TocCrc32)
            {
                throw new InvalidArchiveException("the TOC fails its checksum (the file is damaged)");
            }
            var entries = new List<PackageEntry>(Math.Min(cookie.EntryCount, toc.Length / PackageFormat.EntryHeaderSize));
            int position = 0;
            for (int i = 0; i < cookie.EntryCount; i++)
            {
                var (entry, length) = PackageEntry.Read(toc.AsSpan(position), cookie.TocOffset);
                entries.Add(entry);
                position += length;
            }
            if (position != toc.Length)
            {
                throw new InvalidArchiveException("the TOC has bytes after its last entry");
            }
            return new PackageReader(stream, ownsStream, start, entries);
        }
        catch
        {
            if (ownsStream)
            {
                stream.Dispose();
            }
            throw;
        }
    }

    public PackageEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>Reads, decompresses and verifies a member.</summary>
    public byte[] ReadMember(PackageEntry entry) =>
        MemberCodec.Decode(ReadStored(entry), entry.Compression, entry.FullLength, entry.Crc32, entry.Name);

    /// <summary>Absolute file offset of the member's stored bytes.</summary>
    public long GetFileOffset(PackageEntry entry) => PackageStart + entry.DataOffset;

    /// <summary>The value of an OPTION entry, or null.</summary>
    public string? GetOption(string key)
    {
        string prefix = key + "=";
        var entry = Entries.FirstOrDefault(e => e.TypeCode == PackageTypeCode.Option && e.Name.StartsWith(prefix, StringComparison.Ordinal));
        return entry?.Name[prefix.Length..];
    }

    private byte[] ReadStored(PackageEntry entry)
    {
        var stored = new byte[entry.StoredLength];
        _stream.Position = GetFileOffset(entry);
        _stream.ReadExactly(stored);
        return stored;
    }

    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
