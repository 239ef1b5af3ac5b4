namespace Freeze.Runtime;

/// <summary>
/// Where a frozen app runs from. Every member also answers sensibly when the app runs unfrozen
/// (<c>dotnet run</c>, tests): <see cref="IsFrozen"/> is false and the folders are the app's own.
/// </summary>
public static class FreezeRuntime
{
    /// <summary>True when the process was started by a Freeze.Sdk bootloader (Python's <c>sys.frozen</c>).</summary>
    public static bool IsFrozen => FrozenProcess.Home is not null;

    /// <summary>
    /// The folder the app's files are in: the unpacked temporary folder of a OneFile app, the folder of
    /// the executable of a OneDir app (Python's <c>sys._MEIPASS</c>); <see cref="AppContext.BaseDirectory"/> unfrozen.
    /// </summary>
    public static string ApplicationHomeDirectory => FrozenProcess.Home ?? AppContext.BaseDirectory;

    /// <summary>
    /// The frozen executable (Python's <c>sys.executable</c>); starting it again from the app starts a
    /// worker that reuses the unpacked files. Unfrozen, the path of the current process.
    /// </summary>
    public static string? ExecutablePath => FrozenProcess.Executable ?? Environment.ProcessPath;
}
