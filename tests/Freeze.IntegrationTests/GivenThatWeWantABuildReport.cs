using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Freeze.IntegrationTests;

/// <summary>report.html of real frozen apps, opened in headless Chromium: what it draws, what it lists, and how fast.</summary>
[TestClass]
public sealed partial class GivenThatWeWantABuildReport
{
    public TestContext TestContext { get; set; } = null!;

    private static string FreezeDir(TestProject project) =>
        Path.Combine(project.Directory, "obj", "Release", "net10.0", "linux-x64", "freeze");

    private static JsonElement[] TocEntries(TestProject project) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(FreezeDir(project), "toc.json"))).RootElement.GetProperty("entries").EnumerateArray().ToArray();

    /// <summary>The page as Chromium has it after its script ran, checked against the plan; returns the DOM.</summary>
    private static string OpenAndCheck(TestProject project, string report)
    {
        string dom = Chromium.DumpDom(report);
        var entries = TocEntries(project);
        Assert.AreEqual(entries.Length, EntryRow().Matches(dom).Count, "a table row per entry of toc.json");
        foreach (var entry in entries)
        {
            StringAssert.Contains(dom, $">{System.Net.WebUtility.HtmlEncode(entry.GetProperty("name").GetString())}</td>");
        }
        int drawn = entries.Count(e => e.GetProperty("placement").GetString() != "Excluded" && e.GetProperty("size").GetInt64() > 0);
        Assert.AreEqual(drawn, TreemapEntry().Matches(dom).Count, "the script drew a rectangle per entry with bytes in the bundle");
        StringAssert.Contains(dom, $"id=\"shown\" class=\"muted\">{entries.Length} of {entries.Length}</span>", "the script counted the rows");
        return dom;
    }

    private static (double Render, double Ready) Timing(string dom)
    {
        var match = TimingAttributes().Match(dom);
        Assert.IsTrue(match.Success, "the script wrote its timing on the body");
        return (double.Parse(match.Groups["render"].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups["ready"].Value, CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public void It_writes_a_report_with_every_entry_origin_and_warning_and_names_it_in_the_summary()
    {
        using var project = TestProject.Copy("MissingRefApp", with: ["ClassLib"]);
        var publish = project.PublishSucceeds(TestProject.FreezeArguments("OneFile", selfContained: false, "-v:n"));
        string report = Path.Combine(FreezeDir(project), "report.html");
        StringAssert.Contains(publish.StdOut, $", report {report}");

        string dom = OpenAndCheck(project, report);
        StringAssert.Contains(dom, "data-code=\"FRZ0103\"");
        StringAssert.Contains(dom, "Assembly 'ClassLib', referenced by MissingRefApp, is not in the bundle or the framework");
        StringAssert.Contains(dom, "data-code=\"FRZ0106\"");
        StringAssert.Contains(dom, "Native library 'libfrz_not_there', imported by MissingRefApp: Native.frz_not_there");
        StringAssert.Contains(dom, "What to do: add it with <code>FreezeBinary</code>");
        StringAssert.Contains(dom, "data-filter=\"app\">app</a>");
        StringAssert.Contains(dom, $"data-filter=\"package Freeze.Sdk {Repo.PackageVersion}\">", "Freeze.Runtime.dll, from the package the app references");
        StringAssert.Contains(dom, "<th><code>mode</code></th><td>onefile</td>");

        var timestamp = File.GetLastWriteTimeUtc(report);
        var again = project.PublishSucceeds(TestProject.FreezeArguments("OneFile", selfContained: false, "-v:d"));
        StringAssert.Contains(again.StdOut, "Skipping target \"_FreezeWriteReport\" because all output files are up-to-date");
        Assert.AreEqual(timestamp, File.GetLastWriteTimeUtc(report), "nothing changed, nothing rewritten");
    }

    [TestMethod]
    public void It_draws_the_report_of_a_self_contained_web_app_of_300_entries_without_lag()
    {
        using var project = TestProject.Copy("WebApiApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", selfContained: true));
        string report = Path.Combine(FreezeDir(project), "report.html");

        string dom = OpenAndCheck(project, report);
        Assert.IsTrue(TocEntries(project).Length > 300, "a self-contained web app brings two runtime packs");
        StringAssert.Contains(dom, "data-filter=\"framework Microsoft.AspNetCore.App.Runtime.linux-x64\"");
        StringAssert.Contains(dom, "data-filter=\"package Microsoft.EntityFrameworkCore 10.0.15\"");
        StringAssert.Contains(dom, "data-code=\"FRZ0112\"", "Microsoft.Extensions.DependencyModel reads its Assembly.Location");
        StringAssert.Contains(dom, "The bundle needs glibc 2.34 or newer: <code>libe_sqlite3.so</code>");

        var probe = Probe(report);
        Assert.AreEqual("System.Private.CoreLib.dll", probe.GetProperty("firstByStored").GetString(), "sorted by stored bytes, largest first");
        int aspNetCore = TocEntries(project).Count(e => e.GetProperty("origin").TryGetProperty("id", out var id) && id.GetString() == "Microsoft.AspNetCore.App.Runtime.linux-x64");
        Assert.AreEqual($"{aspNetCore} of {TocEntries(project).Length}", probe.GetProperty("shown").GetString());
        Assert.AreEqual(aspNetCore, probe.GetProperty("visible").GetInt32(), "the filter hides the other rows");
        var labels = probe.GetProperty("groupLabels").EnumerateArray().Select(l => l.GetString()).ToList();
        CollectionAssert.Contains(labels, "managed, in the module archive", "a self-contained OneFile app for Linux maps the runtime's assemblies from the executable");
        CollectionAssert.IsSubsetOf(labels, new[] { "managed, in the module archive", "managed, as files", "native libraries", "data" }, "grouped by kind");
        Assert.AreEqual(TreemapEntry().Matches(dom).Count, probe.GetProperty("rectsFull").GetInt32(), "sized by full bytes: the same entries");

        var timings = Enumerable.Range(0, 3).Select(_ => Timing(Chromium.DumpDom(report))).Append(Timing(dom)).ToList();
        TestContext.WriteLine($"report.html of {TocEntries(project).Length} entries, {new FileInfo(report).Length:N0} bytes: drawn in {string.Join(", ", timings.Select(t => $"{t.Render:0} ms"))}; ready {string.Join(", ", timings.Select(t => $"{t.Ready:0} ms"))} after navigation start");
        Assert.IsTrue(timings.Min(t => t.Ready) < 1000, $"the page is ready in under a second: {string.Join(", ", timings)}");

        string screenshot = Path.Combine(Repo.Artifacts, "test-results", "report-WebApiApp.png");
        Chromium.Screenshot(report, screenshot, 1100, 900);
        TestContext.WriteLine($"screenshot: {screenshot}");
    }

    /// <summary>
    /// Uses the page as a person would, from a script appended to a copy of it: sorts by stored bytes,
    /// filters, groups by kind, sizes by full bytes; returns what the page showed after each step.
    /// </summary>
    private static JsonElement Probe(string report)
    {
        const string script = """
            <script>
            (() => {
              const out = {};
              const rows = () => Array.from(document.querySelectorAll("#entry-table tbody tr"));
              document.querySelector("#entry-table thead th:nth-child(5)").click();
              out.firstByStored = rows()[0].cells[0].textContent;
              const filter = document.getElementById("filter");
              filter.value = "framework Microsoft.AspNetCore.App.Runtime";
              filter.dispatchEvent(new Event("input"));
              out.shown = document.getElementById("shown").textContent;
              out.visible = rows().filter(r => !r.hidden).length;
              const kind = document.querySelector("input[name=group-by][value=kind]");
              kind.checked = true;
              kind.dispatchEvent(new Event("change"));
              out.groupLabels = Array.from(document.querySelectorAll("#treemap .group-label")).map(t => t.getAttribute("data-filter"));
              const full = document.querySelector("input[name=size-by][value=full]");
              full.checked = true;
              full.dispatchEvent(new Event("change"));
              out.rectsFull = document.querySelectorAll("#treemap rect.entry").length;
              document.body.setAttribute("data-probe", JSON.stringify(out));
            })();
            </script>
            """;
        string copy = Path.Combine(Path.GetDirectoryName(report)!, "report-probe.html");
        File.WriteAllText(copy, File.ReadAllText(report).Replace("</body>", script + "</body>", StringComparison.Ordinal));
        var match = ProbeAttribute().Match(Chromium.DumpDom(copy));
        Assert.IsTrue(match.Success, "the probe ran");
        return JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value)).RootElement;
    }

    [GeneratedRegex("data-probe=\"([^\"]*)\"")]
    private static partial Regex ProbeAttribute();

    [GeneratedRegex("<tr id=\"e-\\d+\"")]
    private static partial Regex EntryRow();

    [GeneratedRegex("<rect [^>]*class=\"entry k\\d\"[^>]*data-i=\"\\d+\"")]
    private static partial Regex TreemapEntry();

    [GeneratedRegex("data-render-ms=\"(?<render>[0-9.]+)\" data-ready-ms=\"(?<ready>[0-9.]+)\"")]
    private static partial Regex TimingAttributes();
}
