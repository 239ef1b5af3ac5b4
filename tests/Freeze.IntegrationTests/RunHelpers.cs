using System.Diagnostics;

namespace Freeze.IntegrationTests;

/// <summary>What the tests that run testassets/RulesApp share: its output, waiting, a slow file system.</summary>
internal static class RunHelpers
{
    /// <summary>An LD_PRELOAD library source: each file creation (openat with O_CREAT) takes 40 ms, so a test can act while a folder fills.</summary>
    public const string SlowCreateShim = """
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <fcntl.h>
        #include <stdarg.h>
        #include <unistd.h>
        int openat(int dir, const char *path, int flags, ...)
        {
            static int (*real)(int, const char *, int, ...);
            va_list ap;
            int mode = 0;
            if (!real) real = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
            va_start(ap, flags);
            if (flags & O_CREAT) { mode = va_arg(ap, int); usleep(40000); }
            va_end(ap);
            return real(dir, path, flags, mode);
        }
        """;

    /// <summary>Compiles an LD_PRELOAD library from SOURCE into FOLDER; returns its path.</summary>
    public static string CompileShim(string folder, string source)
    {
        string c = Path.Combine(folder, "shim.c");
        string so = Path.Combine(folder, "libshim.so");
        File.WriteAllText(c, source);
        var compiled = ProcessRunner.Run("gcc", ["-shared", "-fPIC", "-o", so, c]);
        Assert.AreEqual(0, compiled.ExitCode, compiled.ToString());
        return so;
    }

    /// <summary>"key=value" lines of stdout (the first of each key).</summary>
    public static Dictionary<string, string> Lines(ProcessResult result) =>
        result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains('='))
            .Select(l => l.Split('=', 2))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.First()[1]);

    public static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"timed out waiting for {what}");
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>The environment of a frozen app a test starts: BASE, then no private _FREEZE_ variable of the test
    /// process, then EXTRA (a null value removes the variable).</summary>
    public static Dictionary<string, string?> Environment(Dictionary<string, string?> @base, IDictionary<string, string?> extra)
    {
        foreach (string key in System.Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("_FREEZE_", StringComparison.Ordinal)))
        {
            @base[key] = null;
        }
        foreach (var (key, value) in extra)
        {
            @base[key] = value;
        }
        return @base;
    }
}
