using Freeze.Archive;
using Freeze.Archive.Native;

namespace Freeze.Tools;

/// <summary>
/// Tells what a file or a member is, from its bytes: a module archive starts with <c>FRZMOD\r\n</c>;
/// a package, bare or behind a bootloader, ends with the cookie <c>FRZPKG\r\n…</c>.
/// </summary>
internal static class ArchiveOpener
{
    public static ArchiveView OpenFile(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(FreezeDiagnostics.ToolCannotRead, $"cannot read {path}: {e.Message}");
        }
        try
        {
            return Open(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a member's content as an archive; null when it is not one.</summary>
    public static ArchiveView? TryOpenNested(byte[] content, string displayPath)
    {
        var stream = new MemoryStream(content, writable: false);
        return Detect(stream) == ArchiveKind.None ? null : Open(stream, displayPath);
    }

    private enum ArchiveKind
    {
        None,
        ModuleArchive,
        Package,
    }

    private static ArchiveView Open(Stream stream, string displayPath)
    {
        try
        {
            switch (Detect(stream))
            {
                case ArchiveKind.ModuleArchive:
                    return new ModuleArchiveView(ModuleArchiveReader.Open(stream, 0, stream.Length), stream, displayPath);
                case ArchiveKind.Package:
                    var reader = PackageReader.Open(stream, ownsStream: true);
                    string kind = reader.PackageStart == 0 ? "package" : $"frozen executable ({DescribeBootloader(stream)})";
                    return new PackageView(reader, displayPath, kind);
                default:
                    string what = NativeFormatOf(stream) is NativeFormat.Unknown ? "" : " (an executable without a package)";
                    throw new ToolException(FreezeDiagnostics.ToolNotAnArchive,
                        $"{displayPath} is not a Freeze.Sdk archive{what}: no package cookie at its end and no module archive header at its start");
            }
        }
        catch (InvalidArchiveException e)
        {
            throw new ToolException(FreezeDiagnostics.ToolDamagedArchive, $"{displayPath} is damaged: {e.Message}");
        }
        catch (IOException e)
        {
            throw new ToolException(FreezeDiagnostics.ToolCannotRead, $"cannot read {displayPath}: {e.Message}");
        }
    }

    private static ArchiveKind Detect(Stream stream)
    {
        long length = stream.Length;
        Span<byte> head = stackalloc byte[8];
        if (length >= ModuleArchiveFormat.HeaderSize)
        {
            stream.Position = 0;
            stream.ReadExactly(head);
            if (head.SequenceEqual(ModuleArchiveFormat.Magic))
            {
                return ArchiveKind.ModuleArchive;
            }
        }
        if (length >= PackageFormat.CookieSize)
        {
            stream.Position = length - PackageFormat.CookieSize;
            stream.ReadExactly(head);
            if (head.SequenceEqual(PackageFormat.Magic))
            {
                return ArchiveKind.Package;
            }
        }
        return ArchiveKind.None;
    }

    private static NativeFormat NativeFormatOf(Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        if (stream.Length < head.Length)
        {
            return NativeFormat.Unknown;
        }
        stream.Position = 0;
        stream.ReadExactly(head);
        return NativeDependencyReader.DetectFormat(head);
    }

    private static string DescribeBootloader(Stream stream) => NativeFormatOf(stream) switch
    {
        NativeFormat.Elf => "ELF bootloader",
        NativeFormat.Pe => "PE bootloader",
        _ => "unknown bootloader",
    };
}
