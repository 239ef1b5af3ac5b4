using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Freeze.Runtime;

/// <summary>
/// What the bootloader told this process (runtime properties), and what runs before Main when the
/// build asked for the startup hook. Assemblies of the module archive need none of it: the
/// bootloader's bundle probe lets the runtime load them from the executable itself.
/// </summary>
internal static class FrozenProcess
{
    internal static string? Home => AppContext.GetData(FreezeContract.Property.Home) as string;

    internal static string? Executable => AppContext.GetData(FreezeContract.Property.Executable) as string;

    /// <summary>
    /// Before Main: give a hosting app its home folder as content root, run the FreezeRuntimeHook
    /// types in order, then, in a process started with --freeze-worker, run the worker and exit
    /// (PyOxidizer's automatic dispatch).
    /// </summary>
    internal static void Initialize()
    {
        if (Home is not string home)
        {
            return;
        }
        if (AppContext.GetData(FreezeContract.BuildProperty.HostingContentRoot) as string == FreezeContract.Value.True)
        {
            HostingContentRoot.Apply(home);
        }
        RunRuntimeHooks();
        string[] args = Environment.GetCommandLineArgs().Skip(1).ToArray();
        if (AppContext.GetData(FreezeContract.BuildProperty.WorkerAutoDispatch) as string != FreezeContract.Value.False && WorkerCommandLine.IsWorker(args))
        {
            Environment.Exit(WorkerHost.Run(args));
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The build roots every FreezeRuntimeHook type with its Run method (a trimmer descriptor).")]
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "The build roots every FreezeRuntimeHook type with its Run method (a trimmer descriptor).")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The build roots every FreezeRuntimeHook type with its Run method (a trimmer descriptor).")]
    private static void RunRuntimeHooks()
    {
        if (AppContext.GetData(FreezeContract.BuildProperty.RuntimeHooks) is not string hooks)
        {
            return;
        }
        foreach (string name in hooks.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var type = Assembly.GetEntryAssembly()?.GetType(name) ?? Type.GetType(name)
                ?? throw new InvalidOperationException($"FreezeRuntimeHook '{name}' is not a type of the app");
            var run = type.GetMethod("Run", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes)
                ?? throw new InvalidOperationException($"FreezeRuntimeHook '{name}' has no static Run() method");
            try
            {
                run.Invoke(null, null);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            }
        }
    }
}
