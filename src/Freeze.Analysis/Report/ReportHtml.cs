using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Freeze.Analysis.Report;

/// <summary>
/// report.html: one file that opens offline, without a server or anything from the network (its
/// Content-Security-Policy forbids any fetch). The tables, findings and options are plain HTML; one
/// inline script draws the treemap from the data it carries and sorts and filters the entry table.
/// Every text from the bundle is escaped: file names may hold anything.
/// </summary>
public static partial class ReportHtml
{
    private static readonly TocTypeCode[] Kinds = [TocTypeCode.MODULE, TocTypeCode.ASSEMBLY, TocTypeCode.BINARY, TocTypeCode.DATA];

    public static string Render(BundleReport report)
    {
        var html = new StringBuilder(64 * 1024 + report.Entries.Count * 600);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"Freeze.Sdk\">\n")
            .Append("<title>").Append(E(report.App)).Append(" \u2014 Freeze.Sdk report</title>\n")
            .Append("<style>\n").Append(Resource("report.css")).Append("</style>\n</head>\n<body>\n");
        Header(html, report);
        Composition(html, report);
        Findings(html, report);
        Entries(html, report);
        Options(html, report);
        html.Append("<footer>Written by Freeze.Sdk from <code>toc.json</code> and the executable. <span id=\"timing\"></span></footer>\n")
            .Append("<script type=\"application/json\" id=\"report-data\">").Append(Data(report)).Append("</script>\n")
            .Append("<script>\n").Append(Resource("report.js")).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, BundleReport report)
    {
        var traits = new[] { report.Mode, report.SelfContained ? "self-contained" : "framework-dependent", report.RuntimeIdentifier }.OfType<string>();
        html.Append("<header>\n<h1>").Append(E(report.App)).Append("<small>").Append(string.Join(" \u00b7 ", traits.Select(E))).Append("</small></h1>\n<dl class=\"facts\">\n");
        Fact(html, "executable", Bytes(report.ExecutableBytes));
        Fact(html, "bootloader", Bytes(report.BootloaderBytes));
        Fact(html, "module archive", Bytes(report.ModuleArchiveBytes));
        int inBundle = report.Entries.Count(e => e.InBundle);
        Fact(html, "entries", E(inBundle.ToString(CultureInfo.InvariantCulture)) + (inBundle < report.Entries.Count ? $" <span class=\"muted\">+{report.Entries.Count - inBundle} left out</span>" : ""));
        Fact(html, "stored", Bytes(report.StoredBytes));
        Fact(html, "full", Bytes(report.FullBytes));
        Fact(html, "stored / full", E(ByteSize.Ratio(report.StoredBytes, report.FullBytes)));
        Fact(html, "warnings", E(report.Findings.Count(f => f.Severity != FreezeSeverity.Message).ToString(CultureInfo.InvariantCulture)));
        if (report.Glibc is { } glibc)
        {
            Fact(html, "needs glibc", E(glibc.Parsed.ToString()));
        }
        html.Append("</dl>\n<nav><a href=\"#composition\">Composition</a><a href=\"#findings\">Findings</a><a href=\"#entries\">Entries</a><a href=\"#options\">Options</a></nav>\n</header>\n");
    }

    private static void Fact(StringBuilder html, string name, string valueHtml) =>
        html.Append("<div><dt>").Append(E(name)).Append("</dt><dd>").Append(valueHtml).Append("</dd></div>\n");

    private static void Composition(StringBuilder html, BundleReport report)
    {
        html.Append("<section id=\"composition\">\n<h2>Composition</h2>\n<div class=\"controls\">\n")
            .Append("<fieldset><legend>size by</legend><label><input type=\"radio\" name=\"size-by\" value=\"stored\" checked> stored bytes</label> <label><input type=\"radio\" name=\"size-by\" value=\"full\"> full bytes</label></fieldset>\n")
            .Append("<fieldset><legend>group by</legend><label><input type=\"radio\" name=\"group-by\" value=\"origin\" checked> origin</label> <label><input type=\"radio\" name=\"group-by\" value=\"kind\"> kind</label></fieldset>\n")
            .Append("<div class=\"legend\">");
        foreach (var kind in Kinds)
        {
            html.Append("<span><i class=\"k").Append((int)kind).Append("\"></i>").Append(E(BundleReport.KindOf(kind))).Append("</span>");
        }
        html.Append("</div>\n</div>\n<svg id=\"treemap\" role=\"img\" aria-label=\"treemap of the bundle by origin\"></svg>\n")
            .Append("<h3>By origin</h3>\n<table id=\"origin-table\">\n<thead><tr><th>origin</th><th class=\"num\">entries</th><th class=\"num\">stored</th><th class=\"num\">full</th><th class=\"num\">stored / full</th></tr></thead>\n<tbody>\n");
        foreach (var group in report.Origins)
        {
            html.Append("<tr><td><a href=\"#entries\" data-filter=\"").Append(E(group.Name)).Append("\">").Append(E(group.Name)).Append("</a></td>")
                .Append("<td class=\"num\">").Append(group.Count.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"num\">").Append(Bytes(group.StoredBytes)).Append("</td>")
                .Append("<td class=\"num\">").Append(Bytes(group.FullBytes)).Append("</td>")
                .Append("<td class=\"num\">").Append(E(ByteSize.Ratio(group.StoredBytes, group.FullBytes))).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Findings(StringBuilder html, BundleReport report)
    {
        html.Append("<section id=\"findings\">\n<h2>Findings</h2>\n");
        if (report.Findings.Count == 0)
        {
            html.Append("<p class=\"none\">Nothing to report: analysis found every assembly, native library and import the bundle needs.</p>\n");
        }
        else
        {
            html.Append("<ul class=\"findings\">\n");
            foreach (var finding in report.Findings)
            {
                string severity = finding.Severity.ToString().ToLowerInvariant();
                html.Append("<li class=\"finding ").Append(severity).Append("\" data-code=\"").Append(E(finding.Code)).Append("\">")
                    .Append("<p><span class=\"code\">").Append(E(finding.Code)).Append("</span> <span class=\"tag\">").Append(severity).Append("</span> ")
                    .Append("<span class=\"message\">").Append(E(finding.Message)).Append("</span></p>");
                if (finding.Help.Length > 0)
                {
                    html.Append("<p class=\"help\">What to do: ").Append(Markdown(finding.Help)).Append("</p>");
                }
                html.Append("</li>\n");
            }
            html.Append("</ul>\n");
        }
        if (report.Glibc is { } glibc)
        {
            html.Append("<p class=\"glibc\">The bundle needs glibc ").Append(E(glibc.Parsed.ToString())).Append(" or newer: <code>").Append(E(glibc.File))
                .Append("</code> binds to ").Append(E(glibc.Version)).Append(" (").Append(E(string.Join(", ", glibc.Symbols.Take(8))))
                .Append(glibc.Symbols.Count > 8 ? ", \u2026" : "").Append(").</p>\n");
        }
        html.Append("</section>\n");
    }

    private static void Entries(StringBuilder html, BundleReport report)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < report.Entries.Count; i++)
        {
            index[report.Entries[i].Name] = i;
        }
        html.Append("<section id=\"entries\">\n<h2>Entries</h2>\n<div class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"filter by name, origin, reason\" aria-label=\"filter\"> <span id=\"shown\" class=\"muted\"></span></div>\n")
            .Append("<table id=\"entry-table\">\n<thead><tr><th data-sort=\"text\">name</th><th data-sort=\"text\">type</th><th data-sort=\"text\">placement</th><th data-sort=\"text\">origin</th>")
            .Append("<th class=\"num\" data-sort=\"num\">stored</th><th class=\"num\" data-sort=\"num\">full</th><th class=\"num\" data-sort=\"num\">stored / full</th><th>why it is there</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < report.Entries.Count; i++)
        {
            var entry = report.Entries[i];
            html.Append("<tr id=\"e-").Append(i).Append('"').Append(entry.InBundle ? "" : " class=\"excluded\"").Append('>')
                .Append("<td class=\"name\" title=\"").Append(E(entry.Source)).Append("\">").Append(E(entry.Name)).Append("</td>")
                .Append("<td>").Append(entry.TypeCode).Append("</td>")
                .Append("<td>").Append(PlacementOf(entry)).Append("</td>")
                .Append("<td class=\"origin\">").Append(E(entry.Group));
            if (entry.Origin.Asset is { } asset)
            {
                html.Append(" <span class=\"tag\">").Append(E(asset)).Append("</span>");
            }
            if (entry.Origin.Kind == "dependency" && entry.Origin.Id is { } neededBy)
            {
                html.Append(" <span class=\"muted\">of ").Append(E(neededBy)).Append("</span>");
            }
            double ratio = entry.FullBytes == 0 ? 1 : (double)entry.StoredBytes / entry.FullBytes;
            html.Append("</td>")
                .Append("<td class=\"num\" data-v=\"").Append(entry.StoredBytes).Append("\">").Append(Bytes(entry.StoredBytes)).Append("</td>")
                .Append("<td class=\"num\" data-v=\"").Append(entry.FullBytes).Append("\">").Append(Bytes(entry.FullBytes)).Append("</td>")
                .Append("<td class=\"num\" data-v=\"").Append(ratio.ToString("0.###", CultureInfo.InvariantCulture)).Append("\">")
                .Append(entry.InBundle ? E(ByteSize.Ratio(entry.StoredBytes, entry.FullBytes)) : "-").Append("</td>")
                .Append("<td class=\"why\">").Append(E(entry.Reason ?? ""));
            if (entry.LinkTarget is { } target)
            {
                html.Append("; a link to <code>").Append(E(target)).Append("</code>");
            }
            if (entry.ReferencedBy.Count == 0 && entry.TypeCode is TocTypeCode.MODULE or TocTypeCode.ASSEMBLY && entry.Origin.Kind is "package" or "project" && !entry.Name.Contains('/'))
            {
                html.Append("; <span class=\"muted\">no scanned assembly references it: a dependency of a package, or loaded by name</span>");
            }
            if (entry.ReferencedBy.Count > 0)
            {
                html.Append(entry.Reason is null ? "" : "; ").Append("referenced by ");
                for (int r = 0; r < entry.ReferencedBy.Count; r++)
                {
                    var reference = entry.ReferencedBy[r];
                    html.Append(r == 0 ? "" : ", ");
                    if (index.TryGetValue(reference.From, out int from))
                    {
                        html.Append("<a href=\"#e-").Append(from).Append("\">").Append(E(reference.From)).Append("</a>");
                    }
                    else
                    {
                        html.Append(E(reference.From));
                    }
                    html.Append(" <span class=\"muted\">(").Append(ReferenceKindOf(reference.Kind)).Append(")</span>");
                }
            }
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Options(StringBuilder html, BundleReport report)
    {
        html.Append("<section id=\"options\">\n<h2>Build options in the executable</h2>\n<table id=\"option-table\">\n<thead><tr><th>option</th><th>value</th></tr></thead>\n<tbody>\n");
        html.Append("<tr><th>members by compression</th><td>")
            .Append(E(string.Join(", ", report.MembersByCompression.Select(c => $"{c.Key} {c.Value.ToString(CultureInfo.InvariantCulture)}"))))
            .Append("</td></tr>\n");
        foreach (var option in report.Options)
        {
            html.Append("<tr><th><code>").Append(E(option.Key)).Append("</code></th><td>").Append(E(option.Value)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The treemap's data: per entry [name, origin group, kind, stored, full, left out]; the group and kind names.</summary>
    private static string Data(BundleReport report)
    {
        var groups = report.Entries.Select(e => e.Group).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var groupIndex = groups.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("groups");
            groups.ForEach(json.WriteStringValue);
            json.WriteEndArray();
            json.WriteStartArray("kinds");
            foreach (var kind in Kinds)
            {
                json.WriteStringValue(BundleReport.KindOf(kind));
            }
            json.WriteEndArray();
            json.WriteStartArray("entries");
            foreach (var entry in report.Entries)
            {
                json.WriteStartArray();
                json.WriteStringValue(entry.Name);
                json.WriteNumberValue(groupIndex[entry.Group]);
                json.WriteNumberValue(Array.IndexOf(Kinds, entry.TypeCode));
                json.WriteNumberValue(entry.StoredBytes);
                json.WriteNumberValue(entry.FullBytes);
                json.WriteNumberValue(entry.InBundle ? 0 : 1);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        // The writer's default encoder escapes <, > and &, so the data cannot close its script element.
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string PlacementOf(ReportEntry entry) => entry.Placement switch
    {
        TocPlacement.Package => entry.Compression is { } compression ? $"package <span class=\"tag\">{E(compression)}</span>" : "package",
        TocPlacement.ModuleArchive => "module archive",
        TocPlacement.Beside => "beside",
        _ => "excluded",
    };

    private static string ReferenceKindOf(string kind) => kind switch
    {
        TocReference.AssemblyReference => "assembly reference",
        TocReference.Needed => "DT_NEEDED / import",
        TocReference.DllImport => "DllImport",
        _ => E(kind),
    };

    private static string Bytes(long bytes) =>
        $"<span title=\"{bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes\">{E(ByteSize.Format(bytes))}</span>";

    /// <summary>The catalogue's help text: escaped, with its `code` spans.</summary>
    private static string Markdown(string text) => CodeSpan().Replace(E(text), "<code>$1</code>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Resource(string name)
    {
        using var stream = typeof(ReportHtml).Assembly.GetManifestResourceStream($"Freeze.Analysis.Report.{name}")
            ?? throw new InvalidOperationException($"the report's {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
