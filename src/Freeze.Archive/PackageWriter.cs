namespace Freeze.Archive;

/// <summary>
/// Appends a package to a stream: member data first, then the TOC and the cookie on <see cref="Finish"/>.
/// The package starts at the stream's position when the writer is created (the end of the bootloader).
/// </summary>
public sealed class PackageWriter
{
    private readonly Stream _output;
    private readonly long _start;
    private readonly List<PackageEntry> _entries = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private bool _finished;

    public PackageWriter(Stream output)
    {
        _output = output;
        _start = output.Position;
    }

    public IReadOnlyList<PackageEntry> Entries => _entries;

    public PackageEntry AddMember(string name, char typeCode, byte[] content, int mode, MemberCompression compression) =>
        AddMember(name, typeCode, MemberCodec.Encode(content, compression), mode);

    /// <summary>Adds a member encoded beforehand (members can be compressed in parallel, then written in order).</summary>
    public PackageEntry AddMember(string name, char typeCode, EncodedMember member, int mode)
    {
        if (!MemberName.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid member name (relative, '/'-separated, no '..')", nameof(name));
        }
        var entry = new PackageEntry(name, typeCode, member.Compression, mode, member.Crc32,
            _output.Position - _start, member.Stored.Length, member.FullLength);
        Add(entry);
        _output.Write(member.Stored);
        return entry;
    }

    public PackageEntry AddOption(string key, string value)
    {
        var entry = new PackageEntry($"{key}={value}", PackageTypeCode.Option, MemberCompression.Stored, 0,
            System.IO.Hashing.Crc32.HashToUInt32([]), _output.Position - _start, 0, 0);
        Add(entry);
        return entry;
    }

    public void Finish()
    {
        if (_finished)
        {
            throw new InvalidOperationException("the package is already finished");
        }
        _finished = true;
        long tocOffset = _output.Position - _start;
        int tocLength = _entries.Sum(e => e.EncodedLength);
        var toc = new byte[tocLength + PackageFormat.CookieSize];
        int position = 0;
        foreach (var entry in _entries)
        {
            entry.Write(toc.AsSpan(position));
            position += entry.EncodedLength;
        }
        var cookie = new PackageCookie(tocOffset + toc.Length, tocOffset, tocLength, _entries.Count);
        cookie.Write(toc.AsSpan(position));
        var withChecksum = cookie with { TocCrc32 = PackageCookie.ComputeTocCrc32(toc.AsSpan(0, tocLength), toc.AsSpan(position)) };
        withChecksum.Write(toc.AsSpan(position));
        _output.Write(toc);
    }

    private void Add(PackageEntry entry)
    {
        if (_finished)
        {
            throw new InvalidOperationException("the package is already finished");
        }
        if (!_names.Add(entry.Name))
        {
            throw new ArgumentException($"the package already has a member named '{entry.Name}'");
        }
        _entries.Add(entry);
    }
}
