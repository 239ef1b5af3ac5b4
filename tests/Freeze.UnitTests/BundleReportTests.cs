using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Freeze.Analysis;
using Freeze.Analysis.Report;
using Freeze.Archive;
using Freeze.Sdk.Tasks;

namespace Freeze.UnitTests;

/// <summary>The report: the plan joined with the executable's stored sizes, grouped by origin, and drawn as report.html.</summary>
[TestClass]
public sealed class BundleReportTests
{
    private const string OddName = "data/<b>odd</b> & \"quoted\" 'name'</script>.txt";

    private static readonly byte[] Compressible = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible text ", 400)));
    private static readonly byte[] Incompressible = RandomBytes(3000);
    private static readonly byte[] Module = new byte[5000];

    private TestFolder _folder = null!;

    [TestInitialize]
    public void Setup() => _folder = new TestFolder("frz-report-");

    [TestCleanup]
    public void Cleanup() => _folder.Dispose();

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    /// <summary>An executable written by the real writers, holding what <see cref="Plan"/> places in it.</summary>
    private string Executable()
    {
        string path = Path.Combine(_folder.Path, "App");
        using var stream = File.Create(path);
        stream.Write(new byte[1000]);
        var package = new PackageWriter(stream);
        package.AddMember("App.dll", PackageTypeCode.Assembly, Compressible, 0b110_100_100, MemberCompression.Zlib);
        package.AddMember("libnative.so", PackageTypeCode.Binary, Incompressible, 0b111_101_101, MemberCompression.Zlib);
        package.AddMember(OddName, PackageTypeCode.Data, Encoding.UTF8.GetBytes("odd\n"), 0b110_100_100, MemberCompression.Stored);
        using var modules = new MemoryStream();
        ModuleArchiveWriter.Write(modules, [("Lib.dll", Module)], stream.Position);
        package.AddMember(Toc.ModuleArchiveName, PackageTypeCode.ModuleArchive, modules.ToArray(), 0b110_100_100, MemberCompression.Stored);
        package.AddOption("mode", "onefile");
        package.Finish();
        return path;
    }

    private static Toc Plan() => new("OneFile", "App.dll", SelfContained: false, UsesHosting: false,
    [
        new TocEntry("App.dll", "/src/App.dll", TocTypeCode.ASSEMBLY, TocOrigin.App, "main assembly") { Placement = TocPlacement.Package, Size = Compressible.Length },
        new TocEntry("App.pdb", "/src/App.pdb", TocTypeCode.DATA, TocOrigin.App, "symbols (FreezeIncludeSymbols=false)") { Placement = TocPlacement.Excluded, Size = 100 },
        new TocEntry(OddName, "/src/odd.txt", TocTypeCode.DATA, new TocOrigin("user", "FreezeData"), "FreezeData") { Placement = TocPlacement.Package, Size = 4 },
        new TocEntry("Lib.dll", "/nuget/lib/1.0.0/Lib.dll", TocTypeCode.MODULE, new TocOrigin("package", "Lib", "1.0.0", "runtime"), "managed dependency")
        {
            Placement = TocPlacement.ModuleArchive,
            Size = Module.Length,
            ReferencedBy = [new TocReference("App.dll", TocReference.AssemblyReference)],
        },
        new TocEntry("libnative.so", "/nuget/native/2.0.0/libnative.so", TocTypeCode.BINARY, new TocOrigin("package", "Native", "2.0.0", "native"), "native library")
        {
            Placement = TocPlacement.Package,
            Size = Incompressible.Length,
            ReferencedBy = [new TocReference("Lib.dll", TocReference.DllImport)],
        },
    ])
    {
        Options = [new("mode", "onefile"), new("main-assembly", "App.dll")],
        Diagnostics =
        [
            new(FreezeDiagnostics.MissingAssembly.Code, FreezeSeverity.Warning, FreezeDiagnostics.MissingAssembly.Format("<Gone>", "App")),
            new(FreezeDiagnostics.LocationFile.Code, FreezeSeverity.Message, FreezeDiagnostics.LocationFile.Format("Lib.dll", "Lib.Data.Load in Lib reads Assembly.Location")),
        ],
    };

