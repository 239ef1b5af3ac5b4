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
            Assert.AreEqual("FRZ0015", _engine.Errors.Single().Code);
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
