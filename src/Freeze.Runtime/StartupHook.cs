using Freeze.Runtime;

/// <summary>
/// The entry point the .NET host calls before Main. The bootloader names this assembly in the
/// STARTUP_HOOKS runtime property, never in DOTNET_STARTUP_HOOKS, so child processes do not inherit it.
/// </summary>
internal static class StartupHook
{
    public static void Initialize() => FrozenProcess.Initialize();
}
