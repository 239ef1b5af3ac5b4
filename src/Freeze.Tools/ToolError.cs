namespace Freeze.Tools;

/// <summary>An error the command reports as one <c>freeze: error FRZnnnn: …</c> line (the FRZ04nn codes of the catalogue).</summary>
internal sealed class ToolException(FreezeDiagnostic diagnostic, string message) : Exception(message)
{
    public string Code => Diagnostic.Code;

    public FreezeDiagnostic Diagnostic { get; } = diagnostic;

    /// <summary>2 for a wrong command line, as command-line tools do; 1 otherwise.</summary>
    public int ExitCode => Diagnostic == FreezeDiagnostics.ToolUsage ? 2 : 1;

    public static ToolException Usage(string message) => new(FreezeDiagnostics.ToolUsage, message);
}
