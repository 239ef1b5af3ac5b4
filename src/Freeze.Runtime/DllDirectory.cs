using System.Runtime.InteropServices;

namespace Freeze.Runtime;

/// <summary>
/// The Windows bootloader puts the home folder on the DLL search path with <c>SetDllDirectoryW</c>, which
/// processes started from this one inherit; outside programs must not get it (PyInstaller's rule).
/// </summary>
internal static class DllDirectory
{
    private static readonly object Gate = new();

    /// <summary>True when this process runs frozen on Windows, where the bootloader set the DLL directory.</summary>
    public static bool IsSet => OperatingSystem.IsWindows() && FreezeRuntime.IsFrozen;

    /// <summary>Removes the home folder from this process's DLL search path (what a child would inherit).</summary>
    public static void Reset()
    {
        if (IsSet)
        {
            SetDllDirectoryW(null);
        }
    }

    /// <summary>Runs <paramref name="start"/> without the DLL directory, then puts it back for this process.</summary>
    public static T WithoutDllDirectory<T>(Func<T> start)
    {
        if (!IsSet)
        {
            return start();
        }
        lock (Gate)
        {
            SetDllDirectoryW(null);
            try
            {
                return start();
            }
            finally
            {
                SetDllDirectoryW(FreezeRuntime.ApplicationHomeDirectory);
            }
        }
    }

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, ExactSpelling = true, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool SetDllDirectoryW(string? pathName);
}
