using Freeze.Archive;

namespace Freeze.UnitTests;

[TestClass]
public sealed class ModuleArchiveTests
{
    private static (MemoryStream Stream, long Start, long Length) Sample()
    {
        var stream = new MemoryStream();
        stream.Write(new byte[123]);
        long start = stream.Position;
        ModuleArchiveWriter.Write(stream,
            [("Zeta", new byte[5000]), ("Newtonsoft.Json", PackageFormatTests.RandomBytes(2000, 3)), ("Alpha", [])],
            MemberCompression.Zlib);
        long length = stream.Position - start;
        stream.Write(new byte[77]);
        return (stream, start, length);
    }

    [TestMethod]
    public void It_reads_assemblies_by_name_ignoring_case()
    {
        var (stream, start, length) = Sample();
        var reader = ModuleArchiveReader.Open(stream, start, length);

        CollectionAssert.AreEqual(new[] { "Alpha", "Newtonsoft.Json", "Zeta" }, reader.Entries.Select(e => e.Name).ToArray());
        CollectionAssert.AreEqual(PackageFormatTests.RandomBytes(2000, 3), reader.Read("newtonsoft.json"));
        Assert.AreEqual(5000, reader.Read("ZETA")!.Length);
        Assert.AreEqual(0, reader.Read("Alpha")!.Length);
        Assert.IsNull(reader.Read("Missing"));
    }

    [TestMethod]
    public void It_stores_incompressible_assemblies()
    {
        var (stream, start, length) = Sample();
        var entries = ModuleArchiveReader.Open(stream, start, length).Entries.ToDictionary(e => e.Name);
        Assert.AreEqual(MemberCompression.Stored, entries["Newtonsoft.Json"].Compression);
        Assert.AreEqual(MemberCompression.Zlib, entries["Zeta"].Compression);
    }

    [TestMethod]
    public void It_refuses_two_assemblies_with_one_name()
    {
        Assert.ThrowsException<ArgumentException>(() =>
            ModuleArchiveWriter.Write(new MemoryStream(), [("A", [1]), ("a", [2])], MemberCompression.Zlib));
    }

    [TestMethod]
    public void It_rejects_a_window_that_is_not_a_module_archive()
    {
        var (stream, start, length) = Sample();
        Assert.ThrowsException<InvalidArchiveException>(() => ModuleArchiveReader.Open(stream, start + 1, length - 1));
        Assert.ThrowsException<InvalidArchiveException>(() => ModuleArchiveReader.Open(stream, start, stream.Length));
    }

    [TestMethod]
    public void It_rejects_an_index_entry_pointing_outside()
    {
        var (stream, start, length) = Sample();
        byte[] bytes = stream.ToArray();
        long indexOffset = BitConverter.ToInt64(bytes, (int)start + 16);
        // First index entry's stored_length: make it run past the index start.
        BitConverter.GetBytes(long.MaxValue / 2).CopyTo(bytes, (int)(start + indexOffset + 16));
        Assert.ThrowsException<InvalidArchiveException>(() => ModuleArchiveReader.Open(new MemoryStream(bytes), start, length));
    }

    [TestMethod]
    public void It_rejects_a_member_that_inflates_to_more_than_its_table_entry_says()
    {
        var encoded = MemberCodec.Encode(new byte[4000], MemberCompression.Zlib);
        Assert.AreEqual(MemberCompression.Zlib, encoded.Compression);
        var error = Assert.ThrowsException<InvalidArchiveException>(() =>
            MemberCodec.Decode(encoded.Stored, MemberCompression.Zlib, 100, Crc32.Compute(new byte[100]), "Lib"));
        StringAssert.Contains(error.Message, "longer");
    }
}
