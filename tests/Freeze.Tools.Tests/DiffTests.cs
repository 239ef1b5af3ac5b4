using System.Text;
using System.Text.Json;
using Freeze.Analysis;
using Freeze.Archive;

namespace Freeze.Tools.Tests;

/// <summary><c>freeze diff</c> on executables and toc.json files written by the real writers.</summary>
[TestClass]
public sealed class DiffTests
{
    private string _dir = "";

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("frz-diff-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A frozen executable: the members given, the module archive's assemblies, and a mode option.</summary>
    private static byte[] Executable(string mode, (string Name, char Type, byte[] Content)[] members, (string Name, byte[] Content)[] modules)
    {
        using var stream = new MemoryStream();
        stream.Write(SampleArchives.FakeBootloader);
        var writer = new PackageWriter(stream);
        foreach (var (name, type, content) in members)
        {
            writer.AddMember(name, type, content, 0b110_100_100, MemberCompression.Zlib);
        }
        using var archive = new MemoryStream();
        ModuleArchiveWriter.Write(archive, modules, stream.Position);
        writer.AddMember(Toc.ModuleArchiveName, PackageTypeCode.ModuleArchive, archive.ToArray(), 0b110_100_100, MemberCompression.Stored);
        writer.AddOption("mode", mode);
        writer.Finish();
        return stream.ToArray();
    }

    private static byte[] Text(int length) => Encoding.UTF8.GetBytes(new string('a', length));

    private (string A, string B) TwoExecutables() =>
    (
        Write("a", Executable("onefile",
            [("App.dll", PackageTypeCode.Assembly, SampleArchives.RandomBytes(2000, 1)), ("libold.so", PackageTypeCode.Binary, SampleArchives.RandomBytes(500, 2)), ("same.json", PackageTypeCode.Data, Text(10))],
            [("Lib.dll", SampleArchives.RandomBytes(3000, 3)), ("Gone.dll", SampleArchives.RandomBytes(100, 4))])),
        Write("b", Executable("onedir",
            [("App.dll", PackageTypeCode.Assembly, SampleArchives.RandomBytes(2600, 1)), ("libnew.so", PackageTypeCode.Binary, SampleArchives.RandomBytes(800, 5)), ("same.json", PackageTypeCode.Data, Text(10))],
            [("Lib.dll", SampleArchives.RandomBytes(2500, 3)), ("Added.dll", SampleArchives.RandomBytes(4000, 6))]))
    );

    [TestMethod]
    public void It_tells_what_was_added_removed_grew_and_shrank_between_two_executables()
    {
        var (a, b) = TwoExecutables();
        var run = ToolRun.Invoke("diff", a, b);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StdErr);
        string[] lines = run.StdOut.Split('\n');
        StringAssert.StartsWith(lines[0], $"freeze diff: {a} (executable, 5 entries, ");
        Assert.AreEqual("2 added, 2 removed, 1 grew, 1 shrank, 0 moved, 1 unchanged", lines[2]);
        string Line(string name) => lines.Single(l => l.EndsWith("  " + name, StringComparison.Ordinal) || l.Contains("  " + name + "  [", StringComparison.Ordinal));
        StringAssert.StartsWith(Line("Added.dll"), "  +     +3.9 KiB           -     3.9 KiB  Added.dll  [module archive]");
        StringAssert.StartsWith(Line("libnew.so"), "  +");
        StringAssert.StartsWith(Line("Gone.dll"), "  -       -100 B       100 B           -  Gone.dll  [module archive]");
        StringAssert.StartsWith(Line("libold.so"), "  -");
        StringAssert.StartsWith(Line("App.dll"), "  >");
        StringAssert.StartsWith(Line("Lib.dll"), "  <       -500 B     2.9 KiB     2.4 KiB  Lib.dll");
        Assert.IsFalse(run.StdOut.Contains("same.json", StringComparison.Ordinal), "unchanged entries are counted, not listed");
        StringAssert.Contains(run.StdOut, "by kind (an executable does not record origins)");
        StringAssert.Contains(run.StdOut, "\noptions\n  ~ mode: onefile -> onedir\n");
    }

