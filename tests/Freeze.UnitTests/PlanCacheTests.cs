using Freeze.Analysis;

namespace Freeze.UnitTests;

[TestClass]
public sealed class PlanCacheTests
{
    private TestFolder _folder = null!;

    [TestInitialize]
    public void Setup() => _folder = new TestFolder("frz-plancache-");

    [TestCleanup]
    public void Cleanup() => _folder.Dispose();

    private AnalysisInput Input(params PublishFile[] files) => new()
    {
        Mode = FreezeMode.OneFile,
        MainAssembly = "App.dll",
        AppHostName = "App",
        StartupHookAssembly = _folder.Copy(typeof(PlanCacheTests).Assembly.Location, "pkg/Freeze.Runtime.dll"),
        IntermediateDirectory = Path.Combine(_folder.Path, "obj"),
        Files = files,
    };

    [TestMethod]
    public void It_changes_the_fingerprint_with_any_input_or_file_analysis_reads_and_only_then()
    {
        var app = new PublishFile("App.dll", _folder.Copy(typeof(PlanCacheTests).Assembly.Location, "App.dll"));
        string data = _folder.Text("tree/data.txt", "one");
        var input = Input(app) with { Trees = [new UserTree(Path.GetDirectoryName(data)!)] };
        string fingerprint = PlanCache.Fingerprint(input);

        Assert.AreEqual(fingerprint, PlanCache.Fingerprint(Input(app) with { Trees = [new UserTree(Path.GetDirectoryName(data)!)] }), "same inputs, same files");
        Assert.AreNotEqual(fingerprint, PlanCache.Fingerprint(input with { SelfContained = true }), "a setting");
        Assert.AreNotEqual(fingerprint, PlanCache.Fingerprint(input with { Excludes = ["x.dll"] }), "an item");
        Assert.AreNotEqual(fingerprint, PlanCache.Fingerprint(input with { Files = [app with { PackageId = "App" }] }), "an item's metadata");

        File.SetLastWriteTimeUtc(app.Source, File.GetLastWriteTimeUtc(app.Source).AddSeconds(1));
        string touched = PlanCache.Fingerprint(input);
        Assert.AreNotEqual(fingerprint, touched, "a publish item written again");
        _folder.Text("tree/more.txt", "two");
        Assert.AreNotEqual(touched, PlanCache.Fingerprint(input), "a file added below a FreezeTree folder");
    }

    [TestMethod]
    public void It_fingerprints_every_property_of_the_input()
    {
        // A property added to these records must be added to PlanCache.Fingerprint too: else a change of it would reuse a stale plan.
        string[] Properties(Type type) => type.GetProperties().Select(p => p.Name).Where(n => n != "EqualityContract").Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "AppHostName", "Binaries", "Bootloader", "Data", "ExcludedSources", "Excludes", "Files", "FrameworkAssemblies", "HiddenAssemblies",
            "IncludeSymbols", "IntermediateDirectory", "MainAssembly", "MinimumGlibc", "Mode", "ModuleArchive", "ProjectAssetsFile", "Runtime", "RuntimeIdentifier",
            "RuntimePackIds", "SelfContained", "StartupHookAssembly", "TargetFrameworkMoniker", "Trees" }, Properties(typeof(AnalysisInput)));
        CollectionAssert.AreEqual(new[] { "AllowStartupHooks", "ExtractionCache", "Hooks", "HostingContentRoot", "Properties", "StartupHookSupport", "TmpDir", "WorkerAutoDispatch" }, Properties(typeof(RuntimeSettings)));
        CollectionAssert.AreEqual(new[] { "ExcludeFromFreeze", "PackageId", "PackageVersion", "PathInPackage", "RelativePath", "Source", "SourceProject" }, Properties(typeof(PublishFile)));
        CollectionAssert.AreEqual(new[] { "Destination", "Source" }, Properties(typeof(UserFile)));
        CollectionAssert.AreEqual(new[] { "Excludes", "Folder", "Prefix", "TypeCode" }, Properties(typeof(UserTree)));
    }

    [TestMethod]
    public void It_gives_back_the_last_plan_only_for_its_fingerprint_and_forgets_it_before_a_new_analysis()
    {
        string folder = Path.Combine(_folder.Path, "obj");
        Directory.CreateDirectory(folder);
        var entry = new TocEntry("dir/A b.dll", "/src/A\tb.dll", TocTypeCode.MODULE, new TocOrigin("package", "A", "1.0.0"), "managed\\dependency") { Placement = TocPlacement.ModuleArchive };
        var toc = new Toc("OneFile", "App.dll", false, false, [entry]) { Diagnostics = [new TocDiagnostic("FRZ0112", FreezeSeverity.Message, "kept:\nline two\tand a tab")] };
        File.WriteAllText(Path.Combine(folder, "toc.json"), toc.ToJson());

        Assert.IsNull(PlanCache.Read(folder, "A"), "no fingerprint yet");
        PlanCache.Write(folder, "A", PlanCache.Of(toc));
        var read = PlanCache.Read(folder, "A")!;
        Assert.AreEqual(PlanCache.Of(toc).Diagnostics.Single(), read.Diagnostics.Single(), "tabs and line breaks survive");
        Assert.AreEqual(new PlanCache.Entry("dir/A b.dll", "/src/A\tb.dll", TocTypeCode.MODULE, TocPlacement.ModuleArchive, "package A/1.0.0", "managed\\dependency"), read.Entries.Single());
        Assert.IsNull(PlanCache.Read(folder, "B"));
        PlanCache.Forget(folder);
        Assert.IsNull(PlanCache.Read(folder, "A"));
    }
}
