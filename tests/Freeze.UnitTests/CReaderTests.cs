using System.Globalization;
using Freeze.Archive;

namespace Freeze.UnitTests;

/// <summary>The bootloader's C reader (through frz-pkg-dump) and the C# reader agree on the same files.</summary>
[TestClass]
public sealed class CReaderTests
{
    private static string Dump => Path.Combine(Repo.BootloaderDir, "frz-pkg-dump");

    private string _dir = "";

    [TestInitialize]
    public void Setup()
    {
        if (!File.Exists(Dump))
        {
            Assert.Fail($"{Dump} is missing: run eng/build-bootloader.sh (eng/test.sh does).");
        }
        _dir = Directory.CreateTempSubdirectory("frz-creader-").FullName;
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void It_lists_the_same_entries_as_the_CSharp_reader()
    {
        string file = Write(PackageFormatTests.SamplePackage());
        var result = ProcessRunner.Run(Dump, [file]);
        Assert.AreEqual(0, result.ExitCode, result.ToString());

        using var reader = PackageReader.Open(file);
        var expected = reader.Entries.Select(e => string.Join(' ',
            e.TypeCode, (int)e.Compression, Convert.ToString(e.Mode, 8).PadLeft(4, '0'),
            e.Crc32.ToString("x8", CultureInfo.InvariantCulture), e.StoredLength, e.FullLength, e.Name));
        var listed = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("version", StringComparison.Ordinal));
        CollectionAssert.AreEqual(expected.ToArray(), listed.ToArray(), result.StdOut);
    }

    [TestMethod]
    public void It_extracts_the_same_bytes_and_modes()
    {
        string file = Write(PackageFormatTests.SamplePackage());
        string output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(output);
        var result = ProcessRunner.Run(Dump, [file, "--extract", output]);
        Assert.AreEqual(0, result.ExitCode, result.ToString());

        using var reader = PackageReader.Open(file);
        var extracted = reader.Entries.Where(e => PackageTypeCode.IsExtracted(e.TypeCode)).ToList();
        Assert.AreEqual(5, extracted.Count);
        Assert.IsTrue(extracted.Any(e => e.Compression == MemberCompression.Zstd), "a zstd member is among them");
        foreach (var entry in extracted)
        {
            string path = Path.Combine(output, entry.Name);
            CollectionAssert.AreEqual(reader.ReadMember(entry), File.ReadAllBytes(path), entry.Name);
            Assert.AreEqual(entry.Mode, (int)File.GetUnixFileMode(path), entry.Name);
        }
        Assert.IsFalse(File.Exists(Path.Combine(output, "modules.frz")), "the module archive is read in place, not extracted");
    }

