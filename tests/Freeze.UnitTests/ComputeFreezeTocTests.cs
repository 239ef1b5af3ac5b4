using Freeze.Analysis;
using Freeze.Sdk.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Freeze.UnitTests;

/// <summary>The task around the planner: items in, toc.json and items out, diagnostics logged with their codes.</summary>
[TestClass]
public sealed class ComputeFreezeTocTests
{
    private TestFolder _folder = null!;
    private readonly FakeBuildEngine _engine = new();

    [TestInitialize]
    public void Setup() => _folder = new TestFolder("frz-toc-");

    [TestCleanup]
    public void Cleanup() => _folder.Dispose();

    /// <summary>A real managed assembly (this test assembly) under another name.</summary>
    private string Managed(string name) => _folder.Copy(typeof(ComputeFreezeTocTests).Assembly.Location, name);

    private string Text(string name, string content) => _folder.Text(name, content);

    private static ITaskItem Item(string path, string relativePath, string? packageId = null)
    {
        var item = new TaskItem(path);
        item.SetMetadata("RelativePath", relativePath);
        item.SetMetadata("CopyToPublishDirectory", "Always");
        if (packageId is not null)
        {
            item.SetMetadata("NuGetPackageId", packageId);
        }
        return item;
    }

    private ComputeFreezeToc Task(string mode, params ITaskItem[] files) => new()
    {
        BuildEngine = _engine,
        Files = files,
        Mode = mode,
        MainAssembly = "App.dll",
        AppHostName = "App",
        StartupHookAssembly = Managed("pkg/Freeze.Runtime.dll"),
        IntermediateDirectory = Path.Combine(_folder.Path, "obj"),
        RuntimePackIds = ["Microsoft.NETCore.App.Runtime.linux-x64"],
        SelfContained = true,
    };

    [TestMethod]
    public void It_writes_the_plan_and_hands_back_the_files_kept_beside_with_their_metadata()
    {
        var task = Task("OneDir", Item(Managed("App.dll"), "App.dll"), Item(Managed("Lib.dll"), "Lib.dll", "Lib"), Item(Text("App.pdb", "pdb"), "App.pdb"));
        task.IncludeSymbols = true;
        Assert.IsTrue(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        var toc = Toc.FromJson(File.ReadAllText(task.TocFile));
        Assert.AreEqual(TocPlacement.ModuleArchive, toc.Entries.Single(e => e.Name == "Lib.dll").Placement);
        var kept = task.FilesKeptBeside.ToDictionary(i => i.GetMetadata("RelativePath"));
        CollectionAssert.AreEquivalent(new[] { "App.dll", "App.pdb", "Freeze.Runtime.dll" }, kept.Keys.ToArray());
        Assert.AreEqual("Always", kept["App.dll"].GetMetadata("CopyToPublishDirectory"), "a publish item keeps its metadata");
        Assert.AreEqual("PreserveNewest", kept["Freeze.Runtime.dll"].GetMetadata("CopyToPublishDirectory"), "the package's copy is copied when newer");
        Assert.AreEqual("ModuleArchive", task.TocEntries.Single(i => i.GetMetadata("DestinationPath") == "Lib.dll").GetMetadata("Placement"));
        StringAssert.StartsWith(File.ReadAllText(task.WarningsFile), "# Freeze.Sdk analysis of App:");
    }

    [TestMethod]
    public void It_logs_analysis_warnings_and_errors_with_their_codes()
    {
        var task = Task("OneFile", Item(Managed("App.dll"), "App.dll"));
        task.Excludes = [new TaskItem("nothing-here.txt")];
        Assert.IsTrue(task.Execute());
        var warning = _engine.Warnings.Single(w => w.Code == "FRZ0109");
        StringAssert.Contains(warning.Message, "nothing-here.txt");

        var invalid = Task("OneFile", Item(Managed("App.dll"), "App.dll"));
        invalid.ModuleArchive = "sometimes";
        Assert.IsFalse(invalid.Execute());
        Assert.AreEqual("FRZ0011", _engine.Errors.Single().Code);
    }

    [TestMethod]
    public void It_does_not_rewrite_an_unchanged_toc()
    {
        var first = Task("OneDir", Item(Managed("App.dll"), "App.dll"));
        Assert.IsTrue(first.Execute());
        var stamp = File.GetLastWriteTimeUtc(first.TocFile);
        Thread.Sleep(20);
        var second = Task("OneDir", first.Files);
        second.StartupHookAssembly = first.StartupHookAssembly;
        Assert.IsTrue(second.Execute());
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(second.TocFile));

        second.RuntimeOptions = [new TaskItem("System.GC.Server", new Dictionary<string, string> { ["Value"] = "true" })];
        Assert.IsTrue(second.Execute());
        Assert.AreNotEqual(stamp, File.GetLastWriteTimeUtc(second.TocFile), "a changed option changes the plan, so the executable is made again");
    }
}
