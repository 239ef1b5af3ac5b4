using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Freeze.Analysis;
using Freeze.Archive;
using Freeze.Sdk.Tasks;

namespace Freeze.UnitTests;

/// <summary>The splash member's format, the FreezeSplash* settings, and the member GenerateFreezeExecutable writes (CheckFreezeSettingsTests: the check before publish).</summary>
[TestClass]
public sealed class SplashScreenTests
{
    private string _dir = "";
    private readonly FakeBuildEngine _engine = new();

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("frz-splash-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void It_lays_out_the_member_as_docs_say_and_reads_it_back()
    {
        var splash = new SplashScreen(2, 1, [1, 2, 3, 255, 4, 5, 6, 255], 5, 7, 0x112233, 12, "Hé");
        byte[] bytes = splash.ToBytes();

        Assert.AreEqual(FreezeContract.Splash.HeaderSize + 8 + 3, bytes.Length, "header, 2x1x4 pixel bytes, 3 bytes of UTF-8");
        Assert.AreEqual("FRZSPLSH", Encoding.ASCII.GetString(bytes, 0, 8));
        CollectionAssert.AreEqual(new[] { 2, 1, 5, 7, 0x112233, 12, 3, 0 },
            Enumerable.Range(0, 8).Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8 + i * 4))).ToArray());
        CollectionAssert.AreEqual(splash.Pixels, bytes[40..48]);
        Assert.AreEqual("Hé", Encoding.UTF8.GetString(bytes, 48, 3));

        var read = SplashScreen.Read(bytes);
        Assert.AreEqual(splash with { Pixels = read.Pixels }, read);
        CollectionAssert.AreEqual(splash.Pixels, read.Pixels);
    }

    [TestMethod]
    public void It_refuses_a_member_whose_sizes_do_not_add_up()
    {
        byte[] bytes = new SplashScreen(2, 1, new byte[8], 0, 0, 0, 12, "").ToBytes();
        Assert.ThrowsException<InvalidArchiveException>(() => SplashScreen.Read(bytes[..^1]));
        Assert.ThrowsException<InvalidArchiveException>(() => SplashScreen.Read(bytes[..39]));
        bytes[0] = (byte)'X';
        Assert.ThrowsException<InvalidArchiveException>(() => SplashScreen.Read(bytes));
    }

    [TestMethod]
    public void It_decodes_a_PNG_with_alpha_onto_white_as_BGRX()
    {
        // Opaque red, half-transparent blue, fully transparent black.
        string png = Path.Combine(_dir, "splash.png");
        File.WriteAllBytes(png, Png(3, 1, [255, 0, 0, 255, 0, 0, 255, 128, 0, 0, 0, 0]));

        var splash = SplashScreenBuilder.FromFile(png, null, null, null, null);

        Assert.AreEqual((3, 1), (splash.Width, splash.Height));
        CollectionAssert.AreEqual(new byte[] { 0, 0, 255, 255, 255, 127, 127, 255, 255, 255, 255, 255 }, splash.Pixels);
        Assert.AreEqual((2, 0), (splash.TextX, splash.TextY), "the default position keeps inside a tiny image");
        Assert.AreEqual((0x000000, 12, ""), (splash.TextColor, splash.TextSize, splash.Text), "black, 12 pixels, no text");
    }

    [TestMethod]
    public void It_decodes_a_BMP_too()
    {
        string bmp = Path.Combine(_dir, "splash.bmp");
        File.WriteAllBytes(bmp, Bmp24(0x10, 0x20, 0x30));
        var splash = SplashScreenBuilder.FromFile(bmp, "Loading", "0,0", "white", "20");
        CollectionAssert.AreEqual(new byte[] { 0x30, 0x20, 0x10, 255 }, splash.Pixels);
        Assert.AreEqual((0, 0, 0xFFFFFF, 20, "Loading"), (splash.TextX, splash.TextY, splash.TextColor, splash.TextSize, splash.Text));
    }

    [TestMethod]
    public void It_names_the_file_that_is_missing_or_not_an_image()
    {
        string missing = Path.Combine(_dir, "missing.png");
        var e = Assert.ThrowsException<FreezeException>(() => SplashScreenBuilder.FromFile(missing, null, null, null, null));
        Assert.AreEqual("FRZ0020", e.Code);
        StringAssert.Contains(e.Message, missing);
        StringAssert.Contains(e.Message, "does not exist");

        string text = Path.Combine(_dir, "notes.png");
        File.WriteAllText(text, "not a picture");
        e = Assert.ThrowsException<FreezeException>(() => SplashScreenBuilder.FromFile(text, null, null, null, null));
        Assert.AreEqual("FRZ0020", e.Code);
        StringAssert.Contains(e.Message, text);
    }

    [DataTestMethod]
    [DataRow(null, 10, 290)]
    [DataRow("", 10, 290)]
    [DataRow("0,0", 0, 0)]
    [DataRow(" 399 , 299 ", 399, 299)]
    public void It_reads_the_text_position(string? value, int x, int y) =>
        Assert.AreEqual((x, y), FreezeSettings.ParseSplashTextPosition(value, 400, 300));

    [DataTestMethod]
    [DataRow("10")]
    [DataRow("10,20,30")]
    [DataRow("-1,5")]
    [DataRow("400,5")]
    [DataRow("5,300")]
    [DataRow("a,b")]
    public void It_refuses_a_text_position_outside_the_image(string value)
    {
        var e = Assert.ThrowsException<FreezeException>(() => FreezeSettings.ParseSplashTextPosition(value, 400, 300));
        Assert.AreEqual("FRZ0022", e.Code);
        StringAssert.Contains(e.Message, "FreezeSplashTextPosition");
    }

    [DataTestMethod]
    [DataRow(null, 0x000000)]
    [DataRow("#FF8000", 0xFF8000)]
    [DataRow("#ff8000", 0xFF8000)]
    [DataRow("White", 0xFFFFFF)]
    [DataRow("gray", 0x808080)]
    public void It_reads_the_text_colour(string? value, int rgb) => Assert.AreEqual(rgb, FreezeSettings.ParseSplashTextColor(value));

    [DataTestMethod]
    [DataRow("FF8000")]
    [DataRow("#FF80")]
    [DataRow("#GG0000")]
    [DataRow("mauve")]
    public void It_refuses_a_colour_it_cannot_read(string value) =>
        Assert.AreEqual("FRZ0022", Assert.ThrowsException<FreezeException>(() => FreezeSettings.ParseSplashTextColor(value)).Code);

    [DataTestMethod]
    [DataRow(null, 12)]
    [DataRow("6", 6)]
    [DataRow("200", 200)]
    public void It_reads_the_font_size(string? value, int size) => Assert.AreEqual(size, FreezeSettings.ParseSplashTextSize(value));

    [DataTestMethod]
    [DataRow("5")]
    [DataRow("201")]
    [DataRow("12px")]
    public void It_refuses_a_font_size_outside_6_to_200(string value) =>
        Assert.AreEqual("FRZ0022", Assert.ThrowsException<FreezeException>(() => FreezeSettings.ParseSplashTextSize(value)).Code);

    [TestMethod]
    public void It_keeps_the_text_to_one_line_of_1024_bytes()
    {
        Assert.AreEqual(new string('é', 512), FreezeSettings.ParseSplashText(new string('é', 512)));
        Assert.AreEqual("FRZ0022", Assert.ThrowsException<FreezeException>(() => FreezeSettings.ParseSplashText(new string('é', 513))).Code);
        Assert.AreEqual("FRZ0022", Assert.ThrowsException<FreezeException>(() => FreezeSettings.ParseSplashText("two\nlines")).Code);
    }

    [TestMethod]
    public void It_writes_the_member_and_its_option_and_no_extraction_sees_it_as_a_file_of_the_app()
    {
        string png = Path.Combine(_dir, "splash.png");
        File.WriteAllBytes(png, Png(2, 2, Enumerable.Repeat(new byte[] { 10, 20, 30, 255 }, 4).SelectMany(p => p).ToArray()));
        string bootloader = Path.Combine(_dir, "freeze-run");
        File.WriteAllBytes(bootloader, PackageFormatTests.FakeBootloader);
        string toc = Path.Combine(_dir, "toc.json");
        File.WriteAllText(toc, new Toc("OneDir", "App.dll", false, false, []) { Options = [new("mode", "onedir"), new("main-assembly", "App.dll")] }.ToJson());
        var task = new GenerateFreezeExecutable
        {
            BuildEngine = _engine,
            TocFile = toc,
            Bootloader = bootloader,
            OutputFile = Path.Combine(_dir, "out", "App"),
            SplashImage = png,
            SplashText = "Loading",
            SplashTextColor = "#FFFFFF",
        };
        Assert.IsTrue(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        using var reader = PackageReader.Open(task.OutputFile);
        Assert.AreEqual(SplashScreen.MemberName, reader.GetOption(FreezeContract.Option.SplashImage));
        var member = reader.Find(SplashScreen.MemberName)!;
        Assert.AreEqual(PackageTypeCode.Data, member.TypeCode);
        var splash = SplashScreen.Read(reader.ReadMember(member));
        Assert.AreEqual((2, 2, "Loading", 0xFFFFFF), (splash.Width, splash.Height, splash.Text, splash.TextColor));
        CollectionAssert.AreEqual(Enumerable.Repeat(new byte[] { 30, 20, 10, 255 }, 4).SelectMany(p => p).ToArray(), splash.Pixels);
    }

    /// <summary>An 8-bit RGBA PNG, written by hand.</summary>
    internal static byte[] Png(int width, int height, byte[] rgba)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 6;
        Chunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(rgba, y * width * 4, width * 4);
            }
        }
        Chunk(output, "IDAT", raw.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typed));
        output.Write(crc);
    }

    /// <summary>A 1x1 24-bit BMP of one colour.</summary>
    private static byte[] Bmp24(byte r, byte g, byte b)
    {
        var bytes = new byte[58];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(34), 4);
        bytes[54] = b;
        bytes[55] = g;
        bytes[56] = r;
        return bytes;
    }
}
