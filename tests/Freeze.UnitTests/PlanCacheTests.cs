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
    public void It_gives_back_the_last_plan_only_for_its_fingerprint_and_forgets_it_before_a_new_analysis()
    {
        string folder = Path.Combine(_folder.Path, "obj");
        Directory.CreateDirectory(folder);
        var toc = new Toc("OneFile", "App.dll", false, false, []) { Diagnostics = [new TocDiagnostic("FRZ0112", FreezeSeverity.Message, "kept")] };
        File.WriteAllText(Path.Combine(folder, "toc.json"), toc.ToJson());

        Assert.IsNull(PlanCache.Read(folder, "A"), "no fingerprint yet");
        PlanCache.Write(folder, "A");
        Assert.AreEqual("kept", PlanCache.Read(folder, "A")!.Diagnostics.Single().Message);
        Assert.IsNull(PlanCache.Read(folder, "B"));
        PlanCache.Forget(folder);
        Assert.IsNull(PlanCache.Read(folder, "A"));
    }
}
