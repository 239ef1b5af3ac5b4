using Freeze.Archive;

namespace Freeze.UnitTests;

[TestClass]
public sealed class ModuleArchiveTests
{
    /// <summary>A module archive behind 123 bytes of something else, as inside an executable.</summary>
    private static (MemoryStream Stream, long Start, long Length) Sample()
    {
        var stream = new MemoryStream();
        stream.Write(new byte[123]);
        long start = stream.Position;
        ModuleArchiveWriter.Write(stream,
            [("Zeta.dll", new byte[5000]), ("Newtonsoft.Json.dll", PackageFormatTests.RandomBytes(2000, 3)), ("Alpha.dll", [])],
            fileOffset: start);
        long length = stream.Position - start;
        stream.Write(new byte[77]);
        return (stream, start, length);
    }

    [TestMethod]
    public void It_reads_assemblies_by_file_name_ignoring_case()
    {
        var (stream, start, length) = Sample();
        var reader = ModuleArchiveReader.Open(stream, start, length);

        CollectionAssert.AreEqual(new[] { "Alpha.dll", "Newtonsoft.Json.dll", "Zeta.dll" }, reader.Entries.Select(e => e.Name).ToArray());
        CollectionAssert.AreEqual(PackageFormatTests.RandomBytes(2000, 3), reader.Read("newtonsoft.json.DLL"));
        Assert.AreEqual(5000, reader.Read("ZETA.dll")!.Length);
        Assert.AreEqual(0, reader.Read("Alpha.dll")!.Length);
        Assert.IsNull(reader.Read("Missing.dll"));
    }

    [TestMethod]
    public void It_stores_every_assembly_at_a_page_offset_of_the_file()
    {
        var (stream, start, length) = Sample();
        foreach (var entry in ModuleArchiveReader.Open(stream, start, length).Entries)
        {
            Assert.AreEqual(0, (start + entry.Offset) % ModuleArchiveFormat.Alignment, entry.Name);
        }
    }

    [TestMethod]
    public void It_refuses_two_assemblies_with_one_name_and_names_that_leave_the_folder()
    {
        Assert.ThrowsException<ArgumentException>(() => ModuleArchiveWriter.Write(new MemoryStream(), [("A.dll", [1]), ("a.DLL", [2])], 0));
        Assert.ThrowsException<ArgumentException>(() => ModuleArchiveWriter.Write(new MemoryStream(), [("../A.dll", [1])], 0));
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
        // First index entry's length: make it run past the index start.
        BitConverter.GetBytes(long.MaxValue / 2).CopyTo(bytes, (int)(start + indexOffset + 16));
        Assert.ThrowsException<InvalidArchiveException>(() => ModuleArchiveReader.Open(new MemoryStream(bytes), start, length));
    }

    [TestMethod]
    public void It_rejects_an_assembly_that_fails_its_checksum()
    {
        var (stream, start, length) = Sample();
        var entry = ModuleArchiveReader.Open(stream, start, length).Find("Zeta.dll")!;
        byte[] bytes = stream.ToArray();
        bytes[start + entry.Offset + 10] ^= 1;
        var error = Assert.ThrowsException<InvalidArchiveException>(() => ModuleArchiveReader.Open(new MemoryStream(bytes), start, length).Read("Zeta.dll"));
        StringAssert.Contains(error.Message, "checksum");
    }
}
