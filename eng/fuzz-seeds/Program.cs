using System.Text;
using Freeze;
using Freeze.Archive;

// Small packages for the fuzzer: every typecode, stored, zlib and zstd members, a nested folder, symbolic
// links, options and a module archive, written by PackageWriter and ModuleArchiveWriter as the build does.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: FuzzSeeds DIR");
    return 2;
}
Directory.CreateDirectory(args[0]);

Write("seed-full", "\u007fELF stand-in bootloader\n", (output, package) =>
{
    package.AddMember("App.dll", PackageTypeCode.Assembly, Bytes("MZ compressible compressible compressible compressible text"), 0b110_100_100, MemberCompression.Zlib);
    package.AddMember("lib/libnative.so", PackageTypeCode.Binary, Bytes("\u007fELF native"), 0b111_101_101, MemberCompression.Stored);
    package.AddMember("data/config.json", PackageTypeCode.Data, Bytes("{ \"key\": \"value\", \"key2\": \"value\" }"), 0b110_100_100, MemberCompression.Zlib);
    package.AddMember("data/notes.txt", PackageTypeCode.Data, Bytes("zstd zstd zstd zstd zstd zstd zstd zstd zstd zstd zstd zstd"), 0b110_100_100, MemberCompression.Zstd);
    package.AddMember("lib/current", PackageTypeCode.Symlink, Bytes("libnative.so"), 0b111_111_111, MemberCompression.Stored);
    package.AddMember("data/up", PackageTypeCode.Symlink, Bytes("../App.dll"), 0b111_111_111, MemberCompression.Stored);
    using var modules = new MemoryStream();
    ModuleArchiveWriter.Write(modules, [("Lib.dll", Bytes("MZlibdat"))], output.Position);
    package.AddMember("modules.frz", PackageTypeCode.ModuleArchive, modules.ToArray(), 0b110_100_100, MemberCompression.Stored);
    package.AddOption(FreezeContract.Option.Mode, FreezeContract.Value.OneFile);
    package.AddOption(FreezeContract.Option.MainAssembly, "App.dll");
    package.AddOption(FreezeContract.Option.ModuleArchive, "modules.frz");
});
Write("seed-small", "", (_, package) => package.AddMember("a", PackageTypeCode.Data, Bytes("x"), 0b110_100_100, MemberCompression.Stored));
Write("seed-empty", "", (_, _) => { });
return 0;

static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

void Write(string name, string prefix, Action<Stream, PackageWriter> members)
{
    using var output = File.Create(Path.Combine(args[0], name));
    output.Write(Bytes(prefix));
    var package = new PackageWriter(output);
    members(output, package);
    package.Finish();
}
