using System.Text.Json;
using Freeze.Archive;

namespace Freeze.Tools.Tests;

/// <summary>The freeze command on testassets/NuGetApp frozen by the package just built (OneFile and OneDir).</summary>
[TestClass]
public sealed class GivenThatWeWantToInspectAFrozenApp
{
    private static TestProject? s_oneFile;
    private static TestProject? s_oneDir;

    private static TestProject OneFile => s_oneFile ?? throw new InvalidOperationException("not published");

    private static TestProject OneDir => s_oneDir ?? throw new InvalidOperationException("not published");

    private string _dir = "";

    [ClassInitialize]
    public static void Publish(TestContext context)
    {
        s_oneFile = TestProject.Copy("NuGetApp", test: "inspect-onefile");
        s_oneFile.PublishSucceeds("-r", "linux-x64", "-p:FreezeMode=OneFile", "--self-contained=false");
        s_oneDir = TestProject.Copy("NuGetApp", test: "inspect-onedir");
        s_oneDir.PublishSucceeds("-r", "linux-x64", "-p:FreezeMode=OneDir", "--self-contained=false");
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        s_oneFile?.Dispose();
        s_oneDir?.Dispose();
    }

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("frz-inspect-").FullName;

    [TestCleanup]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void It_lists_a_OneFile_executable_and_its_module_archive()
    {
        var log = FreezeProcess.Run("archive-viewer", "--log", "--recursive", OneFile.Executable);
        Assert.AreEqual(0, log.ExitCode, log.ToString());
        Assert.AreEqual("", log.StdErr);
        StringAssert.Contains(log.StdOut, $"{OneFile.Executable}: frozen executable (ELF bootloader)");
        StringAssert.Contains(log.StdOut, $"{OneFile.Executable}!modules.frz: module archive");
        StringAssert.Matches(log.StdOut, new System.Text.RegularExpressions.Regex(@"\n  m    stored +\d+ +\d+  [0-9a-f]{8}  Newtonsoft\.Json\.dll\n"));
        StringAssert.Matches(log.StdOut, new System.Text.RegularExpressions.Regex(@"\n  b    \w+ +\d+ +\d+  [0-9a-f]{8}  libe_sqlite3\.so\n"));

        var brief = FreezeProcess.Run("archive-viewer", "-b", OneFile.Executable);
        Assert.AreEqual(0, brief.ExitCode, brief.ToString());
        using var reader = PackageReader.Open(OneFile.Executable);
        CollectionAssert.AreEqual(reader.Entries.Select(e => e.Name).ToArray(), brief.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        CollectionAssert.Contains(reader.Entries.Select(e => e.Name).ToList(), "mode=onefile");

        var recursive = FreezeProcess.Run("archive-viewer", "-b", "-r", OneFile.Executable);
        CollectionAssert.Contains(recursive.StdOut.Split('\n'), "modules.frz!Newtonsoft.Json.dll");
        CollectionAssert.Contains(recursive.StdOut.Split('\n'), "modules.frz!Microsoft.Data.Sqlite.dll");
    }

    [TestMethod]
    public void It_browses_a_OneFile_executable_interactively_through_stdin()
    {
        string extracted = Path.Combine(_dir, "Newtonsoft.Json.dll");
        var result = FreezeProcess.RunWithInput(
            string.Join('\n', "O modules.frz", "X Newtonsoft.Json", extracted, "O Newtonsoft.Json", "bogus", "U", "X NuGetApp.runtimeconfig.json", "", "Q", ""),
            "archive-viewer", OneFile.Executable);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.StdErr);
        string original = Directory.EnumerateFiles(Path.Combine(NativeDependencyReaderTests.NuGetRoot, "newtonsoft.json", "13.0.4", "lib"), "Newtonsoft.Json.dll", SearchOption.AllDirectories)
            .Single(f => f.Contains("net6.0", StringComparison.Ordinal));
        CollectionAssert.AreEqual(File.ReadAllBytes(original), File.ReadAllBytes(extracted), "the assembly comes out of the module archive byte for byte");
        StringAssert.Contains(result.StdOut, "!Newtonsoft.Json.dll is not an archive.");
        StringAssert.Contains(result.StdOut, "Unknown command 'BOGUS'");
        StringAssert.Contains(result.StdOut, "\"runtimeOptions\"", "the runtimeconfig was written to standard output");
    }

