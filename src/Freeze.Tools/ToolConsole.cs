namespace Freeze.Tools;

/// <summary>The standard streams of one run; tests pass their own.</summary>
internal sealed class ToolConsole(TextReader input, TextWriter output, TextWriter error, Stream rawOutput)
{
    public TextReader In { get; } = input;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Standard output as bytes, for a member extracted to the terminal.</summary>
    public Stream RawOut { get; } = rawOutput;

    public static ToolConsole System() => new(Console.In, Console.Out, Console.Error, Console.OpenStandardOutput());

    public void ReportError(FreezeDiagnostic diagnostic, string message) => Error.WriteLine($"freeze: error {diagnostic.Code}: {message}");
}
