using System.Buffers.Binary;
using System.Reflection.PortableExecutable;
using Freeze.Analysis;
using Freeze.Archive;
using Freeze.Archive.Windows;
using Freeze.Sdk.Tasks;

namespace Freeze.UnitTests;

/// <summary>
/// The app's Win32 resources, a fixed time stamp and the checksum written into real PE files (the SDK's
/// win-x64 apphost.exe, a mingw program), then read back with the BCL's PEReader and checked by objdump.
/// </summary>
[TestClass]
public sealed class WindowsExecutableTests
{
    private const uint Epoch = 1_700_000_000;

    private TestFolder _dir = null!;

    [TestInitialize]
    public void Setup() => _dir = new TestFolder("frz-pe-");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private List<Win32Resource> AppResources(byte[]? icon) =>
        WindowsExecutable.ReadResources(File.ReadAllBytes(WindowsTestFiles.CompileApp(_dir.Path, icon)));

    private string Write(PreparedExecutable prepared, string name)
    {
        string path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, prepared.Bytes);
        return path;
    }

    [TestMethod]
    public void It_gives_the_apphost_the_app_icon_and_version()
    {
        byte[] icon = WindowsFiles.Icon();
        var prepared = WindowsExecutable.Prepare(File.ReadAllBytes(WindowsTestFiles.AppHost), AppResources(icon), appManifest: false, timeDateStamp: null);
        string exe = Write(prepared, "apphost.exe");

        AssertValidPe(exe, expectedSections: 6);
        var resources = WindowsExecutable.ReadResources(File.ReadAllBytes(exe));
        var icons = resources.Where(r => r.Type == ResourceType.Icon).OrderBy(r => r.Name).ToList();
        var images = IconFile.Read(icon);
        Assert.AreEqual(images.Count, icons.Count);
        for (int i = 0; i < images.Count; i++)
        {
            CollectionAssert.AreEqual(images[i].Data, icons[i].Data, $"icon image {i}");
        }
        var group = resources.Single(r => r.Type == ResourceType.GroupIcon).Data;
        Assert.AreEqual(images.Count, BinaryPrimitives.ReadUInt16LittleEndian(group.AsSpan(4)));
        for (int i = 0; i < images.Count; i++)
        {
            var entry = group.AsSpan(6 + 14 * i, 14);
            CollectionAssert.AreEqual(images[i].DirectoryEntry, entry[..12].ToArray(), $"group entry {i}");
            Assert.AreEqual(icons[i].Name.Id, BinaryPrimitives.ReadUInt16LittleEndian(entry[12..]));
        }

        var version = VersionNode.Parse(resources.Single(r => r.Type == ResourceType.Version).Data);
        Assert.AreEqual("VS_VERSION_INFO", version.Key);
        var fixedInfo = version.Value.AsSpan();
        Assert.AreEqual(0xFEEF04BDu, BinaryPrimitives.ReadUInt32LittleEndian(fixedInfo));
        Assert.AreEqual((1u << 16) | 2, BinaryPrimitives.ReadUInt32LittleEndian(fixedInfo[8..]), "FileVersionMS");
        Assert.AreEqual((3u << 16) | 5, BinaryPrimitives.ReadUInt32LittleEndian(fixedInfo[12..]), "FileVersionLS");
        var strings = version.Strings;
        Assert.AreEqual("Contoso Ltd.", strings["CompanyName"]);
        Assert.AreEqual("Contoso Frozen", strings["ProductName"]);
        Assert.AreEqual("© Contoso 2026", strings["LegalCopyright"]);
        Assert.AreEqual("The frozen app", strings["FileDescription"]);
        Assert.AreEqual("1.2.3.5", strings["FileVersion"]);
        Assert.AreEqual("1.2.3-beta+abc", strings["ProductVersion"]);
        Assert.AreEqual("1.2.3.4", strings["Assembly Version"]);
        Assert.AreEqual("FrozenApp.dll", strings["OriginalFilename"]);
        Assert.IsTrue(version.Child("VarFileInfo").Child("Translation").Value.Length == 4);
    }

    [TestMethod]
    public void It_keeps_the_bootloaders_manifest_and_replaces_its_version()
    {
        string bootloader = WindowsTestFiles.MingwProgram(_dir.Path, resources: true);
        var before = WindowsExecutable.ReadResources(File.ReadAllBytes(bootloader));
        var manifest = before.Single(r => r.Type == ResourceType.Manifest);
        var app = AppResources(WindowsFiles.Icon());

        string exe = Write(WindowsExecutable.Prepare(File.ReadAllBytes(bootloader), app, appManifest: false, timeDateStamp: null), "kept.exe");
        AssertValidPe(exe, expectedSections: null);
        var after = WindowsExecutable.ReadResources(File.ReadAllBytes(exe));
        CollectionAssert.AreEqual(manifest.Data, after.Single(r => r.Type == ResourceType.Manifest).Data);
        Assert.AreEqual(manifest.Language, after.Single(r => r.Type == ResourceType.Manifest).Language);
        Assert.AreEqual("The frozen app", VersionNode.Parse(after.Single(r => r.Type == ResourceType.Version).Data).Strings["FileDescription"]);
        Assert.AreEqual(2, after.Count(r => r.Type == ResourceType.Icon));

        string withAppManifest = Write(WindowsExecutable.Prepare(File.ReadAllBytes(bootloader), app, appManifest: true, timeDateStamp: null), "app-manifest.exe");
        CollectionAssert.AreEqual(app.Single(r => r.Type == ResourceType.Manifest).Data,
            WindowsExecutable.ReadResources(File.ReadAllBytes(withAppManifest)).Single(r => r.Type == ResourceType.Manifest).Data);
    }

    [TestMethod]
    public void It_rewrites_a_resource_section_that_ends_the_image_in_place()
    {
        string bootloader = WindowsTestFiles.MingwProgram(_dir.Path, resources: false);
        var first = WindowsExecutable.Prepare(File.ReadAllBytes(bootloader), AppResources(null), appManifest: false, timeDateStamp: null);
        int sections = PeHeadersOf(first.Bytes).SectionHeaders.Length;
        var named = new List<Win32Resource>
        {
            new(ResourceName.FromName("MYDATA"), ResourceName.FromName("Hello"), 0x409, [1, 2, 3]),
            new(ResourceName.FromName("MYDATA"), ResourceName.FromName("Hello"), 0x407, [4, 5]),
            new(ResourceName.FromId(10), ResourceName.FromId(7), 0, new byte[1000]),
        };
        var second = WindowsExecutable.Prepare(first.Bytes, named, appManifest: false, timeDateStamp: null);
        string exe = Write(second, "twice.exe");

        AssertValidPe(exe, expectedSections: sections);
        var resources = WindowsExecutable.ReadResources(second.Bytes);
        Assert.AreEqual(1, resources.Count(r => r.Type == ResourceType.Version), "the first write's resources stay");
        var hello = resources.Where(r => r.Type.Name == "MYDATA").OrderBy(r => r.Language).ToList();
        CollectionAssert.AreEqual(new ushort[] { 0x407, 0x409 }, hello.Select(r => r.Language).ToArray());
        CollectionAssert.AreEqual(new byte[] { 4, 5 }, hello[0].Data);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, hello[1].Data);
        Assert.AreEqual("Hello", hello[0].Name.Name);
        Assert.AreEqual(1000, resources.Single(r => r.Type.Id == 10).Data.Length);
    }

    [TestMethod]
    public void It_writes_the_same_bytes_for_the_same_SOURCE_DATE_EPOCH()
    {
        string bootloader = Path.Combine(_dir.Path, "freeze-run.exe");
        File.Copy(WindowsTestFiles.AppHost, bootloader);
        string app = WindowsTestFiles.CompileApp(_dir.Path, WindowsFiles.Icon());
        string toc = Path.Combine(_dir.Path, "toc.json");
        File.WriteAllText(toc, new Toc("OneFile", "FrozenApp.dll", false, true,
            [new TocEntry("FrozenApp.dll", app, TocTypeCode.ASSEMBLY, TocOrigin.App) { Placement = TocPlacement.Package }])
        {
            Options = [new("mode", "onefile"), new("main-assembly", "FrozenApp.dll")],
        }.ToJson());

        byte[] Generate(string name, string epoch)
        {
            var engine = new FakeBuildEngine();
            var task = new GenerateFreezeExecutable
            {
                BuildEngine = engine,
                TocFile = toc,
                Bootloader = bootloader,
                OutputFile = Path.Combine(_dir.Path, name, "FrozenApp.exe"),
                ResourceAssembly = app,
                SourceDateEpoch = epoch,
            };
            Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
            return File.ReadAllBytes(task.OutputFile);
        }

        byte[] one = Generate("one", Epoch.ToString());
        byte[] two = Generate("two", Epoch.ToString());
        CollectionAssert.AreEqual(one, two);
        var headers = PeHeadersOf(one);
        Assert.AreEqual((int)Epoch, headers.CoffHeader.TimeDateStamp);
        using (var reader = new PEReader(new MemoryStream(one)))
        {
            var debug = reader.ReadDebugDirectory();
            Assert.IsTrue(debug.Length > 0);
            Assert.IsTrue(debug.All(d => d.Stamp == Epoch), "debug directory time stamps");
        }
        Assert.AreEqual(NaiveCheckSum(one, headers.PEHeaderStartOffset + 64), headers.PEHeader!.CheckSum, "checksum over the whole file");
        using (var package = PackageReader.Open(new MemoryStream(one)))
        {
            Assert.AreEqual("onefile", package.GetOption("mode"));
            Assert.IsTrue(package.PackageStart >= PeEnd(headers), "the package follows the image");
        }
        string exe = Path.Combine(_dir.Path, "one", "FrozenApp.exe");
        AssertValidPe(exe, expectedSections: 6);

        byte[] other = Generate("three", (Epoch + 1).ToString());
        Assert.AreEqual((int)Epoch + 1, PeHeadersOf(other).CoffHeader.TimeDateStamp);
        byte[] unset = Generate("four", "");
        Assert.AreEqual(new PEHeaders(File.OpenRead(WindowsTestFiles.AppHost)).CoffHeader.TimeDateStamp, PeHeadersOf(unset).CoffHeader.TimeDateStamp, "without SOURCE_DATE_EPOCH the bootloader's stays");
    }

    [TestMethod]
    public void It_says_which_bootloader_has_no_room_for_another_section_header()
    {
        byte[] bytes = File.ReadAllBytes(WindowsTestFiles.AppHost);
        var headers = PeHeadersOf(bytes);
        int tableEnd = headers.PEHeaderStartOffset + headers.CoffHeader.SizeOfOptionalHeader + 40 * headers.SectionHeaders.Length;
        bytes.AsSpan(tableEnd, headers.PEHeader!.SizeOfHeaders - tableEnd).Fill(0xCC);
        string bootloader = Path.Combine(_dir.Path, "freeze-run.exe");
        File.WriteAllBytes(bootloader, bytes);
        string app = WindowsTestFiles.CompileApp(_dir.Path, null);
        string toc = Path.Combine(_dir.Path, "toc.json");
        File.WriteAllText(toc, new Toc("OneFile", "FrozenApp.dll", false, true, [])
        {
            Options = [new("mode", "onefile")],
        }.ToJson());
        var engine = new FakeBuildEngine();
        var task = new GenerateFreezeExecutable { BuildEngine = engine, TocFile = toc, Bootloader = bootloader, OutputFile = Path.Combine(_dir.Path, "out", "App.exe"), ResourceAssembly = app };

        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual(FreezeDiagnostics.WindowsResources.Code, error.Code);
        StringAssert.Contains(error.Message, bootloader);
        StringAssert.Contains(error.Message, "in use");
        Assert.IsFalse(File.Exists(task.OutputFile));
    }

    [TestMethod]
    public void It_drops_a_certificate_that_the_package_would_void()
    {
        byte[] bytes = File.ReadAllBytes(WindowsTestFiles.AppHost);
        var headers = PeHeadersOf(bytes);
        int securityEntry = headers.PEHeaderStartOffset + 112 + 4 * 8;
        byte[] signed = [.. bytes, .. new byte[24].Select((_, i) => (byte)(i + 1))];
        BinaryPrimitives.WriteInt32LittleEndian(signed.AsSpan(securityEntry), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(signed.AsSpan(securityEntry + 4), 24);

        var prepared = WindowsExecutable.Prepare(signed, AppResources(null), appManifest: false, timeDateStamp: null);

        var after = PeHeadersOf(prepared.Bytes).PEHeader!;
        Assert.AreEqual(0, after.CertificateTableDirectory.RelativeVirtualAddress);
        Assert.AreEqual(0, after.CertificateTableDirectory.Size);
        var rsrc = PeHeadersOf(prepared.Bytes).SectionHeaders.Single(s => s.Name == ".rsrc");
        Assert.AreEqual(bytes.Length, rsrc.PointerToRawData, "the resources take the certificate's place");
        Assert.AreEqual(rsrc.PointerToRawData + rsrc.SizeOfRawData, prepared.Bytes.Length);
    }

    [TestMethod]
    public void It_computes_the_checksum_as_CheckSumMappedFile_does()
    {
        var random = new Random(11);
        foreach (int length in new[] { 200, 4097, (1 << 20) + 333 })
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.AreEqual(NaiveCheckSum(bytes, 64), WindowsExecutable.ComputeCheckSum(new MemoryStream(bytes), 64), $"{length} bytes");
        }
    }

    [TestMethod]
    public void It_runs_the_rewritten_programs_under_wine()
    {
        Wine.Require();
        var app = AppResources(WindowsFiles.Icon());
        string mingw = Write(WindowsExecutable.Prepare(File.ReadAllBytes(WindowsTestFiles.MingwProgram(_dir.Path, resources: true)), app, false, Epoch), "mingw.exe");
        string apphost = Write(WindowsExecutable.Prepare(File.ReadAllBytes(WindowsTestFiles.AppHost), app, false, Epoch), "apphost.exe");
        var environment = Wine.Environment();

        var result = ProcessRunner.Run("wine", [mingw], _dir.Path, environment, TimeSpan.FromMinutes(5));
        Assert.AreEqual(3, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "hello from mingw");

        var named = new Win32Resource(ResourceName.FromName("MYDATA"), ResourceName.FromName("HELLO"), 0, new byte[77]);
        string probe = Write(WindowsExecutable.Prepare(File.ReadAllBytes(WindowsTestFiles.MingwResourceProbe(_dir.Path)), [.. app, named], false, Epoch), "probe.exe");
        result = ProcessRunner.Run("wine", [probe], _dir.Path, environment, TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        int largest = IconFile.Read(WindowsFiles.Icon()).Max(i => i.Data.Length);
        string probed = result.StdOut.ReplaceLineEndings("\n");
        StringAssert.Contains(probed, "company=Contoso Ltd. version=1.2.3.5\n", result.ToString());
        StringAssert.Contains(probed, $"bytes={largest} made=yes\n", result.ToString());
        StringAssert.Contains(probed, "named=77\n", result.ToString());

        // An apphost bound to no app says so: it started, which is what is tested.
        result = ProcessRunner.Run("wine", [apphost], _dir.Path, environment, TimeSpan.FromMinutes(5));
        StringAssert.Contains(result.StdOut + result.StdErr, "not bound", result.ToString());
    }

    private static PEHeaders PeHeadersOf(byte[] bytes) => new(new MemoryStream(bytes));

    private static long PeEnd(PEHeaders headers) => headers.SectionHeaders.Max(s => (long)s.PointerToRawData + s.SizeOfRawData);

    /// <summary>Reads the file back with the BCL and objdump: the sections tile the image, SizeOfImage and the resource directory agree.</summary>
    private static void AssertValidPe(string path, int? expectedSections)
    {
        var headers = new PEHeaders(new MemoryStream(File.ReadAllBytes(path)));
        var pe = headers.PEHeader!;
        var sections = headers.SectionHeaders.OrderBy(s => s.VirtualAddress).ToList();
        if (expectedSections is int count)
        {
            Assert.AreEqual(count, sections.Count);
        }
        for (int i = 0; i < sections.Count; i++)
        {
            Assert.AreEqual(0, sections[i].PointerToRawData % pe.FileAlignment, $"{sections[i].Name} file alignment");
            Assert.AreEqual(0, sections[i].VirtualAddress % pe.SectionAlignment, $"{sections[i].Name} section alignment");
            Assert.AreEqual(0, sections[i].SizeOfRawData % pe.FileAlignment, $"{sections[i].Name} raw size");
            if (i > 0)
            {
                int previousEnd = sections[i - 1].VirtualAddress + Math.Max(sections[i - 1].VirtualSize, sections[i - 1].SizeOfRawData);
                Assert.IsTrue(sections[i].VirtualAddress >= previousEnd, $"{sections[i].Name} overlaps {sections[i - 1].Name}");
            }
        }
        var last = sections[^1];
        Assert.AreEqual(Align(last.VirtualAddress + Math.Max(last.VirtualSize, last.SizeOfRawData), pe.SectionAlignment), pe.SizeOfImage, "SizeOfImage");
        var rsrc = sections.Single(s => s.VirtualAddress == pe.ResourceTableDirectory.RelativeVirtualAddress);
        Assert.AreEqual(".rsrc", rsrc.Name);
        Assert.IsTrue(pe.ResourceTableDirectory.Size <= rsrc.VirtualSize);

        var objdump = ProcessRunner.Run("x86_64-w64-mingw32-objdump", ["-p", path], timeout: TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, objdump.ExitCode, objdump.ToString());
        Assert.AreEqual("", objdump.StdErr.Trim(), objdump.ToString());
        StringAssert.Contains(objdump.StdOut, "The .rsrc Resource Directory section");
        StringAssert.Contains(objdump.StdOut, "Entry: ID: 0x000010,");
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static uint NaiveCheckSum(byte[] bytes, int checkSumOffset)
    {
        uint sum = 0;
        for (int i = 0; i < bytes.Length; i += 2)
        {
            if (i == checkSumOffset || i == checkSumOffset + 2)
            {
                continue;
            }
            sum += i + 1 < bytes.Length ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i)) : bytes[i];
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)sum + (uint)bytes.Length;
    }
}
