using System.Text.Json;

namespace Freeze.IntegrationTests;

/// <summary>
/// A frozen app built on this Debian 12 machine runs on Debian 11 (glibc 2.31), as the .NET runtime
/// does: each test runs it inside a minimal bullseye root (eng/debian-root.sh, made by eng/test.sh)
/// with chroot. The root holds this machine's .NET runtime for framework-dependent apps, and has no
/// ICU, so the apps run with invariant globalization.
/// </summary>
[TestClass]
public sealed class GivenThatWeWantToRunOnAnOlderLinux
{
    private static readonly string DebianRoot = Path.Combine(Repo.Artifacts, "debian11");

    [ClassInitialize]
    public static void MountProc(TestContext context)
    {
        if (!File.Exists(Path.Combine(DebianRoot, ".freeze-debian-root")))
        {
            Assert.Fail($"{DebianRoot} is missing: run eng/debian-root.sh (eng/test.sh does).");
        }
        CopyDotnetRuntime();
        string proc = Path.Combine(DebianRoot, "proc");
        if (!File.Exists(Path.Combine(proc, "self", "status")))
        {
            var mount = ProcessRunner.Run("mount", ["-t", "proc", "proc", proc]);
            Assert.AreEqual(0, mount.ExitCode, $"the tests need root to mount /proc in {DebianRoot}\n{mount}");
        }
    }

    [ClassCleanup]
    public static void UnmountProc() => ProcessRunner.Run("umount", [Path.Combine(DebianRoot, "proc")]);

    [DataTestMethod]
    [DataRow("OneFile", true)]
    [DataRow("OneFile", false)]
    [DataRow("OneDir", true)]
    [DataRow("OneDir", false)]
    public void It_runs_on_Debian_11(string mode, bool selfContained)
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));
        string inRoot = $"/frz-tests/{Guid.NewGuid():N}";
        string folder = Path.Combine(DebianRoot, inRoot.TrimStart('/'));
        try
        {
            CopyTree(project.PublishDir, Path.Combine(folder, "app"));
            Directory.CreateDirectory(Path.Combine(folder, "tmp"));

            var result = ProcessRunner.Run("chroot", [DebianRoot, "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", $"TMPDIR={inRoot}/tmp",
                "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", $"{inRoot}/app/HelloWorld", "on bullseye", "--exit", "7"]);

            Assert.AreEqual(7, result.ExitCode, result.ToString());
            StringAssert.Contains(result.StdOut, "Hello from a frozen app!\n");
            StringAssert.Contains(result.StdOut, "arg[0]=on bullseye\n");
            Assert.AreEqual("", result.StdErr);
            Assert.AreEqual(0, Directory.GetDirectories(Path.Combine(folder, "tmp")).Length, "nothing is left behind");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void It_names_the_files_that_need_a_newer_glibc_than_the_minimum()
    {
        using var project = TestProject.Copy("NuGetApp");
        var publish = project.PublishSucceeds([.. TestProject.FreezeArguments("OneFile"), "-p:FreezeMinimumGlibc=2.31"]);

        StringAssert.Contains(publish.StdOut, "warning FRZ0114: libe_sqlite3.so needs glibc 2.34 (GLIBC_2.34: ");
        Assert.IsFalse(publish.StdOut.Contains("FRZ0114: bootloader", StringComparison.Ordinal), "the bootloader needs no newer glibc");
        string toc = Directory.EnumerateFiles(Path.Combine(project.Directory, "obj"), "toc.json", SearchOption.AllDirectories).Single();
        var glibc = JsonDocument.Parse(File.ReadAllText(toc)).RootElement.GetProperty("glibc");
        Assert.AreEqual("libe_sqlite3.so", glibc.GetProperty("file").GetString());
        Assert.AreEqual("GLIBC_2.34", glibc.GetProperty("version").GetString());
        Assert.IsTrue(glibc.GetProperty("symbols").GetArrayLength() > 0);
        string warnings = Directory.EnumerateFiles(Path.Combine(project.Directory, "obj"), "warn-NuGetApp.txt", SearchOption.AllDirectories).Single();
        StringAssert.Contains(File.ReadAllText(warnings), "needs a newer glibc libe_sqlite3.so - GLIBC_2.34");

        var invalid = project.Publish([.. TestProject.FreezeArguments("OneFile"), "-p:FreezeMinimumGlibc=bullseye"]);
        Assert.AreNotEqual(0, invalid.ExitCode);
        StringAssert.Contains(invalid.StdOut, "error FRZ0012");
    }

    /// <summary>This machine's .NET runtime (hostfxr and Microsoft.NETCore.App), where a framework-dependent app looks for it.</summary>
    private static void CopyDotnetRuntime()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        string dotnet = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        string target = Path.Combine(DebianRoot, "usr", "share", "dotnet");
        foreach (string part in new[] { "host", Path.Combine("shared", "Microsoft.NETCore.App") })
        {
            if (!Directory.Exists(Path.Combine(target, part)))
            {
                CopyTree(Path.Combine(dotnet, part), Path.Combine(target, part));
            }
        }
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        var copy = ProcessRunner.Run("cp", ["-a", source + "/.", destination]);
        Assert.AreEqual(0, copy.ExitCode, copy.ToString());
    }
}
