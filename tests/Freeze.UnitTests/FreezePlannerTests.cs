using Freeze.Analysis;
using Freeze.Archive.Native;

namespace Freeze.UnitTests;

/// <summary>The plan without MSBuild: real files in, placements, reasons, options and diagnostics out.</summary>
[TestClass]
public sealed class FreezePlannerTests
{
    private TestFolder _folder = null!;

    [TestInitialize]
    public void Setup() => _folder = new TestFolder("frz-plan-");

    [TestCleanup]
    public void Cleanup() => _folder.Dispose();

    /// <summary>A real managed assembly (this test assembly) under another name.</summary>
    private string Managed(string name) => _folder.Copy(typeof(FreezePlannerTests).Assembly.Location, name);

    private string Text(string name, string content) => _folder.Text(name, content);

    private AnalysisInput Input(FreezeMode mode, params PublishFile[] files) => new()
    {
        Mode = mode,
        MainAssembly = "App.dll",
        AppHostName = "App",
        StartupHookAssembly = Managed("pkg/Freeze.Runtime.dll"),
        IntermediateDirectory = Path.Combine(_folder.Path, "obj"),
        RuntimePackIds = ["Microsoft.NETCore.App.Runtime.linux-x64"],
        SelfContained = true,
        Files = files,
    };

    private PublishFile App() => new("App.dll", Managed("App.dll"));

    private const string Deps = """
        {"targets":{".NETCoreApp,Version=v10.0/linux-x64":{
          "App/1.0.0":{"runtime":{"App.dll":{}}},
          "Newtonsoft.Json/13.0.4":{"runtime":{"lib/net6.0/Newtonsoft.Json.dll":{}}}}}}
        """;

    private static Dictionary<string, TocEntry> ByName(FreezePlan plan) => plan.Toc.Entries.ToDictionary(e => e.Name);

    private static string? Option(FreezePlan plan, string key) => plan.Toc.Options.SingleOrDefault(o => o.Key == key)?.Value;