    [TestMethod]
    public void It_lists_a_OneDir_executable_whose_files_stay_beside_it()
    {
        var brief = FreezeProcess.Run("archive-viewer", "-br", OneDir.Executable);
        Assert.AreEqual(0, brief.ExitCode, brief.ToString());
        string[] names = brief.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.Contains(names, "mode=onedir");
        CollectionAssert.Contains(names, "modules.frz!Newtonsoft.Json.dll");
        CollectionAssert.DoesNotContain(names, "libe_sqlite3.so");
    }

    [TestMethod]
    public void It_compares_the_OneFile_and_OneDir_executables_and_their_plans()
    {
        var executables = FreezeProcess.Run("diff", "--json", OneFile.Executable, OneDir.Executable);
        Assert.AreEqual(0, executables.ExitCode, executables.ToString());
        using (var document = JsonDocument.Parse(executables.StdOut))
        {
            var removed = document.RootElement.GetProperty("entries").EnumerateArray()
                .Where(e => e.GetProperty("change").GetString() == "removed").Select(e => e.GetProperty("name").GetString()).ToList();
            CollectionAssert.IsSubsetOf(new[] { "NuGetApp.dll", "libe_sqlite3.so", "NuGetApp.runtimeconfig.json" }, removed, "OneDir keeps them beside the executable");
            Assert.AreEqual(0, document.RootElement.GetProperty("summary").GetProperty("added").GetInt32());
            var mode = document.RootElement.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("key").GetString() == "mode");
            Assert.AreEqual(("onefile", "onedir"), (mode.GetProperty("before").GetString(), mode.GetProperty("after").GetString()));
        }

