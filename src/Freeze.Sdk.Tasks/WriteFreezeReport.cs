using System.Diagnostics.CodeAnalysis;
using Freeze.Analysis;
using Freeze.Analysis.Report;
using Microsoft.Build.Framework;

namespace Freeze.Sdk.Tasks;

/// <summary>
/// Writes report.html: the plan (toc.json) joined with the executable's stored sizes, drawn by
/// <see cref="ReportHtml"/>. Written whole or not at all, and each time the target runs, so its time
/// stamp follows its inputs.
/// </summary>
public sealed class WriteFreezeReport : FreezeTask
{
    [Required, NotNull] public string? TocFile { get; set; }

    [Required, NotNull] public string? Executable { get; set; }

    [Required, NotNull] public string? OutputFile { get; set; }

    public string? RuntimeIdentifier { get; set; }

    protected override void ExecuteCore()
    {
        var report = BundleReport.Create(Toc.FromJson(File.ReadAllText(TocFile)), ExecutableContents.Read(Executable),
            string.IsNullOrEmpty(RuntimeIdentifier) ? null : RuntimeIdentifier);
        string html = ReportHtml.Render(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        FileUtilities.WriteAtomically(OutputFile, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(html);
        });
    }
}