    [TestMethod]
    public void It_places_every_publish_item_and_says_why()
    {
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneFile,
            new PublishFile("App", Text("apphost", "host")),
            App(),
            new PublishFile("App.pdb", Text("App.pdb", "pdb")),
            new PublishFile("App.deps.json", Text("App.deps.json", Deps)),
            new PublishFile("Newtonsoft.Json.dll", Managed("Newtonsoft.Json.dll")) { PackageId = "Newtonsoft.Json" },
            new PublishFile("fr/App.resources.dll", Managed("fr/App.resources.dll")),
            new PublishFile("System.Runtime.dll", Managed("System.Runtime.dll")) { PackageId = "Microsoft.NETCore.App.Runtime.linux-x64" },
            new PublishFile("libe_sqlite3.so", Text("libe_sqlite3.so", "\u007fELF")) { PackageId = "SQLitePCLRaw.lib.e_sqlite3" }));

        var actual = plan.Toc.Entries.ToDictionary(e => e.Name, e => (e.TypeCode, e.Placement));
        CollectionAssert.AreEquivalent(new Dictionary<string, (TocTypeCode, TocPlacement)>
        {
            ["App.dll"] = (TocTypeCode.ASSEMBLY, TocPlacement.Package),
            ["App.pdb"] = (TocTypeCode.DATA, TocPlacement.Excluded),
            ["App.deps.json"] = (TocTypeCode.DATA, TocPlacement.Package),
            ["App.bundle.deps.json"] = (TocTypeCode.DATA, TocPlacement.Package),
            ["Newtonsoft.Json.dll"] = (TocTypeCode.MODULE, TocPlacement.ModuleArchive),
            ["fr/App.resources.dll"] = (TocTypeCode.ASSEMBLY, TocPlacement.Package),
            ["System.Runtime.dll"] = (TocTypeCode.ASSEMBLY, TocPlacement.Package),
            ["libe_sqlite3.so"] = (TocTypeCode.BINARY, TocPlacement.Package),
            ["Freeze.Runtime.dll"] = (TocTypeCode.ASSEMBLY, TocPlacement.Package),
        }, actual);
        var entries = ByName(plan);
        Assert.AreEqual("main assembly", entries["App.dll"].Reason);
        StringAssert.Contains(entries["System.Runtime.dll"].Reason, "runtime pack");
        StringAssert.Contains(entries["fr/App.resources.dll"].Reason, "subfolder");
        StringAssert.Contains(entries["App.pdb"].Reason, "FreezeIncludeSymbols=false");
        Assert.IsTrue(plan.Toc.Entries.All(e => !string.IsNullOrEmpty(e.Reason)), "every entry says why it is where it is");
        Assert.AreEqual("framework", entries["System.Runtime.dll"].Origin.Kind);
        Assert.AreEqual("freeze", entries["Freeze.Runtime.dll"].Origin.Kind, "the package's copy, as the publish set lacks one");
        CollectionAssert.AreEqual(plan.Toc.Entries.Select(e => e.Name).Order(StringComparer.Ordinal).ToArray(), plan.Toc.Entries.Select(e => e.Name).ToArray(), "sorted");
    }

    [TestMethod]
    public void It_records_who_refers_to_each_entry_its_size_and_what_analysis_reported()
    {
        string tasks = _folder.Copy(typeof(Freeze.Sdk.Tasks.ComputeFreezeToc).Assembly.Location, "Freeze.Sdk.Tasks.dll");
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneFile,
            App(),
            new PublishFile("Freeze.Sdk.Tasks.dll", tasks) { PackageId = "Tasks" },
            new PublishFile("libfreeze_scanner_probe.so", Text("libfreeze_scanner_probe.so", "\u007fELF")) { PackageId = "Probe" }));

        var entries = ByName(plan);
        CollectionAssert.AreEqual(new[] { new TocReference("App.dll", TocReference.AssemblyReference) }, entries["Freeze.Sdk.Tasks.dll"].ReferencedBy!.ToArray());
        CollectionAssert.AreEqual(new[] { new TocReference("App.dll", TocReference.DllImport) }, entries["libfreeze_scanner_probe.so"].ReferencedBy!.ToArray(),
            "this assembly, copied as App.dll, imports libfreeze_scanner_probe");
        Assert.IsNull(entries["App.dll"].ReferencedBy, "nothing refers to the main assembly");
        Assert.AreEqual(new FileInfo(tasks).Length, entries["Freeze.Sdk.Tasks.dll"].Size);
        CollectionAssert.AreEqual(plan.Diagnostics.Select(d => (d.Diagnostic.Code, d.Diagnostic.Severity, d.Message)).ToArray(),
            plan.Toc.Diagnostics.Select(d => (d.Code, d.Severity, d.Message)).ToArray(), "toc.json keeps what the build log says");
        Assert.IsTrue(plan.Toc.Diagnostics.Any(d => d.Code == FreezeDiagnostics.MissingAssembly.Code), "Freeze.Sdk.Tasks references assemblies the bundle lacks");

        var read = Toc.FromJson(plan.Toc.ToJson());
        CollectionAssert.AreEqual(entries["Freeze.Sdk.Tasks.dll"].ReferencedBy!.ToArray(), read.Entries.Single(e => e.Name == "Freeze.Sdk.Tasks.dll").ReferencedBy!.ToArray());
        CollectionAssert.AreEqual(plan.Toc.Diagnostics.ToArray(), read.Diagnostics.ToArray());
    }

    [DataTestMethod]
    [DataRow("linux-arm64", "libx64.so")]
    [DataRow("linux-x64", "libarm64.so")]
    [DataRow("linux-musl-x64", "libarm64.so")]
    public void It_warns_about_a_native_library_built_for_another_processor(string rid, string foreign)
    {
        string x64 = _folder.Copy(Path.Combine(Repo.Artifacts, "bootloader", "linux-x64", "freeze-run"), "libx64.so");
        string arm64 = _folder.Copy(Path.Combine(Repo.Artifacts, "bootloader", "linux-arm64", "freeze-run"), "libarm64.so");
        var input = Input(FreezeMode.OneFile, App(),
            new PublishFile("libx64.so", x64) { PackageId = "Native" },
            new PublishFile("libarm64.so", arm64) { PackageId = "Native" }) with { RuntimeIdentifier = rid };

        var warnings = FreezePlanner.Plan(input).Diagnostics.Where(d => d.Diagnostic == FreezeDiagnostics.ForeignBinary).ToList();

        Assert.AreEqual(1, warnings.Count, string.Join("\n", warnings.Select(w => w.Message)));
        string machine = foreign == "libx64.so" ? "x86-64" : "AArch64";
        Assert.AreEqual($"'{foreign}' is Linux (ELF) code for {machine}, which a {rid} app cannot load; it was built for another platform. Exclude it with FreezeExclude, or bundle the build of it for {rid}.",
            warnings[0].Message);
    }

    [DataTestMethod]
    [DataRow("linux-x64", NativeFormat.Elf, "x86-64")]
    [DataRow("linux-musl-arm64", NativeFormat.Elf, "AArch64")]
    [DataRow("win-x64", NativeFormat.Pe, "x64")]
    [DataRow("win-arm64", NativeFormat.Pe, "ARM64")]
    public void It_knows_which_format_and_processor_a_runtime_identifier_loads(string rid, NativeFormat format, string machine) =>
        Assert.AreEqual(new NativeTarget(format, machine), NativeTarget.Of(rid));

    [DataTestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("osx-arm64")]
    [DataRow("linux-riscv64")]
    public void It_checks_no_processor_for_a_runtime_identifier_it_does_not_know(string? rid) => Assert.IsNull(NativeTarget.Of(rid));

    [TestMethod]
    public void It_places_files_beside_the_executable_in_OneDir_and_remembers_their_publish_items()
    {
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneDir,
            App(),
            new PublishFile("App.deps.json", Text("App.deps.json", Deps)),
            new PublishFile("Newtonsoft.Json.dll", Managed("Newtonsoft.Json.dll")) { PackageId = "Newtonsoft.Json" },
            new PublishFile("notes.txt", Text("notes.txt", "n")) { ExcludeFromFreeze = true }));

        CollectionAssert.AreEquivalent(new[] { "App.bundle.deps.json", "App.deps.json", "App.dll", "Freeze.Runtime.dll", "notes.txt" },
            plan.Toc.Placed(TocPlacement.Beside).Select(e => e.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "Newtonsoft.Json.dll" }, plan.Toc.Placed(TocPlacement.ModuleArchive).Select(e => e.Name).ToArray());
        Assert.AreEqual(0, plan.Toc.Placed(TocPlacement.Package).Count());
        Assert.AreEqual(0, plan.PublishFileOf["App.dll"]);
        Assert.AreEqual(3, plan.PublishFileOf["notes.txt"]);
        Assert.AreEqual("ExcludeFromFreeze", ByName(plan)["notes.txt"].Reason);
    }

    [TestMethod]
    public void It_leaves_out_what_ExcludeFromFreeze_marks_in_OneFile()
    {
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneFile, App(), new PublishFile("notes.txt", Text("notes.txt", "n")) { ExcludeFromFreeze = true }));
        Assert.AreEqual(TocPlacement.Excluded, ByName(plan)["notes.txt"].Placement);
    }

    [TestMethod]
    public void It_rewrites_the_deps_file_the_host_reads_and_keeps_the_full_one_for_the_app()
    {
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneDir,
            App(),
            new PublishFile("App.deps.json", Text("App.deps.json", Deps)),
            new PublishFile("Newtonsoft.Json.dll", Managed("Newtonsoft.Json.dll")) { PackageId = "Newtonsoft.Json" }));

        var deps = ByName(plan)["App.deps.json"];
        StringAssert.StartsWith(deps.Source, Path.Combine(_folder.Path, "obj"));
        string rewritten = File.ReadAllText(deps.Source);
        StringAssert.Contains(rewritten, "\"App.dll\"");
        Assert.IsFalse(rewritten.Contains("Newtonsoft.Json.dll"), rewritten);
        StringAssert.Contains(File.ReadAllText(ByName(plan)["App.bundle.deps.json"].Source), "lib/net6.0/Newtonsoft.Json.dll", "DependencyContext sees every library");
        Assert.AreEqual("App.bundle.deps.json", Option(plan, "app-deps"));
        Assert.AreEqual("modules.frz", Option(plan, "module-archive"));
    }

    [TestMethod]
    public void It_makes_every_assembly_a_file_with_FreezeModuleArchive_false()
    {
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneFile, App(), new PublishFile("Lib.dll", Managed("Lib.dll")) { PackageId = "Lib" }) with { ModuleArchive = ModuleArchivePolicy.False });
        Assert.AreEqual(TocPlacement.Package, ByName(plan)["Lib.dll"].Placement);
        Assert.AreEqual("FreezeModuleArchive=false", ByName(plan)["Lib.dll"].Reason);
        Assert.IsNull(Option(plan, "module-archive"));
    }

    [DataTestMethod]
    [DataRow(1025, 1, "FRZ0116")]
    [DataRow(10, 64, "FRZ0116")]
    [DataRow(1, 1, null)]
    public void It_refuses_a_destination_too_long_or_too_deep_for_a_path(int segmentLength, int depth, string? code)
    {
        string name = string.Join('/', Enumerable.Repeat(new string('n', segmentLength), depth)) + "/x.txt";
        var input = Input(FreezeMode.OneFile, App(), new PublishFile(name, Text("x.txt", "x")));
        if (code is null)
        {
            Assert.AreEqual(TocPlacement.Package, ByName(FreezePlanner.Plan(input))[name].Placement);
            return;
        }
        Assert.AreEqual(code, Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(input)).Code);
    }

    [TestMethod]
    public void It_refuses_a_destination_outside_the_bundle()
    {
        var error = Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(Input(FreezeMode.OneDir, App(), new PublishFile("../x.txt", Text("x.txt", "x")))));
        Assert.AreEqual("FRZ0101", error.Code);
    }

    [TestMethod]
    public void It_refuses_two_different_files_for_one_name_and_keeps_identical_ones_once()
    {
        var same = FreezePlanner.Plan(Input(FreezeMode.OneDir, App(), new PublishFile("x.txt", Text("a/x.txt", "x")), new PublishFile("x.txt", Text("b/x.txt", "x"))));
        Assert.AreEqual(1, same.Toc.Entries.Count(e => e.Name == "x.txt"));

        var error = Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(Input(FreezeMode.OneDir,
            App(), new PublishFile("y.txt", Text("c/y.txt", "1")), new PublishFile("y.txt", Text("d/y.txt", "2")))));
        Assert.AreEqual("FRZ0102", error.Code);
        StringAssert.Contains(error.Message, Path.Combine(_folder.Path, "in", "c", "y.txt"));
        StringAssert.Contains(error.Message, Path.Combine(_folder.Path, "in", "d", "y.txt"));
    }

    [TestMethod]
    public void It_adds_user_data_binaries_and_trees_with_their_origin()
    {
        string tree = Path.Combine(_folder.Path, "tree");
        foreach (string file in new[] { "a.txt", "sub/b.txt", "sub/skip.log", "cache/c.txt", "keep/d.bin" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tree, file))!);
            File.WriteAllText(Path.Combine(tree, file), file);
        }
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneDir, App()) with
        {
            Data = [new UserFile(Text("settings.json", "{}"), "config/settings.json")],
            Binaries = [new UserFile(Text("libextra.so", "\u007fELF"))],
            Trees = [new UserTree(tree, "assets", ["*.log", "cache"])],
        });

        var entries = ByName(plan);
        Assert.AreEqual(TocTypeCode.DATA, entries["config/settings.json"].TypeCode);
        Assert.AreEqual("FreezeData", entries["config/settings.json"].Origin.Id);
        Assert.AreEqual(TocTypeCode.BINARY, entries["libextra.so"].TypeCode);
        CollectionAssert.AreEquivalent(new[] { "assets/a.txt", "assets/keep/d.bin", "assets/sub/b.txt" }, entries.Keys.Where(k => k.StartsWith("assets/", StringComparison.Ordinal)).ToArray());
        Assert.AreEqual(TocPlacement.Beside, entries["assets/sub/b.txt"].Placement, "OneDir writes data beside the executable");
        Assert.IsFalse(plan.PublishFileOf.ContainsKey("assets/sub/b.txt"), "no publish item behind a user item");
    }

    [TestMethod]
    public void It_refuses_user_items_that_do_not_exist_and_unknown_tree_typecodes()
    {
        Assert.AreEqual("FRZ0107", Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(Input(FreezeMode.OneDir, App()) with { Data = [new UserFile(Path.Combine(_folder.Path, "none.json"))] })).Code);
        Assert.AreEqual("FRZ0107", Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(Input(FreezeMode.OneDir, App()) with { Trees = [new UserTree(Path.Combine(_folder.Path, "none"))] })).Code);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "t"));
        Assert.AreEqual("FRZ0108", Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(Input(FreezeMode.OneDir, App()) with { Trees = [new UserTree(Path.Combine(_folder.Path, "t"), TypeCode: "MODULE")] })).Code);
    }

    [TestMethod]
    public void It_records_excluded_entries_with_the_exclude_and_warns_about_one_that_matches_nothing()
    {
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneFile,
            App(), new PublishFile("Newtonsoft.Json.dll", Managed("Newtonsoft.Json.dll")) { PackageId = "Newtonsoft.Json" }, new PublishFile("notes.txt", Text("notes.txt", "n"))) with
        {
            Excludes = ["Newtonsoft.Json", "notes.txt", "nothing-here.txt"],
        });
        var entries = ByName(plan);
        Assert.AreEqual(TocPlacement.Excluded, entries["Newtonsoft.Json.dll"].Placement);
        Assert.AreEqual("FreezeExclude 'Newtonsoft.Json'", entries["Newtonsoft.Json.dll"].Reason);
        Assert.AreEqual(TocPlacement.Excluded, entries["notes.txt"].Placement);
        var warning = plan.Diagnostics.Single(d => d.Diagnostic.Code == "FRZ0109");
        StringAssert.Contains(warning.Message, "nothing-here.txt");

        Assert.AreEqual("FRZ0110", Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(Input(FreezeMode.OneFile, App()) with { Excludes = ["App"] })).Code);
    }

    [TestMethod]
    public void It_refuses_a_hidden_assembly_found_nowhere()
    {
        var error = Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(Input(FreezeMode.OneFile, App()) with { HiddenAssemblies = ["Not.A.Real.Assembly"] }));
        Assert.AreEqual("FRZ0104", error.Code);
        StringAssert.Contains(error.Message, "Not.A.Real.Assembly");
    }

    [TestMethod]
    public void It_asks_for_the_startup_hook_only_where_it_is_needed()
    {
        var input = Input(FreezeMode.OneDir, App());
        var plan = FreezePlanner.Plan(input);
        Assert.AreEqual("worker", Option(plan, "startup-hook-when"), "no hooks: only --freeze-worker command lines need it");
        Assert.AreEqual("Freeze.Runtime.dll", Option(plan, "startup-hook"));
        Assert.AreEqual("onedir", Option(plan, "mode"));
        Assert.AreEqual("App.dll", Option(plan, "main-assembly"));
        Assert.AreEqual("true", Option(plan, "self-contained"));
        Assert.IsNull(Option(plan, "module-archive"));

        plan = FreezePlanner.Plan(input with { Runtime = new RuntimeSettings { WorkerAutoDispatch = false } });
        Assert.AreEqual("never", Option(plan, "startup-hook-when"));
        Assert.AreEqual("false", Option(plan, "property:FREEZE_WORKER_AUTO_DISPATCH"));

        plan = FreezePlanner.Plan(input with { Runtime = new RuntimeSettings { Hooks = ["App.Hook"], Properties = [KeyValuePair.Create("System.GC.Server", "true")] } });
        Assert.AreEqual("always", Option(plan, "startup-hook-when"), "runtime hooks run in every process");
        Assert.AreEqual("App.Hook", Option(plan, "property:FREEZE_RUNTIME_HOOKS"));
        Assert.AreEqual("true", Option(plan, "property:System.GC.Server"));

        plan = FreezePlanner.Plan(input with { FrameworkAssemblies = ["Microsoft.Extensions.Hosting"] });
        Assert.IsTrue(plan.Toc.UsesHosting);
        Assert.AreEqual("always", Option(plan, "startup-hook-when"), "the content root of a hosting app is set before Main");
        Assert.AreEqual("true", Option(plan, "property:FREEZE_HOSTING_CONTENT_ROOT"));
        Assert.AreEqual("worker", Option(FreezePlanner.Plan(input with { FrameworkAssemblies = ["Microsoft.Extensions.Hosting"], Runtime = new RuntimeSettings { HostingContentRoot = false } }), "startup-hook-when"));
    }

    [TestMethod]
    public void It_refuses_startup_hooks_turned_off_when_the_app_needs_them()
    {
        var input = Input(FreezeMode.OneFile, App());
        var error = Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(input with { Runtime = new RuntimeSettings { StartupHookSupport = false } }));
        Assert.AreEqual("FRZ0010", error.Code);
        StringAssert.Contains(error.Message, "FreezeWorkerAutoDispatch");
        var plan = FreezePlanner.Plan(input with { Runtime = new RuntimeSettings { StartupHookSupport = false, WorkerAutoDispatch = false } });
        Assert.AreEqual("never", Option(plan, "startup-hook-when"), "nothing needs the hook any more");
    }

    [TestMethod]
    public void It_sets_the_temp_folder_option_for_OneFile_only()
    {
        var runtime = new RuntimeSettings { TmpDir = "$HOME/.cache/app" };
        Assert.AreEqual("$HOME/.cache/app", Option(FreezePlanner.Plan(Input(FreezeMode.OneFile, App()) with { Runtime = runtime }), "runtime-tmpdir"));
        Assert.IsNull(Option(FreezePlanner.Plan(Input(FreezeMode.OneDir, App()) with { Runtime = runtime }), "runtime-tmpdir"));
    }

    [TestMethod]
    public void It_maps_the_runtime_of_a_self_contained_OneFile_app_from_the_executable_unless_code_needs_its_files()
    {
        PublishFile Runtime() => new("System.Runtime.dll", Managed("System.Runtime.dll")) { PackageId = "Microsoft.NETCore.App.Runtime.linux-x64" };
        PublishFile AppFrom(Type type) => new("App.dll", _folder.Copy(type.Assembly.Location, $"{type.Assembly.GetName().Name}/App.dll"));
        TocEntry RuntimeEntry(FreezePlan plan) => ByName(plan)["System.Runtime.dll"];
        AnalysisInput Linux(FreezeMode mode, params PublishFile[] files) => Input(mode, files) with { RuntimeIdentifier = "linux-x64" };
        var plain = AppFrom(typeof(FreezeDiagnostics));

        var mapped = FreezePlanner.Plan(Linux(FreezeMode.OneFile, plain, Runtime()));
        Assert.AreEqual((TocTypeCode.MODULE, TocPlacement.ModuleArchive), (RuntimeEntry(mapped).TypeCode, RuntimeEntry(mapped).Placement));
        Assert.AreEqual("runtime pack: mapped from the executable", RuntimeEntry(mapped).Reason);
        Assert.IsFalse(mapped.Diagnostics.Any(d => d.Diagnostic == FreezeDiagnostics.RuntimeFiles));

        Assert.AreEqual(TocTypeCode.ASSEMBLY, RuntimeEntry(FreezePlanner.Plan(Linux(FreezeMode.OneDir, plain, Runtime()))).TypeCode, "OneDir: files beside the executable");
        Assert.AreEqual(TocTypeCode.ASSEMBLY, RuntimeEntry(FreezePlanner.Plan(Linux(FreezeMode.OneFile, plain, Runtime()) with { ModuleArchive = ModuleArchivePolicy.False })).TypeCode);
        Assert.AreEqual(TocTypeCode.ASSEMBLY, RuntimeEntry(FreezePlanner.Plan(Linux(FreezeMode.OneFile, plain, Runtime()) with { RuntimeIdentifier = "win-x64" })).TypeCode, "Windows: the runtime does not take CoreLib from the probe");
        var cached = FreezePlanner.Plan(Linux(FreezeMode.OneFile, plain, Runtime()) with { Runtime = new RuntimeSettings { ExtractionCache = true } });
        Assert.AreEqual((TocTypeCode.ASSEMBLY, "runtime pack: unpacked once into the extraction cache"), (RuntimeEntry(cached).TypeCode, RuntimeEntry(cached).Reason));
        Assert.IsFalse(cached.Diagnostics.Any(d => d.Diagnostic == FreezeDiagnostics.RuntimeFiles));
        Assert.AreEqual(TocTypeCode.MODULE, RuntimeEntry(FreezePlanner.Plan(Linux(FreezeMode.OneFile, plain, Runtime()) with { Runtime = new RuntimeSettings { ExtractionCache = true }, ModuleArchive = ModuleArchivePolicy.Force })).TypeCode,
            "FreezeModuleArchive=force maps them from the executable with the cache too");
        Assert.AreEqual("runtime pack: the host loads it from a file",
            RuntimeEntry(FreezePlanner.Plan(Linux(FreezeMode.OneFile, plain, Runtime()) with { RuntimeIdentifier = "win-x64", Runtime = new RuntimeSettings { ExtractionCache = true } })).Reason,
            "the Windows bootloader has no extraction cache");

        var composite = FreezePlanner.Plan(Linux(FreezeMode.OneFile, plain, Runtime(), new PublishFile("App.r2r.dll", Text("App.r2r.dll", "MZ"))));
        Assert.AreEqual(TocTypeCode.ASSEMBLY, RuntimeEntry(composite).TypeCode);
        StringAssert.Contains(composite.Diagnostics.Single(d => d.Diagnostic == FreezeDiagnostics.RuntimeFiles).Message, "composite ReadyToRun image App.r2r.dll");

        // This assembly builds a MetadataReference from typeof(object).Assembly.Location (WindowsTestFiles).
        var locationReader = FreezePlanner.Plan(Linux(FreezeMode.OneFile, AppFrom(typeof(FreezePlannerTests)), Runtime()));
        Assert.AreEqual(TocTypeCode.ASSEMBLY, RuntimeEntry(locationReader).TypeCode);
        StringAssert.Contains(RuntimeEntry(locationReader).Reason, "FRZ0118");
        string why = locationReader.Diagnostics.Single(d => d.Diagnostic == FreezeDiagnostics.RuntimeFiles).Message;
        StringAssert.Contains(why, "reads the location of System.Runtime");
        StringAssert.Contains(why, $"{nameof(FreezePlannerTests)}.{nameof(RuntimeDirectory)} in App reads RuntimeEnvironment.GetRuntimeDirectory()");

        // Freeze.Analysis compares strings with the name of the runtime property that lists the runtime's files.
        var pathsReader = FreezePlanner.Plan(Linux(FreezeMode.OneFile, AppFrom(typeof(FreezePlanner)), Runtime()));
        StringAssert.Contains(pathsReader.Diagnostics.Single(d => d.Diagnostic == FreezeDiagnostics.RuntimeFiles).Message, "reads TRUSTED_");

        var forced = FreezePlanner.Plan(Linux(FreezeMode.OneFile, AppFrom(typeof(FreezePlannerTests)), Runtime()) with { ModuleArchive = ModuleArchivePolicy.Force });
        Assert.AreEqual(TocTypeCode.MODULE, RuntimeEntry(forced).TypeCode, "FreezeModuleArchive=force maps them all the same");
    }

    /// <summary>Read by analysis, not run: CoreLib's folder, "" when CoreLib is mapped from the executable.</summary>
    private static string RuntimeDirectory() => System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();

    [TestMethod]
    public void It_lets_an_app_skip_the_restart_when_no_library_needs_the_library_path()
    {
        var runtimeLibrary = new PublishFile("libcoreclr.so", Text("libcoreclr.so", "\u007fELF")) { PackageId = "Microsoft.NETCore.App.Runtime.linux-x64" };
        var packageLibrary = new PublishFile("libe_sqlite3.so", Text("libe_sqlite3.so", "\u007fELF")) { PackageId = "SQLitePCLRaw.lib.e_sqlite3" };

        Assert.AreEqual("false", Option(FreezePlanner.Plan(Input(FreezeMode.OneDir, App())), "restart"));
        Assert.AreEqual("false", Option(FreezePlanner.Plan(Input(FreezeMode.OneDir, App(), runtimeLibrary)), "restart"), "the runtime's libraries are loaded by path");
        Assert.IsNull(Option(FreezePlanner.Plan(Input(FreezeMode.OneDir, App(), runtimeLibrary, packageLibrary)), "restart"), "a package's library may need another by name");
        Assert.AreEqual("false", Option(FreezePlanner.Plan(Input(FreezeMode.OneFile, App(), runtimeLibrary)), "restart"), "the OneFile child goes on from the fork");
        Assert.IsNull(Option(FreezePlanner.Plan(Input(FreezeMode.OneFile, App(), runtimeLibrary, packageLibrary)), "restart"), "the OneFile child is exec'd");
    }

    [TestMethod]
    public void It_sets_the_extraction_cache_option_for_OneFile_only()
    {
        var runtime = new RuntimeSettings { ExtractionCache = true };
        Assert.AreEqual("true", Option(FreezePlanner.Plan(Input(FreezeMode.OneFile, App()) with { Runtime = runtime }), "extraction-cache"));
        Assert.IsNull(Option(FreezePlanner.Plan(Input(FreezeMode.OneDir, App()) with { Runtime = runtime }), "extraction-cache"));
        Assert.IsNull(Option(FreezePlanner.Plan(Input(FreezeMode.OneFile, App())), "extraction-cache"), "off unless asked for");
    }

    [TestMethod]
    public void It_keeps_links_inside_the_bundle_as_links_and_refuses_links_out_of_it()
    {
        string real = Text("lib/libfoo.so.1", "\u007fELF");
        string link = Path.Combine(_folder.Path, "in", "lib", "libfoo.so");
        File.CreateSymbolicLink(link, "libfoo.so.1");
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneFile, App(), new PublishFile("native/libfoo.so.1", real), new PublishFile("native/libfoo.so", link)));
        Assert.AreEqual("libfoo.so.1", ByName(plan)["native/libfoo.so"].LinkTarget);
        Assert.IsNull(ByName(plan)["native/libfoo.so.1"].LinkTarget);

        var outside = Assert.ThrowsException<FreezeException>(() => FreezePlanner.Plan(Input(FreezeMode.OneFile, App(), new PublishFile("native/libfoo.so", link))));
        Assert.AreEqual("FRZ0312", outside.Code);
        Assert.IsNull(FreezePlanner.Plan(Input(FreezeMode.OneDir, App(), new PublishFile("native/libfoo.so", link))).Toc.Entries.Single(e => e.Name == "native/libfoo.so").LinkTarget,
            "OneDir copies the file the link names");
    }

    [TestMethod]
    public void It_round_trips_through_toc_json()
    {
        var plan = FreezePlanner.Plan(Input(FreezeMode.OneFile, App(), new PublishFile("Lib.dll", Managed("Lib.dll")) { PackageId = "Lib" }));
        var read = Toc.FromJson(plan.Toc.ToJson());
        CollectionAssert.AreEqual(plan.Toc.Entries.ToArray(), read.Entries.ToArray());
        CollectionAssert.AreEqual(plan.Toc.Options.ToArray(), read.Options.ToArray());
        StringAssert.Contains(plan.Toc.ToJson(), "\"placement\": \"ModuleArchive\"");
        StringAssert.Contains(plan.Toc.ToJson(), "\"reason\": \"managed dependency\"");
    }
}
