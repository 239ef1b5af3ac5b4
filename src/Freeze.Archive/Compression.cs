using System.IO.Compression;
using ZstdSharp;

namespace Freeze.Archive;

/// <summary>The compression byte of a package entry (docs/formats.md); FRZ_COMPRESSION_* in src/bootloader/frz_codec.h.</summary>
public enum MemberCompression : byte
{
    Stored = 0,
    Zlib = 1,
    Zstd = 2,
}

/// <summary>A member ready to be written: its stored bytes and what a reader needs to restore it.</summary>
public readonly record struct EncodedMember(byte[] Stored, MemberCompression Compression, uint Crc32, long FullLength);

/// <summary>Compresses and decompresses members; a member is stored when compressing saves less than 10 %.</summary>
public static class MemberCodec
{
    /// <summary>Deflate expands at most about 1032:1; a table claiming more is damaged.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>A zstd RLE block turns 4 bytes into 128 KiB: 32768:1 (frz_codec.c checks the same).</summary>
    private const long MaxZstdRatio = 32768;

    public const int MinZlibLevel = 1;
    public const int MaxZlibLevel = 9;

    /// <summary>What CompressionLevel.Optimal gives: zlib's own default.</summary>
    public const int DefaultZlibLevel = 6;

    public const int MinZstdLevel = 1;
    public const int MaxZstdLevel = 22;

    /// <summary>Chosen on eng/bench/bench.sh (docs/formats.md, "Compression").</summary>
    public const int DefaultZstdLevel = 3;

    /// <summary>The level <paramref name="codec"/> uses when none is given.</summary>
    public static int DefaultLevel(MemberCompression codec) => codec switch
    {
        MemberCompression.Zlib => DefaultZlibLevel,
        MemberCompression.Zstd => DefaultZstdLevel,
        _ => 0,
    };

    /// <summary>The levels <paramref name="codec"/> accepts, or null when it takes none.</summary>
    public static (int Min, int Max)? Levels(MemberCompression codec) => codec switch
    {
        MemberCompression.Zlib => (MinZlibLevel, MaxZlibLevel),
        MemberCompression.Zstd => (MinZstdLevel, MaxZstdLevel),
        _ => null,
    };

    /// <summary>Encodes <paramref name="content"/> with <paramref name="requested"/> at <paramref name="level"/> (0: the codec's default).</summary>
    public static EncodedMember Encode(byte[] content, MemberCompression requested, int level = 0)
    {
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(content);
        if (requested == MemberCompression.Stored || content.Length == 0)
        {
            return new EncodedMember(content, MemberCompression.Stored, crc, content.Length);
        }
        if (level == 0)
        {
            level = DefaultLevel(requested);
        }
        if (Levels(requested) is not var (min, max) || level < min || level > max)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"not a level of {requested}");
        }
        byte[] packed = requested switch
        {
            MemberCompression.Zlib => Zlib(content, level),
            MemberCompression.Zstd => Zstd(content, level),
            _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, "unknown compression"),
        };
        return packed.Length <= content.Length - content.Length / 10
            ? new EncodedMember(packed, requested, crc, content.Length)
            : new EncodedMember(content, MemberCompression.Stored, crc, content.Length);
    }

    private static byte[] Zlib(byte[] content, int level)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            zlib.Write(content);
        }
        return buffer.ToArray();
    }

    /// <summary>One frame with its content size, no checksum (the entry's CRC-32 covers the content).</summary>
    private static byte[] Zstd(byte[] content, int level)
    {
        using var compressor = new Compressor(level);
        return compressor.Wrap(content).ToArray();
    }

    public static byte[] Decode(byte[] stored, MemberCompression compression, long fullLength, uint crc32, string name)
    {
        byte[] content;
        switch (compression)
        {
            case MemberCompression.Stored:
                content = stored;
                break;
            case MemberCompression.Zlib:
                content = Allocate(stored, fullLength, MaxDeflateRatio, name);
                try
                {
                    using var zlib = new ZLibStream(new MemoryStream(stored), CompressionMode.Decompress);
                    zlib.ReadExactly(content);
                    if (zlib.ReadByte() != -1)
                    {
                        throw new InvalidArchiveException($"member '{name}' is longer than its table entry says");
                    }
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    throw new InvalidArchiveException($"member '{name}' does not decompress: {e.Message}");
                }
                break;
            case MemberCompression.Zstd:
                content = Allocate(stored, fullLength, MaxZstdRatio, name);
                try
                {
                    using var decompressor = new Decompressor();
                    int written = decompressor.Unwrap(stored, content);
                    if (written != fullLength)
                    {
                        throw new InvalidArchiveException($"member '{name}' has {written} bytes, the table says {fullLength}");
                    }
                }
                catch (ZstdException e)
                {
                    throw new InvalidArchiveException(e.Code == ZstdSharp.Unsafe.ZSTD_ErrorCode.ZSTD_error_dstSize_tooSmall
                        ? $"member '{name}' is longer than its table entry says"
                        : $"member '{name}' does not decompress: {e.Message}");
                }
                break;
            default:
                throw new InvalidArchiveException($"member '{name}' uses unknown compression {(byte)compression}");
        }
        if (content.Length != fullLength)
        {
            throw new InvalidArchiveException($"member '{name}' has {content.Length} bytes, the table says {fullLength}");
        }
        if (System.IO.Hashing.Crc32.HashToUInt32(content) != crc32)
        {
            throw new InvalidArchiveException($"member '{name}' fails its checksum");
        }
        return content;
    }

    private static byte[] Allocate(byte[] stored, long fullLength, long maxRatio, string name)
    {
        if (fullLength < 0 || fullLength > Array.MaxLength || fullLength > (long)stored.Length * maxRatio + 1024)
        {
            throw new InvalidArchiveException($"member '{name}' claims {fullLength} bytes, more than its {stored.Length} stored bytes can hold");
        }
        return new byte[fullLength];
    }
}
