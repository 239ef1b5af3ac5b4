using System.IO.Compression;

namespace Freeze.Archive;

public enum MemberCompression : byte
{
    Stored = 0,
    Zlib = 1,
}

/// <summary>A member ready to be written: its stored bytes and what a reader needs to restore it.</summary>
public readonly record struct EncodedMember(byte[] Stored, MemberCompression Compression, uint Crc32, long FullLength);

/// <summary>Compresses and decompresses members; a member is stored when zlib saves less than 10 %.</summary>
public static class MemberCodec
{
    /// <summary>Deflate expands at most about 1032:1; a table claiming more is damaged.</summary>
    private const long MaxDeflateRatio = 1032;

    public static EncodedMember Encode(byte[] content, MemberCompression requested)
    {
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(content);
        if (requested == MemberCompression.Stored || content.Length == 0)
        {
            return new EncodedMember(content, MemberCompression.Stored, crc, content.Length);
        }
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(content);
        }
        return buffer.Length <= content.Length - content.Length / 10
            ? new EncodedMember(buffer.ToArray(), MemberCompression.Zlib, crc, content.Length)
            : new EncodedMember(content, MemberCompression.Stored, crc, content.Length);
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
                if (fullLength < 0 || fullLength > Array.MaxLength || fullLength > (long)stored.Length * MaxDeflateRatio + 64)
                {
                    throw new InvalidArchiveException($"member '{name}' claims {fullLength} bytes, more than its {stored.Length} stored bytes can hold");
                }
                content = new byte[fullLength];
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
}