    [TestMethod]
    public void It_sizes_each_entry_by_what_it_stores_and_what_it_unpacks_to()
    {
        var report = BundleReport.Create(Plan(), ExecutableContents.Read(Executable()), "linux-x64");
        var entries = report.Entries.ToDictionary(e => e.Name);

        using var reader = PackageReader.Open(Path.Combine(_folder.Path, "App"));
        var app = reader.Find("App.dll")!;
        Assert.AreEqual((app.StoredLength, (long)Compressible.Length, "zlib"), (entries["App.dll"].StoredBytes, entries["App.dll"].FullBytes, entries["App.dll"].Compression));
        Assert.IsTrue(entries["App.dll"].StoredBytes < Compressible.Length / 4, "zlib shrank the text");
        Assert.AreEqual(((long)Module.Length, (long)Module.Length, (string?)null), (entries["Lib.dll"].StoredBytes, entries["Lib.dll"].FullBytes, entries["Lib.dll"].Compression), "the module archive stores assemblies as they are");
        Assert.AreEqual("stored", entries["libnative.so"].Compression, "random bytes do not compress: the writer stores them");
        Assert.AreEqual((0L, 100L, false), (entries["App.pdb"].StoredBytes, entries["App.pdb"].FullBytes, entries["App.pdb"].InBundle));
        CollectionAssert.AreEqual(new[] { new TocReference("Lib.dll", TocReference.DllImport) }, entries["libnative.so"].ReferencedBy.ToArray());

        Assert.AreEqual(new FileInfo(Path.Combine(_folder.Path, "App")).Length, report.ExecutableBytes);
        Assert.AreEqual(1000, report.BootloaderBytes);
        Assert.AreEqual(reader.Find(Toc.ModuleArchiveName)!.StoredLength, report.ModuleArchiveBytes);
        Assert.AreEqual(entries.Values.Where(e => e.InBundle).Sum(e => e.StoredBytes), report.StoredBytes);
        CollectionAssert.AreEquivalent(new Dictionary<string, int> { ["zlib"] = 1, ["stored"] = 2 }, report.MembersByCompression.ToDictionary());
    }

    [TestMethod]
    public void It_groups_the_bundle_by_origin_and_by_kind_leaving_out_what_is_left_out()
    {
        var report = BundleReport.Create(Plan(), ExecutableContents.Read(Executable()));

        var origins = report.Origins.ToDictionary(g => g.Name);
        CollectionAssert.AreEquivalent(new[] { "app", "user FreezeData", "package Lib 1.0.0", "package Native 2.0.0" }, origins.Keys.ToArray());
        var app = report.Entries.Single(e => e.Name == "App.dll");
        Assert.AreEqual(new ReportGroup("app", 1, app.StoredBytes, app.FullBytes), origins["app"], "App.pdb is left out of the bundle and of its group");
        CollectionAssert.AreEqual(report.Origins.OrderByDescending(g => g.StoredBytes).Select(g => g.Name).ToArray(), report.Origins.Select(g => g.Name).ToArray(), "largest first");
        CollectionAssert.AreEquivalent(new[] { "managed, as files", "managed, in the module archive", "native libraries", "data" }, report.Kinds.Select(k => k.Name).ToArray());
        Assert.AreEqual(report.StoredBytes, report.Origins.Sum(g => g.StoredBytes));
        Assert.AreEqual(report.FullBytes, report.Kinds.Sum(g => g.FullBytes));
    }

    [DataTestMethod]
    [DataRow("app", null, null, "app")]
    [DataRow("project", "ClassLib", null, "project ClassLib")]
    [DataRow("package", "Newtonsoft.Json", "13.0.4", "package Newtonsoft.Json 13.0.4")]
    [DataRow("framework", "Microsoft.NETCore.App.Runtime.linux-x64", "10.0.0", "framework Microsoft.NETCore.App.Runtime.linux-x64")]
    [DataRow("dependency", "libfrzmain.so", null, "native dependencies")]
    [DataRow("user", "FreezeTree", null, "user FreezeTree")]
    [DataRow("freeze", null, null, "Freeze.Runtime")]
    public void It_names_each_origin_group(string kind, string? id, string? version, string group) =>
        Assert.AreEqual(group, BundleReport.GroupOf(new TocOrigin(kind, id, version)));

    [TestMethod]
    public void It_carries_what_analysis_found_with_the_catalogues_advice()
    {
        var report = BundleReport.Create(Plan(), ExecutableContents.Read(Executable()));
        CollectionAssert.AreEqual(new[] { FreezeDiagnostics.MissingAssembly.Code, FreezeDiagnostics.LocationFile.Code }, report.Findings.Select(f => f.Code).ToArray());
        Assert.AreEqual(FreezeDiagnostics.MissingAssembly.Help, report.Findings[0].Help);
        StringAssert.Contains(report.Findings[0].Message, "'<Gone>', referenced by App");
    }

