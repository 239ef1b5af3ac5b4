using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Freeze.Archive;

namespace Freeze.Runtime;

/// <summary>What the bootloader told this process, and the resolution hooks installed before Main.</summary>
internal static class FrozenProcess
{
    private static ModuleArchiveReader? _modules;
    private static readonly object Gate = new();

    internal static string? Home => AppContext.GetData("FREEZE_HOME") as string;

    internal static string? Executable => AppContext.GetData("FREEZE_EXECUTABLE") as string;

    /// <summary>
    /// Before Main: install the loader, run the FreezeRuntimeHook types in order, then, in a process
    /// started with --freeze-worker, run the worker and exit (PyOxidizer's automatic dispatch).
    /// </summary>
    internal static void Initialize()
    {
        if (Home is null)
        {
            return;
        }
        AssemblyLoadContext.Default.Resolving += ResolveFromModuleArchive;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += ResolveFromHome;
        RunRuntimeHooks();
        string[] args = Environment.GetCommandLineArgs().Skip(1).ToArray();
        if (AppContext.GetData("FREEZE_WORKER_AUTO_DISPATCH") as string != "false" && WorkerCommandLine.IsWorker(args))
        {
            Environment.Exit(WorkerHost.Run(args));
        }
    }

    private static void RunRuntimeHooks()
    {
        if (AppContext.GetData("FREEZE_RUNTIME_HOOKS") is not string hooks)
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

    private static Assembly? ResolveFromModuleArchive(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is null || !string.IsNullOrEmpty(name.CultureName))
        {
            return null;
        }
        var modules = OpenModuleArchive();
        byte[]? image = modules?.Read(name.Name);
        return image is null ? null : context.LoadFromStream(new MemoryStream(image, writable: false));
    }

    private static IntPtr ResolveFromHome(Assembly requester, string libraryName)
    {
        string? home = Home;
        if (home is null || Path.IsPathRooted(libraryName))
        {
            return IntPtr.Zero;
        }
        foreach (string candidate in NativeFileNames(libraryName))
        {
            string path = Path.Combine(home, candidate);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out IntPtr handle))
            {
                return handle;
            }
        }
        return IntPtr.Zero;
    }

    private static IEnumerable<string> NativeFileNames(string name)
    {
        yield return name;
        string prefix = OperatingSystem.IsWindows() ? "" : "lib";
        string suffix = OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        if (!name.EndsWith(suffix, StringComparison.Ordinal))
        {
            yield return name + suffix;
            yield return prefix + name + suffix;
        }
    }

    /// <summary>Opens the module archive inside the executable on first use; the index is read once.</summary>
    private static ModuleArchiveReader? OpenModuleArchive()
    {
        lock (Gate)
        {
            if (_modules is not null)
            {
                return _modules;
            }
            if (Executable is not string executable
                || AppContext.GetData("FREEZE_MODULE_ARCHIVE") is not string range
                || !TryParseRange(range, out long offset, out long length))
            {
                return null;
            }
            var stream = new FileStream(executable, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
            _modules = ModuleArchiveReader.Open(stream, offset, length);
            return _modules;
        }
    }

    private static bool TryParseRange(string text, out long offset, out long length)
    {
        length = 0;
        int colon = text.IndexOf(':');
        return long.TryParse(text.AsSpan(0, Math.Max(colon, 0)), out offset)
            & colon > 0 && long.TryParse(text.AsSpan(colon + 1), out length);
    }
}
