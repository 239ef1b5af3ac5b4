using System.Runtime.InteropServices;
using Freeze.Analysis;
using Freeze.Sdk.Tasks;

namespace Freeze.UnitTests;

[TestClass]
public sealed class ManagedScannerTests
{
    [DllImport("libfreeze_scanner_probe")]
    private static extern void ProbeImport();

    [TestMethod]
    public void It_reports_references_nothing_provides_and_native_imports()
    {
        string self = typeof(ManagedScannerTests).Assembly.Location;
        var bundled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Freeze.UnitTests"] = self };
        var framework = new HashSet<string>(AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name!)
            .Where(n => n.StartsWith("System", StringComparison.Ordinal) || n.StartsWith("Microsoft.", StringComparison.Ordinal)), StringComparer.OrdinalIgnoreCase);

        var result = ManagedScanner.Scan(["Freeze.UnitTests"], bundled, framework, new HashSet<string>());

        var missing = result.Missing.Where(m => m.Name == "Freeze.Sdk.Tasks").ToList();
        Assert.AreEqual(1, missing.Count, string.Join(", ", result.Missing));
        Assert.AreEqual("Freeze.UnitTests", missing[0].ReferencedBy);
        var import = result.NativeImports.Single(i => i.Library == "libfreeze_scanner_probe");
        StringAssert.Contains(import.Caller, "ManagedScannerTests.ProbeImport");
        Assert.AreEqual("Freeze.UnitTests", import.Assembly);
    }

    [TestMethod]
    public void It_follows_references_into_bundled_assemblies()
    {
        var bundled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Freeze.UnitTests"] = typeof(ManagedScannerTests).Assembly.Location,
            ["Freeze.Sdk.Tasks"] = typeof(ComputeFreezeToc).Assembly.Location,
        };
        var result = ManagedScanner.Scan(["Freeze.UnitTests"], bundled, new HashSet<string>(), new HashSet<string>());
        Assert.IsTrue(result.Missing.Any(m => m.ReferencedBy == "Freeze.Sdk.Tasks"), "references of Freeze.Sdk.Tasks were scanned too");
        Assert.IsFalse(result.Missing.Any(m => m.Name == "Freeze.Sdk.Tasks"));
        CollectionAssert.AreEqual(new[] { new BundledReference("Freeze.Sdk.Tasks", "Freeze.UnitTests") }, result.References.ToArray(), "the one reference between bundled assemblies");
    }

    /// <summary>Reads its own assembly's location: this assembly needs a file.</summary>
    private static string OwnFolder() => Path.GetDirectoryName(typeof(ManagedScannerTests).Assembly.Location)!;

    /// <summary>Reads the location of typeof() of another bundled assembly: that one needs a file too.</summary>
    private static string TasksLocation() => typeof(ComputeFreezeToc).Assembly.Location;

    [TestMethod]
    public void It_finds_code_that_reads_assembly_locations_and_the_assemblies_it_names()
    {
        Assert.AreNotEqual("", OwnFolder() + TasksLocation());
        var bundled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Freeze.UnitTests"] = typeof(ManagedScannerTests).Assembly.Location,
            ["Freeze.Sdk.Tasks"] = typeof(ComputeFreezeToc).Assembly.Location,
            ["Freeze.Archive"] = typeof(Freeze.Archive.PackageReader).Assembly.Location,
        };
        var result = ManagedScanner.Scan(["Freeze.UnitTests"], bundled, new HashSet<string>(), new HashSet<string> { "Freeze.UnitTests" });

        var own = result.LocationUses.Where(u => u.CallSite.StartsWith("Freeze.UnitTests.ManagedScannerTests.OwnFolder in", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "Freeze.UnitTests" }, own.Select(u => u.Assembly).ToArray());
        var named = result.LocationUses.Where(u => u.CallSite.StartsWith("Freeze.UnitTests.ManagedScannerTests.TasksLocation in", StringComparison.Ordinal)).Select(u => u.Assembly).Order().ToArray();
        CollectionAssert.AreEqual(new[] { "Freeze.Sdk.Tasks", "Freeze.UnitTests" }, named);
        Assert.IsTrue(result.LocationUses.Where(u => u.Assembly == "Freeze.Archive").All(u => u.CallSite.Contains(nameof(It_finds_code_that_reads_assembly_locations_and_the_assemblies_it_names), StringComparison.Ordinal)),
            "only this method reads a location naming Freeze.Archive\n" + string.Join("\n", result.LocationUses));
    }
}

[TestClass]
public sealed class NativeLibraryNamesTests
{
    [DataTestMethod]
    [DataRow("libc")]
    [DataRow("libc.so.6")]
    [DataRow("libm.so.6")]
    [DataRow("ld-linux-x86-64.so.2")]
    [DataRow("libstdc++.so.6")]
    [DataRow("libicuuc.so.72")]
    [DataRow("kernel32")]
    [DataRow("kernel32.dll")]
    [DataRow("api-ms-win-core-file-l1-1-0.dll")]
    [DataRow("libSystem.dylib")]
    public void It_knows_the_system_libraries(string name) => Assert.IsTrue(NativeLibraryNames.IsSystemLibrary(name));

    [DataTestMethod]
    [DataRow("e_sqlite3")]
    [DataRow("libe_sqlite3.so")]
    [DataRow("libcustom.so.1")]
    [DataRow("libcrypt_o")]
    public void It_does_not_take_other_libraries_for_system_ones(string name) => Assert.IsFalse(NativeLibraryNames.IsSystemLibrary(name));

    [DataTestMethod]
    [DataRow("e_sqlite3", "libe_sqlite3.so", true)]
    [DataRow("libe_sqlite3", "libe_sqlite3.so", true)]
    [DataRow("libe_sqlite3.so", "libe_sqlite3.so", true)]
    [DataRow("foo", "libfoo.so.1", true)]
    [DataRow("foo", "libfoobar.so", false)]
    [DataRow("libfoo.so.1", "libfoo.so.1", true)]
    [DataRow("libfoo.so.1", "libfoo.so.2", false)]
    public void It_matches_import_names_to_bundled_files(string import, string file, bool expected) =>
        Assert.AreEqual(expected, NativeLibraryNames.Matches(import, file));
}

[TestClass]
public sealed class TreeExpanderTests
{
    [TestMethod]
    public void It_errors_on_a_tree_that_is_not_a_folder()
    {
        var error = Assert.ThrowsException<FreezeException>(() => TreeExpander.Expand("/no/such/folder", "", []).ToList());
        Assert.AreEqual("FRZ0107", error.Code);
    }
}