    [TestMethod]
    public void It_finds_the_same_assemblies_in_the_module_archive_as_the_CSharp_reader()
    {
        string file = Write(PackageFormatTests.SamplePackage());
        var result = ProcessRunner.Run(Dump, [file, "--modules"]);
        Assert.AreEqual(0, result.ExitCode, result.ToString());

        using var reader = PackageReader.Open(file);
        var member = reader.Find("modules.frz")!;
        using var stream = File.OpenRead(file);
        long start = reader.GetFileOffset(member);
        var expected = ModuleArchiveReader.Open(stream, start, member.StoredLength).Entries
            .Select(e => $"{e.Crc32:x8} {start + e.Offset} {e.Length} {e.Name}");
        CollectionAssert.AreEqual(expected.ToArray(), result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries), result.StdOut);
    }

    [DataTestMethod]
    [DataRow("name")]
    [DataRow("checksum")]
    public void It_refuses_a_damaged_module_archive_like_the_CSharp_reader(string damage)
    {
        byte[] bytes = PackageFormatTests.SamplePackage();
        if (damage == "name")
        {
            Array.Copy("../A.dll"u8.ToArray(), 0, bytes, PackageFormatTests.IndexOf(bytes, "Lib.A.dll"u8.ToArray()), 8);
        }
        else
        {
            using var reader = PackageReader.Open(new MemoryStream(bytes));
            var member = reader.Find("modules.frz")!;
            long start = reader.GetFileOffset(member);
            bytes[start + ModuleArchiveReader.Open(new MemoryStream(bytes), start, member.StoredLength).Find("Lib.B.dll")!.Offset + 5] ^= 1;
        }
        string file = Write(bytes);

        var result = ProcessRunner.Run(Dump, [file, "--modules"]);
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdErr, damage == "name" ? "invalid entry" : "CRC-32");
        Assert.ThrowsException<InvalidArchiveException>(() =>
        {
            using var reader = PackageReader.Open(file);
            var member = reader.Find("modules.frz")!;
            using var stream = File.OpenRead(file);
            var archive = ModuleArchiveReader.Open(stream, reader.GetFileOffset(member), member.StoredLength);
            foreach (var entry in archive.Entries)
            {
                archive.Read(entry.Name);
            }
        });
    }

    [DataTestMethod]
    [DataRow("truncated")]
    [DataRow("bad-magic")]
    [DataRow("dotdot-name")]
    [DataRow("bad-checksum")]
    [DataRow("toc-past-end")]
    [DataRow("toc-checksum")]
    [DataRow("unknown-typecode")]
    [DataRow("corrupt-zlib")]
    [DataRow("corrupt-zstd")]
    [DataRow("unknown-compression")]
    public void It_rejects_a_malformed_package_like_the_CSharp_reader(string damage)
    {
        byte[] bytes = PackageFormatTests.SamplePackage();
        switch (damage)
        {
            case "truncated":
                bytes = bytes[..^3];
                break;
            case "bad-magic":
                bytes[^40] ^= 0x20;
                break;
            case "dotdot-name":
                // Same length as "empty.json", so nothing shifts: a reader that followed it would write _dir/xx.json.
                Array.Copy("../xx.json"u8.ToArray(), 0, bytes, PackageFormatTests.IndexOf(bytes, "empty.json"u8.ToArray()), 10);
                PackageFormatTests.FixTocChecksum(bytes);
                break;
            case "bad-checksum":
                bytes[PackageFormatTests.IndexOf(bytes, "héllo"u8.ToArray())] ^= 1;
                break;
            case "toc-past-end":
                BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, bytes.Length - 8);
                break;
            case "toc-checksum":
                bytes[PackageFormatTests.IndexOf(bytes, "empty.json"u8.ToArray())] ^= 0x20;
                break;
            case "unknown-typecode":
                int entry = PackageFormatTests.IndexOf(bytes, "empty.json"u8.ToArray()) - PackageFormat.EntryHeaderSize;
                bytes[entry + 37] = (byte)'q';
                PackageFormatTests.FixTocChecksum(bytes);
                break;
            case "corrupt-zlib" or "corrupt-zstd":
                using (var reader = PackageReader.Open(new MemoryStream(bytes)))
                {
                    var member = reader.Find(damage == "corrupt-zlib" ? "App.dll" : "lib/zstd.txt")!;
                    for (long i = reader.GetFileOffset(member) + 6; i < reader.GetFileOffset(member) + 12; i++)
                    {
                        bytes[i] ^= 0x5A;
                    }
                }
                break;
            case "unknown-compression":
                int zstd = PackageFormatTests.IndexOf(bytes, "lib/zstd.txt"u8.ToArray()) - PackageFormat.EntryHeaderSize;
                bytes[zstd + 36] = 3;
                PackageFormatTests.FixTocChecksum(bytes);
                break;
        }
        string file = Write(bytes);
        string output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(output);

        var result = ProcessRunner.Run(Dump, [file, "--extract", output]);
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.StdErr, "frz-pkg-dump: error: ");
        if (damage is "corrupt-zlib" or "corrupt-zstd")
        {
            StringAssert.Matches(result.StdErr, new System.Text.RegularExpressions.Regex(@"member '[^']+' (is corrupt \(not a complete z(lib|std) stream\)|fails its CRC-32 check|is longer than)"), "one message for every codec");
        }
        Assert.AreEqual(1, result.StdErr.Trim().Split('\n').Length, result.StdErr);
        CollectionAssert.AreEquivalent(new[] { file, output }, Directory.GetFileSystemEntries(_dir), "nothing is written outside the folder");

        Assert.ThrowsException<InvalidArchiveException>(() =>
        {
            using var reader = PackageReader.Open(file);
            foreach (var entry in reader.Entries.Where(e => PackageTypeCode.IsExtracted(e.TypeCode)))
            {
                reader.ReadMember(entry);
            }
        });
    }

    private string Write(byte[] bytes)
    {
        string file = Path.Combine(_dir, "package.bin");
        File.WriteAllBytes(file, bytes);
        return file;
    }
}
