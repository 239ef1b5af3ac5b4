using Freeze.Archive;

namespace Freeze.Analysis.Report;

/// <summary>
/// A member of a frozen executable as it is stored: a package member (its package typecode), or an
/// assembly of the module archive (<see cref="ExecutableContents.ModuleTypeCode"/>), stored uncompressed.
/// </summary>
public sealed record StoredMember(string Name, char TypeCode, MemberCompression Compression, long StoredBytes, long FullBytes);

/// <summary>What a frozen executable holds, read back from its bytes: the stored sizes the plan cannot know.</summary>
public sealed record ExecutableContents(long ExecutableBytes, long BootloaderBytes, long ModuleArchiveBytes, IReadOnlyList<StoredMember> Members)
{
    public const char ModuleTypeCode = 'm';

    /// <exception cref="InvalidArchiveException">The file has no package, or a damaged one.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ExecutableContents Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        using var package = PackageReader.Open(stream);
        var members = new List<StoredMember>();
        long moduleArchiveBytes = 0;
        foreach (var entry in package.Entries.Where(e => e.TypeCode != PackageTypeCode.Option))
        {
            if (entry.TypeCode != PackageTypeCode.ModuleArchive)
            {
                members.Add(new StoredMember(entry.Name, entry.TypeCode, entry.Compression, entry.StoredLength, entry.FullLength));
                continue;
            }
            moduleArchiveBytes += entry.StoredLength;
            var modules = ModuleArchiveReader.Open(stream, package.GetFileOffset(entry), entry.StoredLength);
            members.AddRange(modules.Entries.Select(m => new StoredMember(m.Name, ModuleTypeCode, MemberCompression.Stored, m.Length, m.Length)));
        }
        return new ExecutableContents(stream.Length, package.PackageStart, moduleArchiveBytes, members);
    }
}
