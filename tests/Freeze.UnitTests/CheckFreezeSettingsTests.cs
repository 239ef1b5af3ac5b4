using Freeze.Sdk.Tasks;

namespace Freeze.UnitTests;

[TestClass]
public sealed class CheckFreezeSettingsTests
{
    private readonly FakeBuildEngine _engine = new();

    private CheckFreezeSettings Task() => new()
    {
        BuildEngine = _engine,
        Mode = "OneFile",
        ProjectName = "App",
        OutputType = "Exe",
        RuntimeIdentifier = "linux-x64",
        Bootloader = typeof(CheckFreezeSettingsTests).Assembly.Location,
        AvailableRuntimeIdentifiers = ["linux-x64", "linux-arm64"],
    };

    [TestMethod]
    public void It_accepts_a_good_configuration() => Assert.IsTrue(Task().Execute());

    [TestMethod]
    public void It_names_a_splash_image_that_is_missing_and_every_text_setting_it_cannot_read()
    {
        var task = Task();
        task.SplashImage = Path.Combine(Path.GetTempPath(), $"frz-missing-{Guid.NewGuid():N}.png");
        task.SplashTextColor = "mauve";
        task.SplashTextSize = "huge";
        Assert.IsFalse(task.Execute());
        CollectionAssert.AreEqual(new[] { "FRZ0022", "FRZ0022", "FRZ0020" }, _engine.Errors.Select(e => e.Code).ToArray());
        StringAssert.Contains(_engine.Errors[0].Message, "FreezeSplashTextColor 'mauve'");
        StringAssert.Contains(_engine.Errors[1].Message, "FreezeSplashTextSize 'huge'");
        StringAssert.Contains(_engine.Errors[2].Message, task.SplashImage);
    }

    [TestMethod]
    public void It_names_an_application_icon_that_is_no_ico_file_and_a_SOURCE_DATE_EPOCH_that_is_no_time()
    {
        using var dir = new TestFolder("frz-icon-");
        string text = dir.Text("app.ico", "not an icon");
        string truncated = Path.Combine(dir.Path, "truncated.ico");
        File.WriteAllBytes(truncated, WindowsFiles.Icon()[..100]);
        string missing = Path.Combine(dir.Path, "missing.ico");
        foreach (var (icon, reason) in new[] { (text, "icon header"), (truncated, "lies outside the file"), (missing, "does not exist") })
        {
            var engine = new FakeBuildEngine();
            var task = Task();
            task.BuildEngine = engine;
            task.RuntimeIdentifier = "win-x64";
            task.ApplicationIcon = icon;
            Assert.IsFalse(task.Execute());
            var error = engine.Errors.Single();
            Assert.AreEqual("FRZ0023", error.Code);
            StringAssert.Contains(error.Message, icon);
            StringAssert.Contains(error.Message, reason);
        }

        var good = Task();
        good.ApplicationIcon = Path.Combine(dir.Path, "good.ico");
        File.WriteAllBytes(good.ApplicationIcon, WindowsFiles.Icon());
        good.SourceDateEpoch = "1700000000";
        Assert.IsTrue(good.Execute());

        foreach (string epoch in new[] { "yesterday", "-1", "4294967296", "1.5" })
        {
            var engine = new FakeBuildEngine();
            var task = Task();
            task.BuildEngine = engine;
            task.SourceDateEpoch = epoch;
            Assert.IsFalse(task.Execute());
            Assert.AreEqual("FRZ0024", engine.Errors.Single().Code, epoch);
            StringAssert.Contains(engine.Errors.Single().Message, $"SOURCE_DATE_EPOCH '{epoch}'");
        }
    }

    [TestMethod]
    public void It_reports_every_mistake_in_one_build_with_its_code()
    {
        var task = Task();
        task.Mode = "OneFolder";
        task.OutputType = "Library";
        task.Compression = "lz4";
        task.ModuleArchive = "sometimes";
        task.MinimumGlibc = "new";
        task.PublishAot = true;
        task.RuntimeOptions = ["a=b"];
        Assert.IsFalse(task.Execute());
        CollectionAssert.AreEqual(new[] { "FRZ0001", "FRZ0002", "FRZ0006", "FRZ0007", "FRZ0011", "FRZ0012", "FRZ0008" }, _engine.Errors.Select(e => e.Code).ToArray());
        StringAssert.Contains(_engine.Errors[0].Message, "FreezeMode 'OneFolder' is not valid");
        StringAssert.Contains(_engine.Errors[1].Message, "'App', whose OutputType is 'Library'");
    }

