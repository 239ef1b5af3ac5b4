using Microsoft.Build.Utilities;

namespace Freeze.Sdk.Tasks;

/// <summary>A user error: logged with its FRZ code, never as a stack trace.</summary>
public sealed class FreezeBuildException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Base of every Freeze.Sdk task: runs <see cref="ExecuteCore"/> and logs user errors with their code.</summary>
public abstract class FreezeTask : Microsoft.Build.Utilities.Task
{
    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (FreezeBuildException e)
        {
            Log.LogError(subcategory: null, errorCode: e.Code, helpKeyword: null, file: null,
                lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: e.Message);
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();
}
