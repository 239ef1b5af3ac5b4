namespace Freeze.Analysis;

/// <summary>What the plan keeps of analysis for the report: who refers to each entry, its size, the diagnostics.</summary>
public sealed partial class FreezePlanner
{
    private readonly ReferenceGraph _references = new();

    private Toc WithFindings(Toc toc) => toc with
    {
        Entries = _references.Annotate(toc.Entries).Select(e => e with { Size = SizeOf(e.Source) }).ToList(),
        Diagnostics = _diagnostics.Select(d => new TocDiagnostic(d.Diagnostic.Code, d.Diagnostic.Severity, d.Message)).ToList(),
    };

    private static long? SizeOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : null;
    }
}
