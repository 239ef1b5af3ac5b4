namespace Freeze.Tools;

/// <summary>The FRZ04nn codes of the freeze command (docs/diagnostics.md).</summary>
internal static class ToolErrorCode
{
    public const string Usage = "FRZ0401";
    public const string CannotRead = "FRZ0402";
    public const string NotAnArchive = "FRZ0403";
    public const string DamagedArchive = "FRZ0404";
    public const string CannotWrite = "FRZ0406";
    public const string NotNative = "FRZ0407";
    public const string DamagedNative = "FRZ0408";
    public const string Internal = "FRZ0499";
}

/// <summary>An error the command reports as one <c>freeze: error FRZnnnn: …</c> line.</summary>
internal sealed class ToolException(string code, string message, int exitCode = 1) : Exception(message)
{
    public string Code { get; } = code;

    public int ExitCode { get; } = exitCode;

    public static ToolException Usage(string message) => new(ToolErrorCode.Usage, message, 2);
}
