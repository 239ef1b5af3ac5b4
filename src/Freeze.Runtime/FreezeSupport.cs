namespace Freeze.Runtime;

/// <summary>
/// The counterpart of Python's <c>multiprocessing.freeze_support()</c>. With
/// <c>FreezeWorkerAutoDispatch</c> left on (the default) workers are dispatched before Main and
/// nothing needs calling; with it off, call <see cref="Dispatch"/> first thing in Main.
/// </summary>
public static class FreezeSupport
{
    /// <summary>
    /// When <paramref name="args"/> (Main's arguments) start a worker (<c>--freeze-worker Namespace.Type.Method [key=value …]</c>),
    /// runs the worker and exits the process with its exit code. Otherwise returns at once, frozen or not.
    /// </summary>
    public static void Dispatch(string[] args)
    {
        if (WorkerCommandLine.IsWorker(args))
        {
            Environment.Exit(WorkerHost.Run(args));
        }
    }
}
