using System.Text.RegularExpressions;

namespace Freeze.IntegrationTests;

/// <summary>
/// Apps frozen on this linux-x64 machine for linux-arm64 run under qemu-user, which binfmt_misc starts for
/// every arm64 program, so a OneFile parent starts its arm64 child (eng/qemu-arm64.sh sets it up; eng/test.sh
/// runs it). Framework-dependent ones run on an arm64 .NET made from the runtime pack of the feed (DOTNET_ROOT).
/// There is no arm64 ICU, so the apps run with invariant globalization. For linux-musl-x64, the musl bootloader runs here but the musl .NET
/// runtime cannot (Debian has no musl libstdc++), so the tests check what the bootloader does up to there.
/// </summary>
[TestClass]
public sealed class GivenThatWeWantOtherLinuxPlatforms
{
    private const ushort ElfMachineAarch64 = 183;
    private const ushort ElfMachineX64 = 62;

    private static readonly Dictionary<string, string?> Arm64Environment = new()
    {
        ["QEMU_LD_PREFIX"] = "/usr/aarch64-linux-gnu",
        ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
    };

    [ClassInitialize]
    public static void RequireQemu(TestContext context)
    {
        if (!File.Exists("/proc/sys/fs/binfmt_misc/qemu-aarch64"))
        {
            Assert.Fail("linux-arm64 programs cannot run here: run eng/qemu-arm64.sh (eng/test.sh does).");
        }
    }

    private static readonly Lazy<string> Arm64Dotnet = new(() => RuntimePackDotnet.Make("linux-arm64", "libhostfxr.so", "libcoreclr.so"));

    private static string[] Arguments(string rid, string mode, bool selfContained = true) =>
        ["-r", rid, $"-p:FreezeMode={mode}", $"--self-contained={(selfContained ? "true" : "false")}"];

    private static ushort ElfMachine(string file)
    {
        using var stream = File.OpenRead(file);
        var header = new byte[20];
        stream.ReadExactly(header);
        Assert.IsTrue(header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8), $"{file} is not an ELF file");
        return BitConverter.ToUInt16(header, 18);
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_runs_a_linux_arm64_app_with_its_arguments_and_exit_code(string mode)
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(Arguments("linux-arm64", mode));
        Assert.AreEqual(ElfMachineAarch64, ElfMachine(project.Executable));

        var result = project.RunWith(Arm64Environment, "with space", "héllo wörld ✓", "--exit", "7");

        Assert.AreEqual(7, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "Hello from a frozen app!\nfrozen=True\n");
        StringAssert.Contains(result.StdOut, "arg[0]=with space\narg[1]=héllo wörld ✓\n");
        Assert.AreEqual("", result.StdErr);
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length, "nothing is left in TMPDIR");
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_runs_a_framework_dependent_linux_arm64_app_on_the_arm64_dotnet_of_DOTNET_ROOT(string mode)
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(Arguments("linux-arm64", mode, selfContained: false));
        Assert.IsFalse(project.PublishedFiles().Any(f => f.Contains("coreclr", StringComparison.Ordinal)), "no runtime in a framework-dependent app");
        var environment = new Dictionary<string, string?>(Arm64Environment) { ["DOTNET_ROOT"] = Arm64Dotnet.Value };

        var result = project.RunWith(environment, "a b", "--exit", "3");

        Assert.AreEqual(3, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "frozen=True\n");
        StringAssert.Contains(result.StdOut, "arg[0]=a b\n");
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length, "nothing is left in TMPDIR");
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_loads_a_NuGet_package_from_the_module_archive_and_a_native_library_on_linux_arm64(string mode)
    {
        using var project = TestProject.Copy("NuGetApp");
        project.PublishSucceeds(Arguments("linux-arm64", mode));

        var result = project.RunWith(Arm64Environment, "x");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "newtonsoft.location=[]", "loaded from the module archive, not from a file");
        StringAssert.Matches(result.StdOut, new Regex(@"sqlite=3\.\d+"), "the arm64 e_sqlite3 loaded");
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length, "nothing is left in TMPDIR");
    }

    [TestMethod]
    public void It_runs_workers_of_a_linux_arm64_OneFile_app_in_its_one_folder()
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(Arguments("linux-arm64", "OneFile"));
        var environment = new Dictionary<string, string?>(Arm64Environment) { ["WORKER_TEST_LOG"] = Path.Combine(project.Root, "log") };

        var result = project.RunWith(environment, "pool");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "total=500500\n", "four workers each summed a quarter of 1..1000");
        Assert.AreEqual(4, result.StdOut.Split('\n').Count(l => l == "worker-level=2"), result.StdOut);
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length, "nothing is left in TMPDIR");
    }

    [TestMethod]
    public void It_freezes_for_linux_musl_x64_with_the_musl_bootloader_which_unpacks_and_cleans_up()
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(Arguments("linux-musl-x64", "OneFile"));
        Assert.AreEqual(ElfMachineX64, ElfMachine(project.Executable));
        StringAssert.Contains(File.ReadAllText(project.Executable)[..4096], "/lib/ld-musl-x86_64.so.1", "the program interpreter is musl's");

        // The musl build of the bootloader's reader lists what the task wrote.
        string dump = Path.Combine(Repo.Artifacts, "bootloader", "linux-musl-x64", "frz-pkg-dump");
        var listing = ProcessRunner.Run(dump, [project.Executable]);
        Assert.AreEqual(0, listing.ExitCode, listing.ToString());
        StringAssert.Contains(listing.StdOut, " HelloWorld.dll\n");
        StringAssert.Contains(listing.StdOut, " libhostfxr.so\n");

        // musl's loader runs the bootloader here; the musl .NET host then misses musl's libstdc++.
        var result = project.Run("a");
        Assert.AreEqual(252, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdErr, "error FRZ0305: cannot load ");
        StringAssert.Contains(result.StdErr, "libhostfxr.so: Error loading shared library libstdc++.so.6");
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length, "the folder is removed after the error");
    }
}
