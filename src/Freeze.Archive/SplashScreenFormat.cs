using System.Buffers.Binary;
using System.Text;

namespace Freeze.Archive;

/// <summary>
/// The splash screen member (docs/splash.md): the image decoded at build time, so the bootloader needs no
/// image decoder. Little-endian, <see cref="FreezeContract.Splash.HeaderSize"/> bytes of header, then
/// width × height pixels of 4 bytes (B, G, R, 255; rows top to bottom, alpha already blended), then the
/// initial text (UTF-8).
/// <code>
///  0  8  magic "FRZSPLSH"      20  4  text y (baseline)   32  4  text length in bytes
///  8  4  width                 24  4  text colour 0xRRGGBB 36  4  reserved (0)
/// 12  4  height                28  4  font pixel size     40  …  pixels, then the text
/// 16  4  text x
/// </code>
/// </summary>
public sealed record SplashScreen(int Width, int Height, byte[] Pixels, int TextX, int TextY, int TextColor, int TextSize, string Text)
{
    /// <summary>Name of the package member; the <see cref="FreezeContract.Option.SplashImage"/> option names it.</summary>
    public const string MemberName = "_freeze_splash.bin";

    public byte[] ToBytes()
    {
        byte[] text = Encoding.UTF8.GetBytes(Text);
        var bytes = new byte[FreezeContract.Splash.HeaderSize + Pixels.Length + text.Length];
        var span = bytes.AsSpan();
        Encoding.ASCII.GetBytes(FreezeContract.Splash.Magic, span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Width);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], Height);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], TextX);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], TextY);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], TextColor);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], TextSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[32..], text.Length);
        Pixels.CopyTo(span[FreezeContract.Splash.HeaderSize..]);
        text.CopyTo(span[(FreezeContract.Splash.HeaderSize + Pixels.Length)..]);
        return bytes;
    }

    /// <summary>Reads a member as the bootloader does (frz_splash_parse_header): the same checks.</summary>
    public static SplashScreen Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < FreezeContract.Splash.HeaderSize || Encoding.ASCII.GetString(bytes[..8]) != FreezeContract.Splash.Magic)
        {
            throw new InvalidArchiveException("the splash member has no FRZSPLSH header");
        }
        int width = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        int height = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        int textLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[32..]);
        if (width is < 1 or > FreezeContract.Splash.MaxSide || height is < 1 or > FreezeContract.Splash.MaxSide ||
            textLength is < 0 or > FreezeContract.Splash.MaxText ||
            bytes.Length != FreezeContract.Splash.HeaderSize + (long)width * height * 4 + textLength)
        {
            throw new InvalidArchiveException($"the splash member's sizes do not add up ({width}x{height}, text {textLength} bytes, {bytes.Length} bytes in all)");
        }
        int pixels = width * height * 4;
        return new SplashScreen(width, height, bytes.Slice(FreezeContract.Splash.HeaderSize, pixels).ToArray(),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]), BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]) & 0xFFFFFF, BinaryPrimitives.ReadInt32LittleEndian(bytes[28..]),
            Encoding.UTF8.GetString(bytes.Slice(FreezeContract.Splash.HeaderSize + pixels, textLength)));
    }
}
