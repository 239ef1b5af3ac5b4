namespace Freeze.Runtime;

/// <summary>A worker could not start, or failed: the message is the worker's own when it had one.</summary>
public sealed class FreezeWorkerException : Exception
{
    /// <summary>A worker that could not be started or named.</summary>
    public FreezeWorkerException(string message)
        : base(message)
    {
    }

    /// <summary>A worker that ran and failed.</summary>
    public FreezeWorkerException(string message, int exitCode, string? workerExceptionType, string standardError)
        : base(message)
    {
        ExitCode = exitCode;
        WorkerExceptionType = workerExceptionType;
        StandardError = standardError;
    }

    /// <summary>The worker's exit code (0 when it never ran).</summary>
    public int ExitCode { get; }

    /// <summary>The type of the worker's unhandled exception (for example System.InvalidOperationException), if it had one.</summary>
    public string? WorkerExceptionType { get; }

    /// <summary>Everything the worker wrote to its standard error.</summary>
    public string StandardError { get; } = "";
}
