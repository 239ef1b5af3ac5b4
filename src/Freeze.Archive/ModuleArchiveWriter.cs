namespace Freeze.Archive;

/// <summary>Writes a module archive: assemblies stored page-aligned, then the index sorted by name.</summary>
public static class ModuleArchiveWriter
{
    /// <param name="output">Where the archive goes, from its current position.</param>
    /// <param name="assemblies">File names in the app folder (<c>Newtonsoft.Json.dll</c>) and contents.</param>
    /// <param name="fileOffset">Where the archive's first byte will be in the executable: assemblies are aligned to file offsets.</param>
    public static IReadOnlyList<ModuleEntry> Write(Stream output, IEnumerable<(string Name, byte[] Content)> assemblies, long fileOffset)
    {
        long start = output.Position;
        output.Write(new byte[ModuleArchiveFormat.HeaderSize]);
        var sorted = assemblies.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _) in sorted)
        {
            if (!MemberName.IsValid(name) || !seen.Add(name))
            {
                throw new ArgumentException($"'{name}' is not a valid module archive name, or the archive has it already");
            }
        }
        var checksums = sorted.AsParallel().AsOrdered().Select(a => System.IO.Hashing.Crc32.HashToUInt32(a.Content)).ToList();
        var entries = new List<ModuleEntry>(sorted.Count);
        for (int i = 0; i < sorted.Count; i++)
        {
            long offset = output.Position - start;
            int padding = (int)((ModuleArchiveFormat.Alignment - (fileOffset + offset) % ModuleArchiveFormat.Alignment) % ModuleArchiveFormat.Alignment);
            output.Write(new byte[padding]);
            entries.Add(new ModuleEntry(sorted[i].Name, checksums[i], offset + padding, sorted[i].Content.Length));
            output.Write(sorted[i].Content);
        }

        long indexOffset = output.Position - start;
        var index = new byte[entries.Sum(e => e.EncodedLength)];
        int at = 0;
        foreach (var entry in entries)
        {
            entry.Write(index.AsSpan(at));
            at += entry.EncodedLength;
        }
        output.Write(index);
        long end = output.Position;

        Span<byte> header = stackalloc byte[ModuleArchiveFormat.HeaderSize];
        new ModuleArchiveHeader(entries.Count, indexOffset, index.Length).Write(header);
        output.Position = start;
        output.Write(header);
        output.Position = end;
        return entries;
    }
}
