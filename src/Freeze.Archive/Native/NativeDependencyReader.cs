namespace Freeze.Archive.Native;

/// <summary>
/// Reads the load-time dependencies of a native file, the way pyi-bindepend does, for the
/// <c>freeze bindepend</c> command and the build's native dependency scan. A file that is neither
/// ELF nor PE gives <see cref="NativeDependencies.Unknown"/>; a damaged ELF or PE file throws
/// <see cref="InvalidNativeFileException"/>; I/O failures throw as usual.
/// </summary>
public static class NativeDependencyReader
{
    /// <summary>The format of a file from its first bytes (four are enough).</summary>
    public static NativeFormat DetectFormat(ReadOnlySpan<byte> header) =>
        ElfDependencyReader.HasMagic(header) ? NativeFormat.Elf
        : PeDependencyReader.HasMagic(header) ? NativeFormat.Pe
        : NativeFormat.Unknown;

    public static NativeDependencies Read(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        return Read(ByteSource.FromFile(handle));
    }

    public static NativeDependencies Read(ReadOnlyMemory<byte> bytes) => Read(ByteSource.FromMemory(bytes));

    private static NativeDependencies Read(ByteSource source)
    {
        Span<byte> header = stackalloc byte[4];
        if (source.Length < header.Length)
        {
            return NativeDependencies.Unknown;
        }
        source.Read(0, header, "file header");
        return DetectFormat(header) switch
        {
            NativeFormat.Elf => ElfDependencyReader.Read(source),
            NativeFormat.Pe => PeDependencyReader.Read(source),
            _ => NativeDependencies.Unknown,
        };
    }
}