        var plans = FreezeProcess.Run("diff", TocOf(OneFile), TocOf(OneDir));
        Assert.AreEqual(0, plans.ExitCode, plans.ToString());
        StringAssert.Contains(plans.StdOut, "\n0 added, 0 removed, 0 grew, 0 shrank, ", "the same files, placed elsewhere");
        StringAssert.Matches(plans.StdOut, new System.Text.RegularExpressions.Regex(@"\n  ~ +0 B .*  libe_sqlite3\.so  \[BINARY in the package -> BINARY beside\]\n"));
        StringAssert.Contains(plans.StdOut, "\n  ~ mode: onefile -> onedir\n");
    }

    private static string TocOf(TestProject project) => Path.Combine(project.Directory, "obj", "Release", "net10.0", "linux-x64", "freeze", "toc.json");

    [TestMethod]
    public void It_extracts_a_OneFile_executable_into_a_folder()
    {
        string output = Path.Combine(_dir, "out");
        var result = FreezeProcess.Run("archive-viewer", "--extract", output, OneFile.Executable);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(OneDir.PublishDir, "libe_sqlite3.so")), File.ReadAllBytes(Path.Combine(output, "libe_sqlite3.so")));
        var modules = FreezeProcess.Run("archive-viewer", "-b", Path.Combine(output, "modules.frz"));
        Assert.AreEqual(0, modules.ExitCode, modules.ToString());
        CollectionAssert.Contains(modules.StdOut.Split('\n'), "Newtonsoft.Json.dll");
    }

    [TestMethod]
    public void It_prints_the_dependencies_of_the_published_native_files()
    {
        string sqlite = Path.Combine(OneDir.PublishDir, "libe_sqlite3.so");
        var json = FreezeProcess.Run("bindepend", "--json", sqlite, OneFile.Executable, "/bin/ls");
        Assert.AreEqual(0, json.ExitCode, json.ToString());
        using var document = JsonDocument.Parse(json.StdOut);
        var files = document.RootElement.EnumerateArray().ToList();
        Assert.AreEqual(3, files.Count);
        foreach (var file in files)
        {
            Assert.AreEqual("elf", file.GetProperty("format").GetString());
            Assert.AreEqual("x86-64", file.GetProperty("machine").GetString());
            CollectionAssert.Contains(file.GetProperty("needed").EnumerateArray().Select(e => e.GetString()).ToList(), "libc.so.6", file.ToString());
        }
        CollectionAssert.Contains(files[1].GetProperty("needed").EnumerateArray().Select(e => e.GetString()).ToList(), "libm.so.6", "the bootloader links libm for native libraries");

        var text = FreezeProcess.Run("bindepend", sqlite);
        Assert.AreEqual(0, text.ExitCode, text.ToString());
        StringAssert.StartsWith(text.StdOut, $"{sqlite}: ELF 64-bit x86-64\n");
        StringAssert.Contains(text.StdOut, "    needed   libc.so.6\n");
    }

    [TestMethod]
    public void It_prints_the_imports_of_a_PE_file()
    {
        string? host = Directory.Exists(Path.Combine(NativeDependencyReaderTests.NuGetRoot, "microsoft.testplatform.testhost"))
            ? Directory.EnumerateFiles(Path.Combine(NativeDependencyReaderTests.NuGetRoot, "microsoft.testplatform.testhost"), "testhost.exe", SearchOption.AllDirectories).FirstOrDefault(f => f.Contains("/x64/", StringComparison.Ordinal))
            : null;
        string pe = host ?? Path.Combine(_dir, "minimal.exe");
        if (host is null)
        {
            File.WriteAllBytes(pe, MinimalPe.Build(true, ["KERNEL32.dll"], []));
        }
        var result = FreezeProcess.Run("bindepend", pe);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.StdOut, $"{pe}: PE 64-bit x64\n");
        StringAssert.Contains(result.StdOut, "    needed   KERNEL32.dll\n");
    }

    [DataTestMethod]
    [DataRow("truncated")]
    [DataRow("toc-zeroed")]
    [DataRow("cookie-length")]
    [DataRow("dotdot-name")]
    public void It_reports_a_damaged_executable_in_one_line(string damage)
    {
        byte[] bytes = File.ReadAllBytes(OneFile.Executable);
        int tocLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        int toc = bytes.Length - PackageFormat.CookieSize - tocLength;
        switch (damage)
        {
            case "truncated":
                bytes = bytes[..(bytes.Length / 2)].Concat(bytes[^40..]).ToArray();
                break;
            case "toc-zeroed":
                Array.Clear(bytes, toc, 16);
                break;
            case "cookie-length":
                BitConverter.GetBytes(long.MaxValue).CopyTo(bytes, bytes.Length - 24);
                break;
            case "dotdot-name":
                int name = bytes.AsSpan(toc).IndexOf("NuGetApp.dll\0"u8) + toc;
                "../../x.dll\0"u8.CopyTo(bytes.AsSpan(name));
                BitConverter.GetBytes((ushort)11).CopyTo(bytes, name - 2);
                break;
        }
        string file = Path.Combine(_dir, "damaged");
        File.WriteAllBytes(file, bytes);

        var result = FreezeProcess.Run("archive-viewer", "-l", file);
        FreezeProcess.AssertFailsWith(result, FreezeDiagnostics.ToolDamagedArchive.Code);
        Assert.IsFalse(result.StdErr.Contains("   at ", StringComparison.Ordinal), result.StdErr);

        var bindepend = FreezeProcess.Run("bindepend", Path.Combine(_dir, "nothing-here"));
        FreezeProcess.AssertFailsWith(bindepend, FreezeDiagnostics.ToolCannotRead.Code);
    }
}
