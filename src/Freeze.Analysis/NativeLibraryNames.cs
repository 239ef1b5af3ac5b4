namespace Freeze.Analysis;

/// <summary>
/// Which native libraries are the operating system's (never bundled, as PyInstaller leaves /lib
/// and /usr/lib alone), which belong to .NET itself, and which file names a DllImport name can
/// mean. docs/analysis.md lists the libraries and why.
/// </summary>
internal static class NativeLibraryNames
{
    // glibc and the dynamic loader; the C and C++ compiler runtimes; what .NET itself needs on Linux.
    private static readonly string[] LinuxSystemPrefixes =
    [
        "libc", "libm", "libdl", "libpthread", "librt", "libutil", "libresolv", "libnsl", "libcrypt", "libanl",
        "ld-linux", "ld-linux-x86-64", "ld-linux-aarch64", "ld-musl-x86_64", "ld-musl-aarch64", "linux-vdso", "linux-gate",
        "libgcc_s", "libstdc++", "libz", "libssl", "libcrypto", "libgssapi_krb5", "liblttng-ust",
    ];

    private static readonly string[] LinuxSystemFamilies = ["libicu"];

    private static readonly HashSet<string> WindowsSystem = new(StringComparer.OrdinalIgnoreCase)
    {
        "kernel32", "kernelbase", "ntdll", "user32", "gdi32", "advapi32", "ole32", "oleaut32", "shell32", "shlwapi",
        "ws2_32", "crypt32", "bcrypt", "ncrypt", "secur32", "iphlpapi", "winhttp", "version", "comctl32", "comdlg32",
        "dbghelp", "psapi", "userenv", "setupapi", "winmm", "dwmapi", "uxtheme", "msvcrt", "ucrtbase", "vcruntime140",
        "api-ms-win-core", "normaliz", "rpcrt4", "mswsock", "dnsapi", "netapi32", "wtsapi32", "imm32", "d3d11", "dxgi",
        "mscoree", "clr", "mscorwks", "rstrtmgr", "msdia140", "msdia120", "dbgeng", "msi", "wintrust", "credui", "propsys",
        "shcore", "oleacc", "hid", "powrprof", "sspicli", "wldap32", "urlmon", "wininet", "mpr", "cfgmgr32", "d2d1", "dwrite",
        "gdiplus", "windowscodecs", "msvcp140", "winspool.drv", "odbc32", "ntdsapi", "activeds", "winscard", "ktmw32", "fltlib",
    };

    /// <summary>File name endings that only Windows loads.</summary>
    private static readonly string[] WindowsExtensions = [".dll", ".exe", ".drv", ".sys", ".ocx", ".cpl"];

    private static readonly string[] MacSystemPrefixes = ["libSystem", "/usr/lib/", "/System/Library/", "libobjc"];

    /// <summary>True for a library of the operating system, this one or another (code paths that never run here).</summary>
    public static bool IsSystemLibrary(string name) =>
        IsLinuxSystem(name) || WindowsSystem.Contains(StripExtension(name, ".dll")) || name.StartsWith("api-ms-win-", StringComparison.OrdinalIgnoreCase)
        || MacSystemPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// True for a library that only another operating system than <paramref name="rid"/>'s loads: a package's
    /// P/Invoke into it runs only there (FRZ0106 says nothing about it).
    /// </summary>
    public static bool IsOtherOsLibrary(string name, string? rid)
    {
        bool windows = rid?.StartsWith("win", StringComparison.OrdinalIgnoreCase) == true;
        bool windowsName = WindowsExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        bool unixName = name.EndsWith(".dylib", StringComparison.Ordinal) || name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal);
        return windows ? unixName : windowsName;
    }

    /// <summary>Libraries of the .NET runtime itself: present wherever the app runs.</summary>
    public static bool IsRuntimeLibrary(string name) =>
        name is "QCall" or "libcoreclr" or "coreclr" or "libclrjit" or "clrjit" or "libhostpolicy" or "hostpolicy" or "libhostfxr" or "hostfxr"
        || name.StartsWith("libSystem.", StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.", StringComparison.Ordinal);

    /// <summary>Does a file name look like a native library (.so, versioned .so, .dylib, .dll)? Managed .dll files are told apart before.</summary>
    public static bool IsNativeFileName(string name)
    {
        string file = Path.GetFileName(name);
        return file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            || file.EndsWith(".dylib", StringComparison.Ordinal)
            || file.EndsWith(".so", StringComparison.Ordinal)
            || file.Contains(".so.", StringComparison.Ordinal);
    }

    /// <summary>The file names the runtime probes for a DllImport name on Linux.</summary>
    public static IEnumerable<string> LinuxCandidates(string name)
    {
        string file = Path.GetFileName(name);
        yield return file;
        if (!file.Contains(".so", StringComparison.Ordinal))
        {
            yield return file + ".so";
            if (!file.StartsWith("lib", StringComparison.Ordinal))
            {
                yield return "lib" + file + ".so";
                yield return "lib" + file;
            }
        }
    }

    /// <summary>Does a bundled file name satisfy a DllImport name (versioned sonames included)?</summary>
    public static bool Matches(string importName, string bundledFileName) =>
        LinuxCandidates(importName).Any(c => bundledFileName == c || bundledFileName.StartsWith(c + ".", StringComparison.Ordinal)
            && c.EndsWith(".so", StringComparison.Ordinal));

    private static bool IsLinuxSystem(string name)
    {
        string file = Path.GetFileName(name);
        string stem = file.Contains(".so", StringComparison.Ordinal) ? file[..file.IndexOf(".so", StringComparison.Ordinal)] : file;
        if (!stem.StartsWith("lib", StringComparison.Ordinal) && !stem.StartsWith("ld-", StringComparison.Ordinal) && !stem.StartsWith("linux-", StringComparison.Ordinal))
        {
            stem = "lib" + stem;
        }
        return LinuxSystemPrefixes.Contains(stem, StringComparer.Ordinal) || LinuxSystemFamilies.Any(f => stem.StartsWith(f, StringComparison.Ordinal));
    }

    private static string StripExtension(string name, string extension) =>
        name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? name[..^extension.Length] : name;
}
