using Freeze.Archive;
using StbImageSharp;

namespace Freeze.Analysis;

/// <summary>FreezeSplashImage and the FreezeSplashText* properties into the <see cref="SplashScreen"/> member.</summary>
public static class SplashScreenBuilder
{
    public static SplashScreen FromFile(string imageFile, string? text, string? position, string? color, string? size)
    {
        var image = Decode(imageFile);
        var (x, y) = FreezeSettings.ParseSplashTextPosition(position, image.Width, image.Height);
        return new SplashScreen(image.Width, image.Height, ToOpaqueBgrx(image.Data), x, y,
            FreezeSettings.ParseSplashTextColor(color), FreezeSettings.ParseSplashTextSize(size), FreezeSettings.ParseSplashText(text));
    }

    /// <summary>The image as RGBA, or FRZ0020/FRZ0021 naming the file.</summary>
    internal static ImageResult Decode(string imageFile)
    {
        var image = Read(imageFile, stream => ImageResult.FromStream(stream, ColorComponents.RedGreenBlueAlpha));
        CheckSize(imageFile, image.Width, image.Height);
        return image;
    }

    /// <summary>The image's size from its header alone, or FRZ0020/FRZ0021 naming the file: what the settings
    /// check needs on every build, without decoding the pixels.</summary>
    internal static (int Width, int Height) ReadSize(string imageFile)
    {
        var info = Read(imageFile, stream => ImageInfo.FromStream(stream) ?? throw new InvalidOperationException("not an image of a format Freeze reads"));
        CheckSize(imageFile, info.Width, info.Height);
        return (info.Width, info.Height);
    }

    private static T Read<T>(string imageFile, Func<Stream, T> read)
    {
        try
        {
            using var stream = File.OpenRead(imageFile);
            return read(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            throw new FreezeException(FreezeDiagnostics.SplashImageUnreadable, imageFile, e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // StbImageSharp reports a corrupt image with exceptions of its own choosing.
            throw new FreezeException(FreezeDiagnostics.SplashImageUnreadable, imageFile, e.Message);
        }
    }

    private static void CheckSize(string imageFile, int width, int height)
    {
        if (width > FreezeContract.Splash.MaxSide || height > FreezeContract.Splash.MaxSide)
        {
            throw new FreezeException(FreezeDiagnostics.SplashImageTooLarge, imageFile, width, height, FreezeContract.Splash.MaxSide);
        }
    }

    /// <summary>RGBA to B, G, R, 255, blended onto white: the window is opaque.</summary>
    internal static byte[] ToOpaqueBgrx(byte[] rgba)
    {
        var bgrx = new byte[rgba.Length];
        for (int i = 0; i < rgba.Length; i += 4)
        {
            int alpha = rgba[i + 3];
            bgrx[i] = Blend(rgba[i + 2], alpha);
            bgrx[i + 1] = Blend(rgba[i + 1], alpha);
            bgrx[i + 2] = Blend(rgba[i], alpha);
            bgrx[i + 3] = 255;
        }
        return bgrx;
    }

    private static byte Blend(int value, int alpha) => (byte)((value * alpha + 255 * (255 - alpha) + 127) / 255);
}