    [DataTestMethod]
    [DataRow("win-x64", "zstd", "FRZ0017")]
    [DataRow("win-x64", "zlib", null)]
    [DataRow("linux-x64", "zstd", null)]
    public void It_refuses_zstd_where_the_bootloader_cannot_decode_it(string rid, string compression, string? code)
    {
        var task = Task();
        task.RuntimeIdentifier = rid;
        task.AvailableRuntimeIdentifiers = ["linux-x64", "win-x64"];
        task.Compression = compression;
        Assert.AreEqual(code is null, task.Execute());
        if (code is not null)
        {
            Assert.AreEqual(code, _engine.Errors.Single().Code);
            StringAssert.Contains(_engine.Errors[0].Message, "FreezeCompression=zstd is not available for win-x64");
        }
    }

    [DataTestMethod]
    [DataRow("zstd", "", null)]
    [DataRow("zstd", "1", null)]
    [DataRow("zstd", "22", null)]
    [DataRow("zlib", "9", null)]
    [DataRow("none", "", null)]
    [DataRow("zstd", "23", "from 1 (fastest) to 22")]
    [DataRow("zstd", "0", "from 1 (fastest) to 22")]
    [DataRow("zlib", "10", "from 1 (fastest) to 9")]
    [DataRow("", "high", "from 1 (fastest) to 9")]
    [DataRow("none", "3", "stored uncompressed")]
    public void It_checks_the_compression_level_against_the_codec(string compression, string level, string? error)
    {
        var task = Task();
        task.Compression = compression;
        task.CompressionLevel = level;
        Assert.AreEqual(error is null, task.Execute());
        if (error is not null)
        {
            Assert.AreEqual("FRZ0016", _engine.Errors.Single().Code);
            StringAssert.Contains(_engine.Errors[0].Message, $"FreezeCompressionLevel '{level}' is not valid");
            StringAssert.Contains(_engine.Errors[0].Message, error);
        }
    }

    [TestMethod]
    public void It_names_the_runtime_identifiers_it_has_bootloaders_for()
    {
        var task = Task();
        task.RuntimeIdentifier = "";
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("FRZ0003", _engine.Errors.Single().Code);
        StringAssert.Contains(_engine.Errors.Single().Message, "linux-arm64, linux-x64.");

        StringAssert.Contains(ErrorWithoutBootloader("freebsd-x64", "FRZ0004"), "'freebsd-x64'");
        string macOs = ErrorWithoutBootloader("osx-arm64", "FRZ0013");
        StringAssert.Contains(macOs, "cannot freeze for macOS ('osx-arm64')");
        StringAssert.Contains(macOs, "docs/platforms.md");
    }

    private string ErrorWithoutBootloader(string rid, string code)
    {
        var task = Task();
        task.RuntimeIdentifier = rid;
        task.Bootloader = "/no/such/freeze-run";
        Assert.IsFalse(task.Execute());
        Assert.AreEqual(code, _engine.Errors[^1].Code);
        return _engine.Errors[^1].Message ?? "";
    }

    [TestMethod]
    public void It_says_when_it_replaces_PublishSingleFile_and_refuses_both_on_the_command_line()
    {
        var replaced = Task();
        replaced.ReplacedSingleFile = true;
        Assert.IsTrue(replaced.Execute());
        var message = _engine.Messages.Single(m => m.Code == "FRZ0009");
        StringAssert.Contains(message.Message, "'App' sets PublishSingleFile=true; FreezeMode=OneFile publishes it");

        var both = Task();
        both.PublishSingleFile = true;
        Assert.IsFalse(both.Execute());
        Assert.AreEqual("FRZ0005", _engine.Errors.Single().Code);
    }
}
