using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Freeze.Archive.Native;

/// <summary>Bounds-checked random access to a file or a buffer; a read past the end is a damaged file.</summary>
internal abstract class ByteSource
{
    private const int MaxStringLength = 4096;

    public abstract long Length { get; }

    protected abstract void ReadCore(long offset, Span<byte> destination);

    public void Read(long offset, Span<byte> destination, string what)
    {
        if (offset < 0 || offset > Length || destination.Length > Length - offset)
        {
            throw new InvalidNativeFileException($"the {what} lies outside the file (offset {offset}, {destination.Length} bytes, file {Length} bytes)");
        }
        ReadCore(offset, destination);
    }

    public byte[] Read(long offset, long count, string what)
    {
        if (count < 0 || count > NativeLimits.MaxTableBytes)
        {
            throw new InvalidNativeFileException($"the {what} is implausibly large ({count} bytes)");
        }
        if (offset < 0 || offset > Length || count > Length - offset)
        {
            throw new InvalidNativeFileException($"the {what} lies outside the file (offset {offset}, {count} bytes, file {Length} bytes)");
        }
        var buffer = new byte[count];
        ReadCore(offset, buffer);
        return buffer;
    }

    /// <summary>A NUL-terminated string at <paramref name="offset"/>, no further than <paramref name="limit"/>.</summary>
    public string ReadCString(long offset, long limit, string what)
    {
        long end = Math.Min(Math.Min(limit, Length), offset + MaxStringLength);
        if (offset < 0 || offset >= end)
        {
            throw new InvalidNativeFileException($"the {what} lies outside the file (offset {offset})");
        }
        var bytes = Read(offset, end - offset, what);
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul < 0)
        {
            throw new InvalidNativeFileException($"the {what} at offset {offset} is not NUL-terminated");
        }
        return Encoding.UTF8.GetString(bytes, 0, nul);
    }

    public static ByteSource FromMemory(ReadOnlyMemory<byte> memory) => new MemorySource(memory);

    public static ByteSource FromFile(SafeFileHandle handle) => new FileSource(handle);

    private sealed class MemorySource(ReadOnlyMemory<byte> memory) : ByteSource
    {
        public override long Length => memory.Length;

        protected override void ReadCore(long offset, Span<byte> destination) =>
            memory.Span.Slice((int)offset, destination.Length).CopyTo(destination);
    }

    private sealed class FileSource(SafeFileHandle handle) : ByteSource
    {
        public override long Length { get; } = RandomAccess.GetLength(handle);

        protected override void ReadCore(long offset, Span<byte> destination)
        {
            while (!destination.IsEmpty)
            {
                int read = RandomAccess.Read(handle, destination, offset);
                if (read == 0)
                {
                    throw new InvalidNativeFileException($"the file ended at offset {offset} while it was read");
                }
                destination = destination[read..];
                offset += read;
            }
        }
    }
}

internal static class NativeLimits
{
    /// <summary>No header table or dynamic section of a real binary comes near this.</summary>
    public const long MaxTableBytes = 64L * 1024 * 1024;

    /// <summary>Import descriptors read at most; real DLLs import a few dozen.</summary>
    public const int MaxImports = 65536;
}
