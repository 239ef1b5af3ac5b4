using Microsoft.Build.Framework;

namespace Freeze.Sdk.Tasks;

/// <summary>Base of every Freeze.Sdk task: runs <see cref="ExecuteCore"/> and logs user errors with their code, never a stack trace.</summary>
public abstract class FreezeTask : Microsoft.Build.Utilities.Task
{
    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (FreezeException e)
        {
            Log.LogError(subcategory: null, errorCode: e.Code, helpKeyword: e.Code, file: null,
                lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: e.Message);
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();

    /// <summary>A catalogue diagnostic: warnings as warnings, messages at high importance (they say what Freeze did and why).</summary>
    protected void LogDiagnostic(FreezeDiagnostic diagnostic, string message)
    {
        switch (diagnostic.Severity)
        {
            case FreezeSeverity.Error:
                Log.LogError(null, diagnostic.Code, diagnostic.Code, null, 0, 0, 0, 0, message);
                break;
            case FreezeSeverity.Warning:
                Log.LogWarning(null, diagnostic.Code, diagnostic.Code, null, 0, 0, 0, 0, message);
                break;
            default:
                Log.LogMessage(null, diagnostic.Code, diagnostic.Code, null, 0, 0, 0, 0, MessageImportance.High, message);
                break;
        }
    }

    protected void Report(FreezeDiagnostic diagnostic, params object?[] args) => LogDiagnostic(diagnostic, diagnostic.Format(args));
}
