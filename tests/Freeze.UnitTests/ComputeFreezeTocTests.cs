using Freeze.Sdk.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Freeze.UnitTests;

[TestClass]
public sealed class ComputeFreezeTocTests
{
    private string _dir = "";
    private readonly FakeBuildEngine _engine = new();

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("frz-toc-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private string Managed(string name) => Copy(typeof(ComputeFreezeTocTests).Assembly.Location, name);

    private string Copy(string source, string name)
    {
        string path = Path.Combine(_dir, "in", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(source, path, overwrite: true);
        return path;
    }

    private string Text(string name, string content)
    {
        string path = Path.Combine(_dir, "in", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static ITaskItem Item(string path, string relativePath, string? packageId = null)
    {
        var item = new TaskItem(path);
        item.SetMetadata("RelativePath", relativePath);
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
        IntermediateDirectory = Path.Combine(_dir, "obj"),
        RuntimePackIds = ["Microsoft.NETCore.App.Runtime.linux-x64"],
        SelfContained = true,
    };

    private const string Deps = """
        {"targets":{".NETCoreApp,Version=v10.0/linux-x64":{
          "App/1.0.0":{"runtime":{"App.dll":{}}},
          "Newtonsoft.Json/13.0.4":{"runtime":{"lib/net6.0/Newtonsoft.Json.dll":{}}}}}}
        """;

    [TestMethod]
    public void It_classifies_every_publish_item()
    {
        var task = Task("OneFile",
            Item(Text("apphost", "host"), "App"),
            Item(Managed("App.dll"), "App.dll"),
            Item(Text("App.pdb", "pdb"), "App.pdb"),
            Item(Text("App.deps.json", Deps), "App.deps.json"),
            Item(Managed("Newtonsoft.Json.dll"), "Newtonsoft.Json.dll", "Newtonsoft.Json"),
            Item(Managed("fr/App.resources.dll"), "fr/App.resources.dll"),
            Item(Managed("System.Runtime.dll"), "System.Runtime.dll", "Microsoft.NETCore.App.Runtime.linux-x64"),
            Item(Text("libe_sqlite3.so", "\u007fELF"), "libe_sqlite3.so", "SQLitePCLRaw.lib.e_sqlite3"));

        Assert.IsTrue(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        var toc = Toc.FromJson(File.ReadAllText(task.TocFile));
        var codes = toc.Entries.ToDictionary(e => e.Name, e => e.TypeCode);
        CollectionAssert.AreEquivalent(new Dictionary<string, TocTypeCode>
        {
            ["App.dll"] = TocTypeCode.ASSEMBLY,
            ["App.deps.json"] = TocTypeCode.DATA,
            ["App.bundle.deps.json"] = TocTypeCode.DATA,
            ["Newtonsoft.Json.dll"] = TocTypeCode.MODULE,
            ["fr/App.resources.dll"] = TocTypeCode.ASSEMBLY,
            ["System.Runtime.dll"] = TocTypeCode.ASSEMBLY,
            ["libe_sqlite3.so"] = TocTypeCode.BINARY,
            ["Freeze.Runtime.dll"] = TocTypeCode.ASSEMBLY,
        }, codes);
        Assert.AreEqual(0, task.FilesKeptBeside.Length, "OneFile keeps nothing beside the executable");
        CollectionAssert.AreEqual(toc.Entries.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray(), toc.Entries.Select(e => e.Name).ToArray(), "sorted");
    }

    [TestMethod]
    public void It_removes_archived_assemblies_from_the_deps_file_the_host_reads_and_keeps_the_full_one_for_the_app()
    {
        var task = Task("OneDir",
            Item(Managed("App.dll"), "App.dll"),
            Item(Text("App.deps.json", Deps), "App.deps.json"),
            Item(Managed("Newtonsoft.Json.dll"), "Newtonsoft.Json.dll", "Newtonsoft.Json"));
        Assert.IsTrue(task.Execute());

        var deps = Toc.FromJson(File.ReadAllText(task.TocFile)).Entries.Single(e => e.Name == "App.deps.json");
        StringAssert.StartsWith(deps.Source, Path.Combine(_dir, "obj"));
        string rewritten = File.ReadAllText(deps.Source);
        StringAssert.Contains(rewritten, "\"App.dll\"");
        Assert.IsFalse(rewritten.Contains("Newtonsoft.Json.dll"), rewritten);
        var full = Toc.FromJson(File.ReadAllText(task.TocFile)).Entries.Single(e => e.Name == "App.bundle.deps.json");
        StringAssert.Contains(File.ReadAllText(full.Source), "lib/net6.0/Newtonsoft.Json.dll", "DependencyContext sees every library with its assemblies");

        var kept = task.FilesKeptBeside.Select(i => i.GetMetadata("RelativePath")).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "App.bundle.deps.json", "App.deps.json", "App.dll", "Freeze.Runtime.dll" }, kept);
        Assert.AreEqual(deps.Source, task.FilesKeptBeside.Single(i => i.GetMetadata("RelativePath") == "App.deps.json").ItemSpec);
    }

    [DataTestMethod]
    [DataRow(1025, 1)]
    [DataRow(10, 64)]
    public void It_refuses_a_destination_too_long_or_too_deep_for_a_path(int segmentLength, int depth)
    {
        string name = string.Join('/', Enumerable.Repeat(new string('n', segmentLength), depth)) + "/x.txt";
        var task = Task("OneFile", Item(Managed("App.dll"), "App.dll"), Item(Text("x.txt", "x"), name));
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("FRZ0116", _engine.Errors.Single().Code);
    }

    [TestMethod]
    public void It_refuses_an_unknown_FreezeModuleArchive()
    {
        var task = Task("OneFile", Item(Managed("App.dll"), "App.dll"));
        task.ModuleArchive = "sometimes";
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("FRZ0011", _engine.Errors.Single().Code);
    }

    [TestMethod]
    public void It_keeps_symbols_only_when_asked()
    {
        var task = Task("OneFile", Item(Managed("App.dll"), "App.dll"), Item(Text("App.pdb", "pdb"), "App.pdb"));
        task.IncludeSymbols = true;
        Assert.IsTrue(task.Execute());
        Assert.AreEqual("App.pdb", task.FilesKeptBeside.Single().GetMetadata("RelativePath"));
    }

    [TestMethod]
    public void It_errors_on_a_destination_outside_the_bundle()
    {
        var task = Task("OneDir", Item(Text("x.txt", "x"), "../x.txt"));
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("FRZ0101", _engine.Errors.Single().Code);
    }

    [TestMethod]
    public void It_errors_on_two_different_files_for_one_name_and_keeps_identical_ones_once()
    {
        var same = Task("OneDir", Item(Managed("App.dll"), "App.dll"), Item(Text("a/x.txt", "x"), "x.txt"), Item(Text("b/x.txt", "x"), "x.txt"));
        Assert.IsTrue(same.Execute());
        Assert.AreEqual(1, Toc.FromJson(File.ReadAllText(same.TocFile)).Entries.Count(e => e.Name == "x.txt"));

        var different = Task("OneDir", Item(Text("c/y.txt", "1"), "y.txt"), Item(Text("d/y.txt", "2"), "y.txt"));
        Assert.IsFalse(different.Execute());
        var error = _engine.Errors.Single();
        Assert.AreEqual("FRZ0102", error.Code);
        StringAssert.Contains(error.Message, Path.Combine(_dir, "in", "c", "y.txt"));
        StringAssert.Contains(error.Message, Path.Combine(_dir, "in", "d", "y.txt"));
    }

    [TestMethod]
    public void It_adds_user_data_binaries_and_trees_with_their_origin()
    {
        string tree = Path.Combine(_dir, "tree");
        foreach (string file in new[] { "a.txt", "sub/b.txt", "sub/skip.log", "cache/c.txt", "keep/d.bin" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tree, file))!);
            File.WriteAllText(Path.Combine(tree, file), file);
        }
        var task = Task("OneDir", Item(Managed("App.dll"), "App.dll"));
        task.Data = [new TaskItem(Text("settings.json", "{}"), new Dictionary<string, string> { ["DestinationPath"] = "config/settings.json" })];
        task.Binaries = [new TaskItem(Text("libextra.so", "\u007fELF"))];
        task.Trees = [new TaskItem(tree, new Dictionary<string, string> { ["Prefix"] = "assets", ["Excludes"] = "*.log; cache" })];
        Assert.IsTrue(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        var entries = Toc.FromJson(File.ReadAllText(task.TocFile)).Entries.ToDictionary(e => e.Name);
        Assert.AreEqual(TocTypeCode.DATA, entries["config/settings.json"].TypeCode);
        Assert.AreEqual("FreezeData", entries["config/settings.json"].Origin.Id);
        Assert.AreEqual(TocTypeCode.BINARY, entries["libextra.so"].TypeCode);
        CollectionAssert.AreEquivalent(new[] { "assets/a.txt", "assets/keep/d.bin", "assets/sub/b.txt" }, entries.Keys.Where(k => k.StartsWith("assets/", StringComparison.Ordinal)).ToArray());
        CollectionAssert.Contains(task.FilesKeptBeside.Select(i => i.GetMetadata("RelativePath")).ToArray(), "assets/sub/b.txt", "OneDir writes data beside the executable");
    }

    [TestMethod]
    public void It_leaves_out_excluded_files_and_warns_about_an_exclude_that_matches_nothing()
    {
        var task = Task("OneFile", Item(Managed("App.dll"), "App.dll"), Item(Managed("Newtonsoft.Json.dll"), "Newtonsoft.Json.dll", "Newtonsoft.Json"), Item(Text("notes.txt", "n"), "notes.txt"));
        task.Excludes = [new TaskItem("Newtonsoft.Json"), new TaskItem("notes.txt"), new TaskItem("nothing-here.txt")];
        Assert.IsTrue(task.Execute());
        var names = Toc.FromJson(File.ReadAllText(task.TocFile)).Entries.Select(e => e.Name).ToArray();
        CollectionAssert.DoesNotContain(names, "Newtonsoft.Json.dll");
        CollectionAssert.DoesNotContain(names, "notes.txt");
        StringAssert.Contains(_engine.Warnings.Single(w => w.Code == "FRZ0109").Message, "nothing-here.txt");
    }

    [TestMethod]
    public void It_errors_on_a_hidden_assembly_found_nowhere()
    {
        var task = Task("OneFile", Item(Managed("App.dll"), "App.dll"));
        task.HiddenAssemblies = [new TaskItem("Not.A.Real.Assembly")];
        Assert.IsFalse(task.Execute());
        var error = _engine.Errors.Single();
        Assert.AreEqual("FRZ0104", error.Code);
        StringAssert.Contains(error.Message, "Not.A.Real.Assembly");
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
    }
}
