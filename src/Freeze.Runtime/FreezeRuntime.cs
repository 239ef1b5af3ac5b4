using System.Diagnostics;

namespace Freeze.Runtime;

/// <summary>
/// Where a frozen app runs from, and how it starts other programs. Every member also answers
/// sensibly when the app runs unfrozen (<c>dotnet run</c>, tests): <see cref="IsFrozen"/> is false,
/// the folders are the app's own and the environment is left as it is.
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

    /// <summary>
    /// Makes <paramref name="startInfo"/> start an outside program with the environment it would have
    /// had without Freeze.Sdk: <c>LD_LIBRARY_PATH</c> restored from <c>LD_LIBRARY_PATH_ORIG</c> (or
    /// removed), the home folder dropped from <c>PATH</c> and <c>DYLD_LIBRARY_PATH</c>, and the private
    /// <c>_FREEZE_*</c> variables removed, so a frozen app started this way starts fresh. Unfrozen, only
    /// the private variables are removed. On Windows, frozen, it also resets this process's DLL directory
    /// (<c>SetDllDirectoryW(NULL)</c>, which child processes inherit), as PyInstaller asks apps to do;
    /// <see cref="StartExternalProgram(ProcessStartInfo)"/> resets it only while the program starts.
    /// </summary>
    public static ProcessStartInfo SanitizeForExternalProgram(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        SanitizeEnvironment(startInfo);
        DllDirectory.Reset();
        return startInfo;
    }

    private static void SanitizeEnvironment(ProcessStartInfo startInfo) =>
        EnvironmentSanitizer.Sanitize(startInfo.Environment, IsFrozen ? ApplicationHomeDirectory : null);

    /// <summary>Starts an outside program with a sanitized environment (<see cref="SanitizeForExternalProgram"/>).</summary>
    public static Process StartExternalProgram(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        SanitizeEnvironment(startInfo);
        return DllDirectory.WithoutDllDirectory(() => Process.Start(startInfo))
            ?? throw new InvalidOperationException($"'{startInfo.FileName}' did not start");
    }

    /// <inheritdoc cref="StartExternalProgram(ProcessStartInfo)"/>
    public static Process StartExternalProgram(string fileName, params string[] arguments) =>
        StartExternalProgram(new ProcessStartInfo(fileName, arguments) { UseShellExecute = false });

    /// <summary>
    /// A start info for a new, independent instance of this app (an application restart): it unpacks
    /// again into a folder of its own and keeps running after this process ends. Sets
    /// <c>FREEZE_RESET_ENVIRONMENT=1</c> on top of <see cref="SanitizeForExternalProgram"/>.
    /// </summary>
    public static ProcessStartInfo CreateIndependentInstance(params string[] arguments)
    {
        string executable = ExecutablePath ?? throw new InvalidOperationException("the path of this executable is unknown");
        var startInfo = new ProcessStartInfo(executable, arguments) { UseShellExecute = false };
        SanitizeEnvironment(startInfo);
        startInfo.Environment[FreezeContract.Env.Reset] = "1";
        return startInfo;
    }
}