    [TestMethod]
    public void It_writes_the_comparison_of_two_executables_as_JSON_by_stored_bytes()
    {
        var (a, b) = TwoExecutables();
        var run = ToolRun.Invoke("diff", "--json", a, b);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        using var document = JsonDocument.Parse(run.StdOut);
        var root = document.RootElement;
        Assert.AreEqual("stored", root.GetProperty("sizes").GetString());
        Assert.AreEqual(new FileInfo(b).Length, root.GetProperty("b").GetProperty("executableBytes").GetInt64());
        var summary = root.GetProperty("summary");
        Assert.AreEqual((2, 2, 1, 1, 1), (summary.GetProperty("added").GetInt32(), summary.GetProperty("removed").GetInt32(), summary.GetProperty("grew").GetInt32(),
            summary.GetProperty("shrank").GetInt32(), summary.GetProperty("unchanged").GetInt32()));

        using var reader = PackageReader.Open(b);
        var app = root.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "App.dll");
        Assert.AreEqual("grew", app.GetProperty("change").GetString());
        Assert.AreEqual(reader.Find("App.dll")!.StoredLength, app.GetProperty("after").GetProperty("bytes").GetInt64());
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "Added.dll").GetProperty("before").ValueKind);

        long total = root.GetProperty("b").GetProperty("bytes").GetInt64() - root.GetProperty("a").GetProperty("bytes").GetInt64();
        Assert.AreEqual(total, root.GetProperty("origins").EnumerateArray().Sum(o => o.GetProperty("delta").GetInt64()), "the kinds' changes add up to the total");
        var modules = root.GetProperty("origins").EnumerateArray().Single(o => o.GetProperty("origin").GetString() == "module archive");
        Assert.AreEqual((2, 2, 3100L, 6500L), (modules.GetProperty("entriesBefore").GetInt32(), modules.GetProperty("entriesAfter").GetInt32(),
            modules.GetProperty("bytesBefore").GetInt64(), modules.GetProperty("bytesAfter").GetInt64()));
        var option = root.GetProperty("options").EnumerateArray().Single();
        Assert.AreEqual(("mode", "onefile", "onedir"), (option.GetProperty("key").GetString(), option.GetProperty("before").GetString(), option.GetProperty("after").GetString()));
    }

    private static TocEntry Entry(string name, TocOrigin origin, long size, TocPlacement placement = TocPlacement.ModuleArchive) =>
        new(name, $"/nowhere/{name}", TocTypeCode.MODULE, origin, "managed dependency") { Placement = placement, Size = size };

    private string TocFile(string name, params TocEntry[] entries)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, new Toc("OneFile", "App.dll", false, false, entries) { Options = [new("mode", "onefile")] }.ToJson());
        return path;
    }

    [TestMethod]
    public void It_compares_two_toc_files_by_origin_and_full_bytes()
    {
        string a = TocFile("a.json",
            Entry("App.dll", TocOrigin.App, 5000, TocPlacement.Package),
            Entry("Newtonsoft.Json.dll", new TocOrigin("package", "Newtonsoft.Json", "13.0.3", "runtime"), 700_000),
            Entry("Lib.dll", new TocOrigin("project", "Lib"), 4000),
            Entry("App.pdb", TocOrigin.App, 9000, TocPlacement.Excluded));
        string b = TocFile("b.json",
            Entry("App.dll", TocOrigin.App, 5000, TocPlacement.Package),
            Entry("Newtonsoft.Json.dll", new TocOrigin("package", "Newtonsoft.Json", "13.0.4", "runtime"), 700_000),
            Entry("Lib.dll", new TocOrigin("project", "Lib"), 4000, TocPlacement.Package),
            Entry("Serilog.dll", new TocOrigin("package", "Serilog", "4.0.0", "runtime"), 120_000));

        var text = ToolRun.Invoke("diff", a, b);
        Assert.AreEqual(0, text.ExitCode, text.ToString());
        StringAssert.Contains(text.StdOut, "\nfull bytes: ");
        StringAssert.Contains(text.StdOut, "\n1 added, 0 removed, 0 grew, 0 shrank, 2 moved, 1 unchanged\n", "App.pdb is left out on both sides");
        StringAssert.Contains(text.StdOut, "  Newtonsoft.Json.dll  [package Newtonsoft.Json 13.0.3 -> package Newtonsoft.Json 13.0.4]\n");
        StringAssert.Contains(text.StdOut, "  Lib.dll  [module archive -> MODULE in the package]\n");
        StringAssert.Contains(text.StdOut, "  Serilog.dll  [package Serilog 4.0.0]\n");
        StringAssert.Contains(text.StdOut, "\nby origin\n");
        StringAssert.Contains(text.StdOut, "-683.6 KiB   683.6 KiB         0 B  package Newtonsoft.Json 13.0.3 (1 -> 0 entries)\n");
        Assert.IsFalse(text.StdOut.Contains("  app (", StringComparison.Ordinal), "unchanged origins are left out of the text");

        var json = ToolRun.Invoke("diff", "--json", a, b);
        using var document = JsonDocument.Parse(json.StdOut);
        Assert.AreEqual("full", document.RootElement.GetProperty("sizes").GetString());
        var origins = document.RootElement.GetProperty("origins").EnumerateArray().ToDictionary(o => o.GetProperty("origin").GetString()!, o => o.GetProperty("delta").GetInt64());
        Assert.AreEqual(120_000, origins["package Serilog 4.0.0"]);
        Assert.AreEqual(0, origins["app"]);
        Assert.AreEqual(5, origins.Count, "every origin of either side, both versions of Newtonsoft.Json");
        Assert.AreEqual(0, document.RootElement.GetProperty("options").GetArrayLength());
    }

    [TestMethod]
    public void It_compares_bundles_of_thousands_of_entries_at_once()
    {
        var origin = new TocOrigin("package", "Big", "1.0.0");
        string a = TocFile("a.json", [.. Enumerable.Range(0, 20_000).Select(i => Entry($"lib/{i}.dll", origin, 1000 + i))]);
        string b = TocFile("b.json", [.. Enumerable.Range(1, 20_000).Select(i => Entry($"lib/{i}.dll", origin, 1000 + i + (i % 2)))]);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = ToolRun.Invoke("diff", "--json", a, b);
        watch.Stop();

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        using var document = JsonDocument.Parse(run.StdOut);
        var summary = document.RootElement.GetProperty("summary");
        Assert.AreEqual((1, 1, 9_999, 10_000), (summary.GetProperty("added").GetInt32(), summary.GetProperty("removed").GetInt32(),
            summary.GetProperty("unchanged").GetInt32(), summary.GetProperty("grew").GetInt32()));
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [TestMethod]
    public void It_refuses_what_it_cannot_compare_in_one_line()
    {
        var (exe, _) = TwoExecutables();
        string toc = TocFile("toc.json", Entry("App.dll", TocOrigin.App, 1));
        string text = Write("notes.txt", Encoding.UTF8.GetBytes("not a bundle\n"));
        string brokenJson = Write("broken.json", Encoding.UTF8.GetBytes("{ \"entries\": [ { \"name\": "));
        string otherJson = Write("other.json", Encoding.UTF8.GetBytes("{ \"name\": \"some other JSON\" }"));
        byte[] bytes = File.ReadAllBytes(exe);
        string truncated = Write("truncated", [.. bytes[..(bytes.Length / 2)], .. bytes[^PackageFormat.CookieSize..]]);

        ToolRun.Invoke("diff", exe, Path.Combine(_dir, "missing")).AssertFailsWith(FreezeDiagnostics.ToolCannotRead.Code);
        ToolRun.Invoke("diff", _dir, exe).AssertFailsWith(FreezeDiagnostics.ToolCannotRead.Code);
        ToolRun.Invoke("diff", text, exe).AssertFailsWith(FreezeDiagnostics.ToolNotAnArchive.Code);
        ToolRun.Invoke("diff", otherJson, toc).AssertFailsWith(FreezeDiagnostics.ToolNotAnArchive.Code);
        ToolRun.Invoke("diff", brokenJson, toc).AssertFailsWith(FreezeDiagnostics.ToolDamagedArchive.Code);
        ToolRun.Invoke("diff", exe, truncated).AssertFailsWith(FreezeDiagnostics.ToolDamagedArchive.Code);
        var mixed = ToolRun.Invoke("diff", exe, toc);
        mixed.AssertFailsWith(FreezeDiagnostics.ToolUsage.Code, exitCode: 2);
        StringAssert.Contains(mixed.StdErr, "is an executable and");
    }

    [TestMethod]
    public void It_lists_an_executable_as_JSON_with_its_module_archive()
    {
        string file = Write("App", SampleArchives.Executable());
        var run = ToolRun.Invoke("archive-viewer", "--json", "-r", file);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        using var document = JsonDocument.Parse(run.StdOut);
        var root = document.RootElement;
        Assert.AreEqual(("frozen executable (ELF bootloader)", SampleArchives.FakeBootloader.Length), (root.GetProperty("kind").GetString(), root.GetProperty("packageOffset").GetInt32()));
        using var reader = PackageReader.Open(file);
        var members = root.GetProperty("members").EnumerateArray().ToList();
        CollectionAssert.AreEqual(reader.Entries.Select(e => (e.Name, e.TypeCode.ToString(), e.StoredLength, e.FullLength, e.Crc32.ToString("x8"))).ToArray(),
            members.Select(m => (m.GetProperty("name").GetString(), m.GetProperty("typeCode").GetString(), m.GetProperty("stored").GetInt64(), m.GetProperty("full").GetInt64(), m.GetProperty("crc32").GetString())).ToArray());
        Assert.AreEqual("zlib", members.Single(m => m.GetProperty("name").GetString() == "App.dll").GetProperty("compression").GetString());
        var nested = root.GetProperty("nested").EnumerateArray().Single();
        Assert.AreEqual($"{file}!modules.frz", nested.GetProperty("file").GetString());
        Assert.AreEqual("module archive", nested.GetProperty("kind").GetString());
        CollectionAssert.AreEqual(new[] { "Lib.A.dll", "Lib.B.dll" }, nested.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToArray());

        var flat = ToolRun.Invoke("archive-viewer", "--json", file);
        using var flatDocument = JsonDocument.Parse(flat.StdOut);
        Assert.IsFalse(flatDocument.RootElement.TryGetProperty("nested", out _), "nested archives only with -r");
    }
}
