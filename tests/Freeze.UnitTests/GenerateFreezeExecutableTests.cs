using Freeze.Analysis;
using Freeze.Archive;
using Freeze.Sdk.Tasks;

namespace Freeze.UnitTests;

[TestClass]
public sealed class GenerateFreezeExecutableTests
{
    private string _dir = "";
    private readonly FakeBuildEngine _engine = new();

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("frz-exe-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>A plan as analysis writes it: the main assembly a member (OneFile) or beside (OneDir), a module, options.</summary>
    private string WriteToc(string mode, params TocEntry[] more)
    {
        string app = Path.Combine(_dir, "App.dll");
        File.WriteAllText(app, "main assembly");
        string lib = Path.Combine(_dir, "Lib.dll");
        File.WriteAllBytes(lib, new byte[4000]);
        string toc = Path.Combine(_dir, "toc.json");
        File.WriteAllText(toc, new Toc(mode, "App.dll", false, false,
        [
            new TocEntry("App.dll", app, TocTypeCode.ASSEMBLY, TocOrigin.App) { Placement = mode == "OneFile" ? TocPlacement.Package : TocPlacement.Beside },
            new TocEntry("App.pdb", app, TocTypeCode.DATA, TocOrigin.App) { Placement = TocPlacement.Excluded },
            new TocEntry("Lib.dll", lib, TocTypeCode.MODULE, new TocOrigin("package", "Lib", "1.0.0", "runtime")) { Placement = TocPlacement.ModuleArchive },
            .. more,
        ])
        {
            Options = [new("module-archive", Toc.ModuleArchiveName), new("startup-hook-when", "worker"), new("mode", mode.ToLowerInvariant()), new("main-assembly", "App.dll")],
        }.ToJson());
        return toc;
    }

    private GenerateFreezeExecutable Task(string toc, string bootloader) => new()
    {
        BuildEngine = _engine,
        TocFile = toc,
        Bootloader = bootloader,
        OutputFile = Path.Combine(_dir, "out", "App"),
    };

    private string Bootloader()
    {
        string path = Path.Combine(_dir, "freeze-run");
        File.WriteAllBytes(path, PackageFormatTests.FakeBootloader);
        return path;
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_appends_the_package_to_the_bootloader(string mode)
    {
        var task = Task(WriteToc(mode), Bootloader());
        Assert.IsTrue(task.Execute());

        byte[] exe = File.ReadAllBytes(task.OutputFile);
        CollectionAssert.AreEqual(PackageFormatTests.FakeBootloader, exe[..PackageFormatTests.FakeBootloader.Length]);
        Assert.AreEqual((UnixFileMode)0b111_101_101, File.GetUnixFileMode(task.OutputFile));

        using var reader = PackageReader.Open(task.OutputFile);
        Assert.AreEqual(mode.ToLowerInvariant(), reader.GetOption("mode"));
        Assert.AreEqual("App.dll", reader.GetOption("main-assembly"));
        Assert.AreEqual("worker", reader.GetOption("startup-hook-when"), "the plan's options, as they are");
        Assert.AreEqual(mode == "OneFile", reader.Find("App.dll") is not null, "OneDir keeps the main assembly beside the executable");
        Assert.IsNull(reader.Find("App.pdb"), "nothing the plan leaves out");

        var modules = reader.Find(reader.GetOption("module-archive")!)!;
        Assert.AreEqual(MemberCompression.Stored, modules.Compression, "the module archive is read in place");
        using var stream = File.OpenRead(task.OutputFile);
        var archive = ModuleArchiveReader.Open(stream, reader.GetFileOffset(modules), modules.StoredLength);
        Assert.AreEqual(4000, archive.Read("Lib.dll")!.Length);
        Assert.AreEqual(0, (reader.GetFileOffset(modules) + archive.Find("Lib.dll")!.Offset) % ModuleArchiveFormat.Alignment, "the runtime maps assemblies at page offsets");
    }

    [TestMethod]
    public void It_names_the_report_in_its_one_summary_line()
    {
        var task = Task(WriteToc("OneFile"), Bootloader());
        task.ReportFile = Path.Combine(_dir, "freeze", "report.html");
        Assert.IsTrue(task.Execute());

        var summary = _engine.Messages.Where(m => m.Message?.StartsWith("Freeze.Sdk: App (OneFile): ", StringComparison.Ordinal) == true).ToList();
        Assert.AreEqual(1, summary.Count, string.Join("\n", _engine.Messages.Select(m => m.Message)));
        StringAssert.EndsWith(summary[0].Message, $", report {task.ReportFile}");
        Assert.AreEqual(Microsoft.Build.Framework.MessageImportance.Normal, summary[0].Importance);
    }

    [TestMethod]
    public void It_writes_links_the_plan_keeps_as_links()
    {
        string real = Path.Combine(_dir, "libfoo.so.1");
        File.WriteAllText(real, "library");
        var task = Task(WriteToc("OneFile",
            new TocEntry("native/libfoo.so.1", real, TocTypeCode.BINARY, TocOrigin.App) { Placement = TocPlacement.Package },
            new TocEntry("native/libfoo.so", real, TocTypeCode.BINARY, TocOrigin.App) { Placement = TocPlacement.Package, LinkTarget = "libfoo.so.1" }), Bootloader());
        Assert.IsTrue(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        using var reader = PackageReader.Open(task.OutputFile);
        Assert.AreEqual(PackageTypeCode.Symlink, reader.Find("native/libfoo.so")!.TypeCode);
        Assert.AreEqual("libfoo.so.1", System.Text.Encoding.UTF8.GetString(reader.ReadMember(reader.Find("native/libfoo.so")!)));
        Assert.AreEqual(PackageTypeCode.Binary, reader.Find("native/libfoo.so.1")!.TypeCode);
    }

    [TestMethod]
    public void It_errors_and_leaves_nothing_when_the_bootloader_is_missing()
    {
        var task = Task(WriteToc("OneFile"), Path.Combine(_dir, "no-such-bootloader"));
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("FRZ0310", _engine.Errors.Single().Code);
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(task.OutputFile)) && Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(task.OutputFile)!).Any());
    }

    [TestMethod]
    public void It_leaves_no_half_written_executable_when_an_input_disappears()
    {
        string toc = WriteToc("OneFile");
        File.Delete(Path.Combine(_dir, "Lib.dll"));
        var task = Task(toc, Bootloader());
        Assert.ThrowsException<FileNotFoundException>(() => task.Execute());
        Assert.IsFalse(File.Exists(task.OutputFile));
        Assert.IsFalse(File.Exists(task.OutputFile + ".tmp"));
    }

    [TestMethod]
    public void It_errors_on_an_unknown_compression()
    {
        var task = Task(WriteToc("OneFile"), Bootloader());
        task.Compression = "lz4";
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("FRZ0007", _engine.Errors.Single().Code);
    }
}
