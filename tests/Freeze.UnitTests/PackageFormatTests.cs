using System.Text;
using Freeze.Archive;

namespace Freeze.UnitTests;

[TestClass]
public sealed class PackageFormatTests
{
    internal static readonly byte[] FakeBootloader = Encoding.ASCII.GetBytes("\u007fELF not really a bootloader\n");

    /// <summary>A package with every kind of member; the C reader tests read the same bytes.</summary>
    internal static byte[] SamplePackage()
    {
        using var stream = new MemoryStream();
        stream.Write(FakeBootloader);
        var writer = new PackageWriter(stream);
        writer.AddMember("App.dll", PackageTypeCode.Assembly, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible text ", 500))), 0b110_100_100, MemberCompression.Zlib);
        writer.AddMember("libnative.so", PackageTypeCode.Binary, RandomBytes(4096, seed: 1), 0b111_101_101, MemberCompression.Zlib);
        writer.AddMember("data/ünïcødé name.txt", PackageTypeCode.Data, Encoding.UTF8.GetBytes("héllo\n"), 0b110_100_100, MemberCompression.Stored);
        writer.AddMember("empty.json", PackageTypeCode.Data, [], 0b110_100_100, MemberCompression.Zlib);
        writer.AddMember("lib/zstd.txt", PackageTypeCode.Data, ZstdText, 0b110_100_100, MemberCompression.Zstd);
        using (var modules = new MemoryStream())
        {
            ModuleArchiveWriter.Write(modules, [("Lib.A.dll", RandomBytes(100, 2)), ("Lib.B.dll", new byte[3000])], stream.Position);
            writer.AddMember("modules.frz", PackageTypeCode.ModuleArchive, modules.ToArray(), 0b110_100_100, MemberCompression.Stored);
        }
        writer.AddOption("mode", "onefile");
        writer.AddOption("runtime-tmpdir", "../not/a/path");
        writer.Finish();
        return stream.ToArray();
    }

    /// <summary>The content of the sample's zstd member.</summary>
    internal static readonly byte[] ZstdText = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"zstd line {i % 37}\n")));

    internal static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [TestMethod]
    public void It_reads_back_every_member_and_option()
    {
        byte[] file = SamplePackage();
        using var reader = PackageReader.Open(new MemoryStream(file));

        Assert.AreEqual(FakeBootloader.Length, reader.PackageStart);
        CollectionAssert.AreEqual(
            new[] { "App.dll", "libnative.so", "data/ünïcødé name.txt", "empty.json", "lib/zstd.txt", "modules.frz", "mode=onefile", "runtime-tmpdir=../not/a/path" },
            reader.Entries.Select(e => e.Name).ToArray());
        Assert.AreEqual("héllo\n", Encoding.UTF8.GetString(reader.ReadMember(reader.Find("data/ünïcødé name.txt")!)));
        Assert.AreEqual(0, reader.ReadMember(reader.Find("empty.json")!).Length);
        CollectionAssert.AreEqual(ZstdText, reader.ReadMember(reader.Find("lib/zstd.txt")!));
        Assert.AreEqual("onefile", reader.GetOption("mode"));
        Assert.AreEqual("../not/a/path", reader.GetOption("runtime-tmpdir"));
        Assert.IsNull(reader.GetOption("absent"));
    }

    [TestMethod]
    public void It_compresses_only_when_it_pays()
    {
        using var reader = PackageReader.Open(new MemoryStream(SamplePackage()));
        var text = reader.Find("App.dll")!;
        var random = reader.Find("libnative.so")!;
        Assert.AreEqual(MemberCompression.Zlib, text.Compression);
        Assert.IsTrue(text.StoredLength < text.FullLength / 10);
        Assert.AreEqual(MemberCompression.Stored, random.Compression);
        Assert.AreEqual(random.FullLength, random.StoredLength);
        Assert.AreEqual(0b111_101_101, random.Mode);
        var zstd = reader.Find("lib/zstd.txt")!;
        Assert.AreEqual(MemberCompression.Zstd, zstd.Compression);
        Assert.IsTrue(zstd.StoredLength < zstd.FullLength / 10);
        Assert.AreEqual(MemberCompression.Stored, MemberCodec.Encode(RandomBytes(4096, seed: 1), MemberCompression.Zstd).Compression);
    }

    [DataTestMethod]
    [DataRow(MemberCompression.Zlib, 1)]
    [DataRow(MemberCompression.Zlib, 9)]
    [DataRow(MemberCompression.Zstd, 1)]
    [DataRow(MemberCompression.Zstd, 3)]
    [DataRow(MemberCompression.Zstd, 19)]
    [DataRow(MemberCompression.Zstd, 22)]
    public void It_round_trips_every_codec_and_level(MemberCompression codec, int level)
    {
        byte[] content = [.. ZstdText, .. RandomBytes(3000, seed: level), .. ZstdText];
        var encoded = MemberCodec.Encode(content, codec, level);
        Assert.AreEqual(codec, encoded.Compression);
        Assert.IsTrue(encoded.Stored.Length < content.Length / 2, $"{encoded.Stored.Length} of {content.Length}");
        CollectionAssert.AreEqual(content, MemberCodec.Decode(encoded.Stored, codec, content.Length, encoded.Crc32, "m"));
        CollectionAssert.AreEqual(encoded.Stored, MemberCodec.Encode(content, codec, level).Stored, "deterministic");
        Assert.ThrowsException<ArgumentOutOfRangeException>(() => MemberCodec.Encode(content, codec, 23));
    }

    [TestMethod]
    public void It_gives_the_same_error_for_a_corrupt_zstd_member_as_for_a_corrupt_zlib_member()
    {
        byte[] content = ZstdText;
        foreach (var codec in new[] { MemberCompression.Zlib, MemberCompression.Zstd })
        {
            var encoded = MemberCodec.Encode(content, codec);
            byte[] damaged = (byte[])encoded.Stored.Clone();
            for (int i = damaged.Length / 3; i < damaged.Length / 3 + 8; i++)
            {
                damaged[i] ^= 0x5A;
            }
            var error = Assert.ThrowsException<InvalidArchiveException>(() => MemberCodec.Decode(damaged, codec, content.Length, encoded.Crc32, "m"), codec.ToString());
            StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex("^member 'm' (does not decompress|fails its checksum|is longer|has )"), codec.ToString());
            var longer = Assert.ThrowsException<InvalidArchiveException>(() => MemberCodec.Decode(encoded.Stored, codec, content.Length - 1, encoded.Crc32, "m"), codec.ToString());
            StringAssert.Contains(longer.Message, "longer", codec.ToString());
            var implausible = Assert.ThrowsException<InvalidArchiveException>(() => MemberCodec.Decode(encoded.Stored, codec, 40_000L * encoded.Stored.Length, encoded.Crc32, "m"), codec.ToString());
            StringAssert.Contains(implausible.Message, "claims", codec.ToString());
        }
    }

    [TestMethod]
    public void It_is_deterministic()
    {
        CollectionAssert.AreEqual(SamplePackage(), SamplePackage());
    }

    [TestMethod]
    public void It_detects_a_corrupted_member()
    {
        byte[] file = SamplePackage();
        PackageEntry entry;
        using (var reader = PackageReader.Open(new MemoryStream(file)))
        {
            entry = reader.Find("data/ünïcødé name.txt")!;
            file[reader.GetFileOffset(entry)] ^= 0xFF;
        }
        using var corrupted = PackageReader.Open(new MemoryStream(file));
        var error = Assert.ThrowsException<InvalidArchiveException>(() => corrupted.ReadMember(entry));
        StringAssert.Contains(error.Message, "checksum");
    }

    [TestMethod]
    public void It_rejects_a_file_without_a_package()
    {
        var error = Assert.ThrowsException<InvalidArchiveException>(() => PackageReader.Open(new MemoryStream(new byte[1000])));
        StringAssert.Contains(error.Message, "magic");
        Assert.ThrowsException<InvalidArchiveException>(() => PackageReader.Open(new MemoryStream(new byte[10])));
    }

    [TestMethod]
    public void It_rejects_a_truncated_package()
    {
        byte[] file = SamplePackage();
        byte[] truncated = file[200..];
        Assert.ThrowsException<InvalidArchiveException>(() => PackageReader.Open(new MemoryStream(truncated)));
    }

    [TestMethod]
    public void It_rejects_a_member_name_that_escapes_the_folder()
    {
        byte[] file = SamplePackage();
        int at = IndexOf(file, Encoding.UTF8.GetBytes("empty.json"));
        Encoding.ASCII.GetBytes("../../x.j").CopyTo(file, at);
        Assert.ThrowsException<InvalidArchiveException>(() => PackageReader.Open(new MemoryStream(file)), "the TOC checksum catches it first");
        FixTocChecksum(file);
        var error = Assert.ThrowsException<InvalidArchiveException>(() => PackageReader.Open(new MemoryStream(file)));
        StringAssert.Contains(error.Message, "invalid member name");
    }

    [TestMethod]
    public void It_checks_the_table_of_contents_as_a_whole_and_refuses_unknown_typecodes()
    {
        byte[] file = SamplePackage();
        file[IndexOf(file, Encoding.UTF8.GetBytes("libnative.so"))] ^= 0x01;
        var damaged = Assert.ThrowsException<InvalidArchiveException>(() => PackageReader.Open(new MemoryStream(file)));
        StringAssert.Contains(damaged.Message, "checksum");

        file = SamplePackage();
        file[IndexOf(file, Encoding.UTF8.GetBytes("libnative.so")) - PackageFormat.EntryHeaderSize + 37] = (byte)'q';
        FixTocChecksum(file);
        var unknown = Assert.ThrowsException<InvalidArchiveException>(() => PackageReader.Open(new MemoryStream(file)));
        StringAssert.Contains(unknown.Message, "unknown typecode 'q'");
    }

    [DataTestMethod]
    [DataRow("")]
    [DataRow("/etc/passwd")]
    [DataRow("a/../b")]
    [DataRow("a//b")]
    [DataRow("./a")]
    [DataRow("a\\b")]
    public void It_refuses_to_write_an_invalid_name(string name)
    {
        var writer = new PackageWriter(new MemoryStream());
        Assert.ThrowsException<ArgumentException>(() => writer.AddMember(name, PackageTypeCode.Data, [1], 0b110_100_100, MemberCompression.Stored));
    }

    [TestMethod]
    public void It_refuses_two_members_with_one_name()
    {
        var writer = new PackageWriter(new MemoryStream());
        writer.AddMember("a", PackageTypeCode.Data, [1], 0b110_100_100, MemberCompression.Stored);
        Assert.ThrowsException<ArgumentException>(() => writer.AddMember("a", PackageTypeCode.Data, [2], 0b110_100_100, MemberCompression.Stored));
    }

    [TestMethod]
    public void It_rejects_a_member_that_inflates_to_more_than_its_table_entry_says()
    {
        var encoded = MemberCodec.Encode(new byte[4000], MemberCompression.Zlib);
        Assert.AreEqual(MemberCompression.Zlib, encoded.Compression);
        var error = Assert.ThrowsException<InvalidArchiveException>(() =>
            MemberCodec.Decode(encoded.Stored, MemberCompression.Zlib, 100, System.IO.Hashing.Crc32.HashToUInt32(new byte[100]), "Lib"));
        StringAssert.Contains(error.Message, "longer");
    }

    internal static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    /// <summary>Recomputes the TOC checksum of a package changed by a test, so the reader gets past it to the damage under test.</summary>
    internal static void FixTocChecksum(byte[] bytes)
    {
        int tocLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var cookie = bytes.AsSpan(bytes.Length - PackageFormat.CookieSize);
        uint checksum = PackageCookie.ComputeTocCrc32(bytes.AsSpan(bytes.Length - PackageFormat.CookieSize - tocLength, tocLength), cookie);
        BitConverter.GetBytes(checksum).CopyTo(cookie[PackageCookie.TocCrc32Offset..]);
    }
}
