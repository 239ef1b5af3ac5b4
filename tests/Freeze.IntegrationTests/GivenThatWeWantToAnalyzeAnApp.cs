using System.Text.Json;

namespace Freeze.IntegrationTests;

/// <summary>Analysis end to end: origins, the managed and native scans, user items, normalization, reproducible and incremental output, the build log.</summary>
[TestClass]
public sealed class GivenThatWeWantToAnalyzeAnApp
{
    private const string Rid = "linux-x64";

    private static string FreezeDir(TestProject project) =>
        Path.Combine(project.Directory, "obj", "Release", "net10.0", Rid, "freeze");

    private static JsonElement[] TocEntries(TestProject project) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(FreezeDir(project), "toc.json"))).RootElement.GetProperty("entries").EnumerateArray().ToArray();

    private static JsonElement Entry(TestProject project, string name) =>
        TocEntries(project).Single(e => e.GetProperty("name").GetString() == name);

    private static string ReferencedBy(JsonElement entry) =>
        JsonSerializer.Serialize(entry.GetProperty("referencedBy"));

    [TestMethod]
    public void It_records_where_each_entry_comes_from()
    {
        using var project = TestProject.Copy("NuGetApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", selfContained: true));

        var newtonsoft = Entry(project, "Newtonsoft.Json.dll").GetProperty("origin");
        Assert.AreEqual("package", newtonsoft.GetProperty("kind").GetString());
        Assert.AreEqual("Newtonsoft.Json", newtonsoft.GetProperty("id").GetString());
        Assert.AreEqual("13.0.4", newtonsoft.GetProperty("version").GetString());
        Assert.AreEqual("runtime", newtonsoft.GetProperty("asset").GetString());

        var sqlite = Entry(project, "libe_sqlite3.so");
        Assert.AreEqual("BINARY", sqlite.GetProperty("typeCode").GetString());
        Assert.AreEqual("native", sqlite.GetProperty("origin").GetProperty("asset").GetString());

        var coreLib = Entry(project, "System.Private.CoreLib.dll").GetProperty("origin");
        Assert.AreEqual("framework", coreLib.GetProperty("kind").GetString());
        StringAssert.StartsWith(coreLib.GetProperty("id").GetString(), "Microsoft.NETCore.App.Runtime.");
        Assert.AreEqual("app", Entry(project, "NuGetApp.dll").GetProperty("origin").GetProperty("kind").GetString());
        Assert.AreEqual("freeze", Entry(project, "Freeze.Runtime.dll").GetProperty("origin").GetProperty("kind").GetString());
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_bundles_data_files_and_trees_the_app_reads_at_run_time(string mode)
    {
        using var project = TestProject.Copy("DataApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode));

        var result = project.Run();
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "settings={ \"greeting\": \"hello from data\" }");
        var assets = result.StdOut.Split('\n').Where(l => l.StartsWith("asset=", StringComparison.Ordinal)).ToArray();
        CollectionAssert.AreEqual(new[] { "asset=assets/img/logo.txt:logo", "asset=assets/readme.txt:readme" }, assets, "*.tmp and cache/ are excluded");
        Assert.AreEqual("DATA", Entry(project, "assets/img/logo.txt").GetProperty("typeCode").GetString());

        // ExcludeFromFreeze: beside the executable in OneDir, left out of a OneFile app.
        string[] files = project.PublishedFiles();
        Assert.AreEqual(mode == "OneDir", files.Contains("beside.txt"), string.Join(", ", files));
        var beside = Entry(project, "beside.txt");
        Assert.AreEqual(mode == "OneDir" ? "Beside" : "Excluded", beside.GetProperty("placement").GetString(), "never in the package");
        Assert.AreEqual("ExcludeFromFreeze", beside.GetProperty("reason").GetString());
        StringAssert.Contains(result.StdOut, $"beside-in-home={mode == "OneDir"}");
        if (mode == "OneFile")
        {
            CollectionAssert.AreEqual(new[] { "DataApp" }, files);
        }
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_collects_a_native_library_and_the_library_it_needs(string mode)
    {
        using var project = TestProject.Copy("NativeApp");
        string native = Path.Combine(project.Directory, "native");
        Gcc(native, "-shared", "-fPIC", "-o", "libfrzdep.so", "frzdep.c");
        Gcc(native, "-shared", "-fPIC", "-o", "libfrzmain.so", "frzmain.c", "-L.", "-lfrzdep");

        project.PublishSucceeds(TestProject.FreezeArguments(mode));

        var dependency = Entry(project, "libfrzdep.so");
        Assert.AreEqual("BINARY", dependency.GetProperty("typeCode").GetString());
        Assert.AreEqual("dependency", dependency.GetProperty("origin").GetProperty("kind").GetString());
        Assert.AreEqual("libfrzmain.so", dependency.GetProperty("origin").GetProperty("id").GetString());
        Assert.AreEqual("""[{"from":"libfrzmain.so","kind":"needed"}]""", ReferencedBy(dependency), "DT_NEEDED");
        Assert.AreEqual("""[{"from":"NativeApp.dll","kind":"dllimport"}]""", ReferencedBy(Entry(project, "libfrzmain.so")), "LibraryImport(\"frzmain\")");
        Assert.IsFalse(TocEntries(project).Any(e => e.GetProperty("name").GetString()!.StartsWith("libc.", StringComparison.Ordinal)), "system libraries are never bundled");

        var result = project.Run();
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "answer=42");
    }

    [TestMethod]
    public void It_warns_about_a_missing_reference_and_a_missing_native_import_and_writes_the_report()
    {
        using var project = TestProject.Copy("MissingRefApp", with: ["ClassLib"]);
        var publish = project.PublishSucceeds(TestProject.FreezeArguments("OneFile"));

        StringAssert.Contains(publish.StdOut, "warning FRZ0103: Assembly 'ClassLib', referenced by MissingRefApp");
        StringAssert.Contains(publish.StdOut, "warning FRZ0106: Native library 'libfrz_not_there', imported by MissingRefApp: Native.frz_not_there");
        string report = File.ReadAllText(Path.Combine(FreezeDir(project), "warn-MissingRefApp.txt"));
        StringAssert.Contains(report, "missing assembly ClassLib - referenced by MissingRefApp");
        StringAssert.Contains(report, "missing native library libfrz_not_there - imported by MissingRefApp: Native.frz_not_there");

        var result = project.Run("--use-lib");
        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdErr, "FileNotFoundException");
        StringAssert.Contains(result.StdErr, "ClassLib");
    }

    [TestMethod]
    public void It_bundles_a_hidden_assembly_from_the_package_closure()
    {
        using var project = TestProject.Copy("HiddenApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile"));
        Assert.AreEqual("MODULE", Entry(project, "Newtonsoft.Json.dll").GetProperty("typeCode").GetString());

        var result = project.Run();
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "loaded=Newtonsoft.Json 13.0.0.0");

        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: "-p:HideNewtonsoft=false"));
        var without = project.Run();
        Assert.AreEqual(4, without.ExitCode, without.ToString());
        StringAssert.Contains(without.StdOut, "not-found=Newtonsoft.Json");
    }

    [TestMethod]
    public void It_errors_on_a_hidden_assembly_found_nowhere()
    {
        using var project = TestProject.Copy("HiddenApp");
        var result = project.Publish(TestProject.FreezeArguments("OneFile", more: "-p:WithMissingHidden=true"));
        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.StdOut, "error FRZ0104: FreezeHiddenAssembly 'No.Such.Assembly'");
        Assert.IsFalse(File.Exists(project.Executable));
    }

    [TestMethod]
    public void It_keeps_identical_files_once_and_errors_on_different_files_under_one_name()
    {
        using var project = TestProject.Copy("DataApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: "-p:FreezeConflict=identical"));
        StringAssert.Contains(project.Run().StdOut, "same=A");

        var conflict = project.Publish(TestProject.FreezeArguments("OneDir", more: "-p:FreezeConflict=different"));
        Assert.AreNotEqual(0, conflict.ExitCode);
        StringAssert.Contains(conflict.StdOut, "error FRZ0102: Two different files are published as 'same.txt'");
        StringAssert.Contains(conflict.StdOut, Path.Combine("conflict", "a", "same.txt"));
        StringAssert.Contains(conflict.StdOut, Path.Combine("conflict", "b", "same.txt"));
    }

    [TestMethod]
    public void It_errors_on_a_destination_outside_the_bundle()
    {
        using var project = TestProject.Copy("DataApp");
        var result = project.Publish(TestProject.FreezeArguments("OneFile", more: "-p:FreezeEscape=true"));
        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.StdOut, "error FRZ0101:");
        StringAssert.Contains(result.StdOut, "'../outside.json'");
        Assert.IsFalse(File.Exists(project.Executable));
        Assert.IsFalse(File.Exists(Path.Combine(project.Root, "outside.json")));
    }

    [DataTestMethod]
    [DataRow("OneDir", false)]
    [DataRow("OneDir", true)]
    [DataRow("OneFile", false)]
    [DataRow("OneFile", true)]
    public void It_produces_bit_identical_executables_from_the_same_inputs(string mode, bool selfContained)
    {
        using var project = TestProject.Copy("NuGetApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));
        byte[] first = File.ReadAllBytes(project.Executable);

        Directory.Delete(Path.Combine(project.Directory, "obj"), recursive: true);
        Directory.Delete(Path.Combine(project.Directory, "bin"), recursive: true);
        Directory.Delete(project.PublishDir, recursive: true);
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));

        CollectionAssert.AreEqual(first, File.ReadAllBytes(project.Executable));
    }

    [TestMethod]
    public void It_rewrites_the_executable_only_when_an_input_changes()
    {
        using var project = TestProject.Copy("DataApp");
        string built = Path.Combine(FreezeDir(project), "DataApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile"));
        var stamp = File.GetLastWriteTimeUtc(built);

        Thread.Sleep(1100);
        var again = project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: "-v:d"));
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(built), "nothing changed: the executable is not rewritten");
        StringAssert.Contains(again.StdOut, "Freeze.Sdk analysis skipped: nothing it reads has changed");

        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: "-p:FreezeCompressionLevel=9"));
        var afterLevel = File.GetLastWriteTimeUtc(built);
        Assert.AreNotEqual(stamp, afterLevel, "the compression level changed");

        Thread.Sleep(1100);
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: "-p:FreezeCompression=none"));
        var afterProperty = File.GetLastWriteTimeUtc(built);
        Assert.AreNotEqual(afterLevel, afterProperty, "a Freeze property changed");

        Thread.Sleep(1100);
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: ["-p:FreezeCompression=none", "-p:FreezeConflict=identical"]));
        var afterItem = File.GetLastWriteTimeUtc(built);
        Assert.AreNotEqual(afterProperty, afterItem, "a Freeze item was added");

        Thread.Sleep(1100);
        File.AppendAllText(Path.Combine(project.Directory, "assets", "readme.txt"), "more\n");
        var changed = project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: ["-p:FreezeCompression=none", "-p:FreezeConflict=identical", "-v:d"]));
        Assert.AreNotEqual(afterItem, File.GetLastWriteTimeUtc(built), "an input file changed");
        Assert.IsFalse(changed.StdOut.Contains("analysis skipped", StringComparison.Ordinal), "a changed file is analysed again");
        StringAssert.Contains(project.Run().StdOut, "asset=assets/readme.txt:readme\nmore");
    }

    [TestMethod]
    public void It_logs_one_summary_line_at_normal_verbosity_the_toc_at_detailed_and_nothing_at_minimal()
    {
        using var project = TestProject.Copy("HelloWorld");
        var minimal = project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: "-v:m"));
        Assert.IsFalse(minimal.StdOut.Contains("Freeze.Sdk", StringComparison.Ordinal), minimal.StdOut);

        var normal = project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: ["-v:n", "-p:FreezeCompression=none"]));
        var summary = normal.StdOut.Split('\n').Where(l => l.Contains("Freeze.Sdk:", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual(1, summary.Length, normal.StdOut);
        StringAssert.Matches(summary[0], new System.Text.RegularExpressions.Regex(@"HelloWorld \(OneFile\): \d+ entries \(.*ASSEMBLY.*DATA\), module archive [\d,]+ bytes, executable [\d,]+ bytes \(bootloader [\d,]+\), needs glibc 2\.\d+ \(bootloader \(freeze-run\)\)"));
        Assert.IsFalse(normal.StdOut.Contains("Freeze.Sdk TOC", StringComparison.Ordinal));

        var detailed = project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: ["-v:d", "-p:FreezeCompression=zlib"]));
        StringAssert.Contains(detailed.StdOut, "Freeze.Sdk TOC");
        StringAssert.Matches(detailed.StdOut, new System.Text.RegularExpressions.Regex(@"ASSEMBLY +Package +HelloWorld\.dll +\[app\] +main assembly"));
    }

    private static void Gcc(string directory, params string[] arguments)
    {
        var result = ProcessRunner.Run("gcc", arguments, directory);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
    }
}
