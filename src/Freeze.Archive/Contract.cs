namespace Freeze;

/// <summary>
/// Every name that crosses between the build (the tasks that write the package), the bootloader and
/// the app (Freeze.Runtime): the one definition. The bootloader's src/bootloader/frz_contract.h
/// mirrors it as <c>FRZ_&lt;GROUP&gt;_&lt;NAME&gt;</c> (FreezeContract.Option.MainAssembly is
/// FRZ_OPTION_MAIN_ASSEMBLY); ContractTests fails on any difference. Freeze.Runtime compiles this
/// file in.
/// </summary>
#if FREEZE_RUNTIME
internal
#else
public
#endif
static class FreezeContract
{
    /// <summary>The first argument that makes a process a worker.</summary>
    public const string WorkerSwitch = "--freeze-worker";

    /// <summary>Package options: members of type 'o', <c>key=value</c> (docs/formats.md).</summary>
    public static class Option
    {
        public const string Mode = "mode";
        public const string MainAssembly = "main-assembly";
        public const string SelfContained = "self-contained";
        public const string StartupHook = "startup-hook";
        public const string StartupHookWhen = "startup-hook-when";
        public const string AllowStartupHooks = "allow-startup-hooks";
        public const string ModuleArchive = "module-archive";
        public const string AppDeps = "app-deps";
        public const string RuntimeTmpdir = "runtime-tmpdir";
        public const string ExtractionCache = "extraction-cache";

        /// <summary><c>false</c> when no library of the folder needs the dynamic loader to see the folder: a OneDir top level, and a OneFile one with a verified extraction cache, host the app without restarting.</summary>
        public const string Restart = "restart";

        /// <summary>Name of the 'x' member holding the splash screen (<see cref="Splash"/>); never extracted.</summary>
        public const string SplashImage = "splash-image";

        /// <summary><c>property:NAME=VALUE</c>: a runtime property the bootloader sets.</summary>
        public const string PropertyPrefix = "property:";
    }

    /// <summary>Values of options and runtime properties.</summary>
    public static class Value
    {
        public const string OneFile = "onefile";
        public const string OneDir = "onedir";
        public const string True = "true";
        public const string False = "false";
        public const string HookAlways = "always";
        public const string HookWorker = "worker";
        public const string HookNever = "never";
    }

    /// <summary>Runtime properties the bootloader sets itself.</summary>
    public static class Property
    {
        public const string Executable = "FREEZE_EXECUTABLE";
        public const string Home = "FREEZE_HOME";
        public const string Mode = "FREEZE_MODE";
        public const string StartupHooks = "STARTUP_HOOKS";
        public const string BundleProbe = "BUNDLE_PROBE";
        public const string AppContextDepsFiles = "APP_CONTEXT_DEPS_FILES";
    }

    /// <summary>Runtime properties the build fixes (through <see cref="Option.PropertyPrefix"/>) for Freeze.Runtime.</summary>
    public static class BuildProperty
    {
        public const string RuntimeHooks = "FREEZE_RUNTIME_HOOKS";
        public const string WorkerAutoDispatch = "FREEZE_WORKER_AUTO_DISPATCH";
        public const string HostingContentRoot = "FREEZE_HOSTING_CONTENT_ROOT";
    }

    /// <summary>Environment variables (docs/bootloader.md, docs/runtime.md).</summary>
    public static class Env
    {
        public const string ArchiveFile = "_FREEZE_ARCHIVE_FILE";
        public const string ProcessLevel = "_FREEZE_PARENT_PROCESS_LEVEL";
        public const string HomeDir = "_FREEZE_APPLICATION_HOME_DIR";
        public const string ProcessName = "_FREEZE_LINUX_PROCESS_NAME";
        public const string SplashIpc = "_FREEZE_SPLASH_IPC";
        public const string ParentPid = "_FREEZE_PARENT_PID";
        public const string CacheLock = "_FREEZE_CACHE_LOCK";
        public const string PrivatePrefix = "_FREEZE_";
        public const string Reset = "FREEZE_RESET_ENVIRONMENT";
        public const string StrictUnpack = "FREEZE_STRICT_UNPACK_MODE";
        public const string SuppressSplash = "FREEZE_SUPPRESS_SPLASH_SCREEN";
        public const string Trace = "FREEZE_TRACE";
        public const string LibraryPathOrig = "LD_LIBRARY_PATH_ORIG";
    }

    /// <summary>Values of <see cref="Env.ProcessLevel"/>; unset is the top level.</summary>
    public static class Level
    {
        public const string MainValue = "1";
        public const string WorkerValue = "2";
    }

    /// <summary>The splash screen member (docs/splash.md) and the values of <see cref="Env.SplashIpc"/>.</summary>
    public static class Splash
    {
        public const string Magic = "FRZSPLSH";
        public const int HeaderSize = 40;
        public const int MaxSide = 4096;
        public const int MaxText = 1024;

        /// <summary>No splash in this process: a worker, suppressed, or none could be shown.</summary>
        public const string IpcNone = "0";

        /// <summary>Followed by the name of an abstract Unix socket (Linux).</summary>
        public const string IpcAbstractPrefix = "@";
    }

    /// <summary>The bootloader's own exit codes (FRZ_EXIT_* in frz_error_codes.h; docs/diagnostics.md).</summary>
    public static class Exit
    {
        public const int Environment = 249;
        public const int Archive = 250;
        public const int Extract = 251;
        public const int RuntimeMissing = 252;
        public const int RuntimeFailed = 253;
        public const int Launch = 254;
    }
}
