using System.Text;
using Freeze.Archive;

namespace Freeze.Tools.Tests;

/// <summary>Archives written by the real writers, with every kind of member.</summary>
internal static class SampleArchives
{
    public static readonly byte[] FakeBootloader = Encoding.ASCII.GetBytes("\u007fELF a stand-in for the bootloader\n");

    public static byte[] LibA { get; } = RandomBytes(700, seed: 2);

    public static byte[] ModuleArchive()
    {
        using var modules = new MemoryStream();
        ModuleArchiveWriter.Write(modules, [("Lib.A.dll", LibA), ("Lib.B.dll", new byte[3000])], fileOffset: 0);
        return modules.ToArray();
    }

    public static byte[] Executable(bool withBootloader = true)
    {
        using var stream = new MemoryStream();
        if (withBootloader)
        {
            stream.Write(FakeBootloader);
        }
        var writer = new PackageWriter(stream);
        writer.AddMember("App.dll", PackageTypeCode.Assembly, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible text ", 300))), 0b110_100_100, MemberCompression.Zlib);
        writer.AddMember("libnative.so", PackageTypeCode.Binary, RandomBytes(2048, seed: 1), 0b111_101_101, MemberCompression.Zlib);
        writer.AddMember("data/notes.txt", PackageTypeCode.Data, Encoding.UTF8.GetBytes("hello\n"), 0b110_100_100, MemberCompression.Stored);
        writer.AddMember("modules.frz", PackageTypeCode.ModuleArchive, ModuleArchive(), 0b110_100_100, MemberCompression.Stored);
        writer.AddOption("mode", "onefile");
        writer.AddOption("module-archive", "modules.frz");
        writer.Finish();
        return stream.ToArray();
    }

    /// <summary>A package with link members, one pointing up a folder.</summary>
    public static byte[] WithLinks()
    {
        using var stream = new MemoryStream();
        var writer = new PackageWriter(stream);
        writer.AddMember("lib/libx.so.1", PackageTypeCode.Binary, RandomBytes(300, seed: 3), 0b111_101_101, MemberCompression.Zlib);
        writer.AddMember("lib/libx.so", PackageTypeCode.Symlink, Encoding.UTF8.GetBytes("libx.so.1"), 0b111_111_111, MemberCompression.Stored);
        writer.AddMember("lib/sub/up", PackageTypeCode.Symlink, Encoding.UTF8.GetBytes("../../App.dll"), 0b111_111_111, MemberCompression.Stored);
        writer.AddMember("App.dll", PackageTypeCode.Assembly, Encoding.UTF8.GetBytes("assembly"), 0b110_100_100, MemberCompression.Stored);
        writer.Finish();
        return stream.ToArray();
    }

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