    [TestMethod]
    public void It_writes_one_page_that_needs_nothing_from_outside_and_escapes_every_name()
    {
        string html = ReportHtml.Render(BundleReport.Create(Plan(), ExecutableContents.Read(Executable()), "linux-x64"));

        Assert.AreEqual(2, Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Count, "the data and the one script; no other script, and no name turned into one");
        Assert.IsFalse(Regex.IsMatch(html, @"<(link|img|iframe|object|embed)\b", RegexOptions.IgnoreCase), "nothing loaded from elsewhere");
        Assert.IsFalse(Regex.IsMatch(html, @"\s(src|href)=""(?!#)", RegexOptions.IgnoreCase), "links stay inside the page");
        StringAssert.Contains(html, "Content-Security-Policy\" content=\"default-src 'none';");
        Assert.IsFalse(html.Contains("<b>odd</b>", StringComparison.Ordinal), "names are text, never markup");
        StringAssert.Contains(html, "data/&lt;b&gt;odd&lt;/b&gt; &amp; &quot;quoted&quot; &#39;name&#39;&lt;/script&gt;.txt");
        StringAssert.Contains(html, "&#39;&lt;Gone&gt;&#39;, referenced by App");

        string data = Regex.Match(html, "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var entries = JsonDocument.Parse(data).RootElement.GetProperty("entries").EnumerateArray().ToArray();
        Assert.AreEqual(5, entries.Length);
        Assert.IsTrue(entries.Any(e => e[0].GetString() == OddName), "the script gets the name as it is, JSON-escaped");
    }

    [TestMethod]
    public void It_shows_every_entry_finding_and_option()
    {
        string html = ReportHtml.Render(BundleReport.Create(Plan(), ExecutableContents.Read(Executable()), "linux-x64"));

        Assert.AreEqual(5, Regex.Matches(html, "<tr id=\"e-\\d+\"").Count, "a row per entry, the left-out one too");
        StringAssert.Contains(html, "<tr id=\"e-1\" class=\"excluded\">");
        StringAssert.Contains(html, "package Lib 1.0.0 <span class=\"tag\">runtime</span>");
        StringAssert.Contains(html, "referenced by <a href=\"#e-0\">App.dll</a> <span class=\"muted\">(assembly reference)</span>", "Lib.dll links to the row of App.dll");
        StringAssert.Contains(html, "<a href=\"#e-3\">Lib.dll</a> <span class=\"muted\">(DllImport)</span>");
        StringAssert.Contains(html, $"data-code=\"{FreezeDiagnostics.MissingAssembly.Code}\"");
        StringAssert.Contains(html, "What to do: add the package or project that provides it, or <code>FreezeHiddenAssembly</code>");
        StringAssert.Contains(html, "<th><code>main-assembly</code></th><td>App.dll</td>");
        StringAssert.Contains(html, "members by compression</th><td>stored 2, zlib 1</td>");
        StringAssert.Contains(html, "OneFile \u00b7 framework-dependent \u00b7 linux-x64");
    }

    [TestMethod]
    public void It_renders_a_bundle_of_thousands_of_entries_quickly()
    {
        var entries = Enumerable.Range(0, 3000).Select(i => new TocEntry($"lib/{i:D4}/Assembly{i}.dll", $"/src/{i}.dll", TocTypeCode.ASSEMBLY,
            new TocOrigin("package", $"Package{i % 40}", "1.0.0", "runtime"), "managed dependency")
        {
            Placement = TocPlacement.Beside,
            Size = 1000 + i,
            ReferencedBy = [new TocReference($"lib/{(i + 1) % 3000:D4}/Assembly{(i + 1) % 3000}.dll", TocReference.AssemblyReference)],
        }).ToList();
        var toc = new Toc("OneDir", "App.dll", false, false, entries);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string html = ReportHtml.Render(BundleReport.Create(toc, new ExecutableContents(100, 100, 0, [])));
        watch.Stop();

        Assert.AreEqual(3000, Regex.Matches(html, "<tr id=\"e-").Count);
        Assert.AreEqual(40, BundleReport.Create(toc, new ExecutableContents(100, 100, 0, [])).Origins.Count);
        Assert.IsTrue(watch.ElapsedMilliseconds < 2000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [TestMethod]
    public void It_is_written_by_the_task_from_the_plan_and_the_executable()
    {
        string toc = Path.Combine(_folder.Path, "toc.json");
        File.WriteAllText(toc, Plan().ToJson());
        var engine = new FakeBuildEngine();
        var task = new WriteFreezeReport
        {
            BuildEngine = engine,
            TocFile = toc,
            Executable = Executable(),
            OutputFile = Path.Combine(_folder.Path, "out", "report.html"),
            RuntimeIdentifier = "linux-x64",
        };

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        string html = File.ReadAllText(task.OutputFile);
        StringAssert.Contains(html, "<title>App \u2014 Freeze.Sdk report</title>");
        StringAssert.Contains(html, ">libnative.so</td>");
        Assert.IsFalse(File.Exists(task.OutputFile + ".tmp"));
    }
}
