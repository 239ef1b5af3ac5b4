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

    private string WriteToc(string mode)
    {
        string app = Path.Combine(_dir, "App.dll");
        File.WriteAllText(app, "main assembly");
        string lib = Path.Combine(_dir, "Lib.dll");
        File.WriteAllBytes(lib, new byte[4000]);
        string toc = Path.Combine(_dir, "toc.json");
        File.WriteAllText(toc, new Toc(mode, "App.dll", false, false,
        [
            new TocEntry("App.dll", app, TocTypeCode.ASSEMBLY, TocOrigin.App),
            new TocEntry("Lib.dll", lib, TocTypeCode.MODULE, new TocOrigin("package", "Lib", "1.0.0", "runtime")),
        ]).ToJson());
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
        Assert.AreEqual("false", reader.GetOption("self-contained"));
        Assert.AreEqual("Freeze.Runtime.dll", reader.GetOption("startup-hook"));
        Assert.AreEqual("worker", reader.GetOption("startup-hook-when"), "the module archive needs no managed loader");
        Assert.AreEqual(mode == "OneFile", reader.Find("App.dll") is not null, "OneDir keeps the main assembly beside the executable");

        var modules = reader.Find(reader.GetOption("module-archive")!)!;
        Assert.AreEqual(MemberCompression.Stored, modules.Compression, "the module archive is read in place");
        using var stream = File.OpenRead(task.OutputFile);
        var archive = ModuleArchiveReader.Open(stream, reader.GetFileOffset(modules), modules.StoredLength);
        Assert.AreEqual(4000, archive.Read("Lib.dll")!.Length);
        Assert.AreEqual(0, (reader.GetFileOffset(modules) + archive.Find("Lib.dll")!.Offset) % ModuleArchiveFormat.Alignment, "the runtime maps assemblies at page offsets");
    }

    [TestMethod]
    public void It_asks_for_the_startup_hook_only_where_it_is_needed()
    {
        string app = Path.Combine(_dir, "App.dll");
        File.WriteAllText(app, "main assembly");
        string toc = Path.Combine(_dir, "toc.json");
        File.WriteAllText(toc, new Toc("OneDir", "App.dll", false, false, [new TocEntry("App.dll", app, TocTypeCode.ASSEMBLY, TocOrigin.App)]).ToJson());
        var task = Task(toc, Bootloader());
        Assert.IsTrue(task.Execute());

        using (var reader = PackageReader.Open(task.OutputFile))
        {
            Assert.AreEqual("worker", reader.GetOption("startup-hook-when"), "no hooks: only --freeze-worker command lines need the hook");
            Assert.IsNull(reader.GetOption("module-archive"));
            Assert.AreEqual("onedir", reader.GetOption("mode"));
        }

        task.WorkerAutoDispatch = false;
        Assert.IsTrue(task.Execute());
        using (var reader = PackageReader.Open(task.OutputFile))
        {
            Assert.AreEqual("never", reader.GetOption("startup-hook-when"));
            Assert.AreEqual("false", reader.GetOption("property:FREEZE_WORKER_AUTO_DISPATCH"));
        }

        task.RuntimeHooks = ["App.Hook"];
        task.RuntimeOptions = [new Microsoft.Build.Utilities.TaskItem("System.GC.Server", new Dictionary<string, string> { ["Value"] = "true" })];
        Assert.IsTrue(task.Execute());
        using (var reader = PackageReader.Open(task.OutputFile))
        {
            Assert.AreEqual("always", reader.GetOption("startup-hook-when"), "runtime hooks run in every process");
            Assert.AreEqual("App.Hook", reader.GetOption("property:FREEZE_RUNTIME_HOOKS"));
            Assert.AreEqual("true", reader.GetOption("property:System.GC.Server"));
        }
    }

    [TestMethod]
    public void It_refuses_startup_hooks_turned_off_when_the_app_needs_them()
    {
        var task = Task(WriteToc("OneFile"), Bootloader());
        task.StartupHookSupport = false;
        Assert.IsFalse(task.Execute());
        var error = _engine.Errors.Single();
        Assert.AreEqual("FRZ0010", error.Code);
        StringAssert.Contains(error.Message, "FreezeWorkerAutoDispatch");
        Assert.IsFalse(File.Exists(task.OutputFile));

        var without = Task(WriteToc("OneFile"), Bootloader());
        without.StartupHookSupport = false;
        without.WorkerAutoDispatch = false;
        Assert.IsTrue(without.Execute(), "nothing needs the hook any more");
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
