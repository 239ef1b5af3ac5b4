using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace Freeze.IntegrationTests;

/// <summary>
/// Apps frozen on this Linux machine for win-x64 run under wine (eng/wine.sh installs it and makes the prefix;
/// eng/test.sh runs it). Self-contained apps bring their runtime; framework-dependent ones run on a Windows .NET
/// laid out from the runtime pack of the feed (DOTNET_ROOT). The OneFile folder goes to the prefix's %TEMP%,
/// which wine takes from its registry, not from the environment: the tests check the folder the app reports.
/// </summary>
[TestClass]
public sealed class GivenThatWeWantWindows
{
    [ClassInitialize]
    public static void RequireWine(TestContext context) => Wine.Require();

    private static readonly Lazy<string> WindowsDotnet = new(() => RuntimePackDotnet.Make("win-x64", "hostfxr.dll", "coreclr.dll"));

    private static string[] Arguments(string mode, bool selfContained = true, params string[] more) =>
        ["-r", "win-x64", $"-p:FreezeMode={mode}", $"--self-contained={(selfContained ? "true" : "false")}", .. more];

    private static string Executable(TestProject project) => Path.Combine(project.PublishDir, project.Name + ".exe");

    /// <summary>A Linux path as wine's Z: drive shows it.</summary>
    private static string WindowsPath(string path) => "Z:" + path.Replace('/', '\\');

    /// <summary>A Windows path of the prefix's C: drive as a Linux path.</summary>
    private static string LinuxPath(string windowsPath)
    {
        Assert.IsTrue(windowsPath.StartsWith(@"C:\", StringComparison.OrdinalIgnoreCase), windowsPath);
        return Path.Combine(Wine.Prefix, "drive_c", windowsPath[3..].Replace('\\', '/'));
    }

    private static Dictionary<string, string?> WineEnvironment(IDictionary<string, string?>? more = null) => Wine.Environment(more);

    private static ProcessResult RunUnderWine(string executable, IDictionary<string, string?>? environment, params string[] arguments)
    {
        var result = ProcessRunner.Run("wine", [executable, .. arguments], Path.GetDirectoryName(executable), WineEnvironment(environment), TimeSpan.FromMinutes(2));
        // Windows line ends, also those a worker's output keeps when the app passes its lines on.
        return result with { StdOut = result.StdOut.Replace("\r", ""), StdErr = result.StdErr.Replace("\r", "") };
    }

    private static ProcessResult Run(TestProject project, params string[] arguments) => RunUnderWine(Executable(project), null, arguments);

    private static string Value(ProcessResult result, string key) =>
        result.StdOut.Split('\n').First(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

    private static Subsystem PeSubsystem(string file)
    {
        using var stream = File.OpenRead(file);
        return new PEHeaders(stream).PEHeader!.Subsystem;
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_runs_a_win_x64_app_with_its_arguments_and_exit_code(string mode)
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(Arguments(mode));
        Assert.AreEqual(Subsystem.WindowsCui, PeSubsystem(Executable(project)));
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDir, "HelloWorld")), "the executable is HelloWorld.exe");

        var result = Run(project, "with space", "héllo wörld ✓", "--exit", "7");

        Assert.AreEqual(7, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "Hello from a frozen app!\nfrozen=True\n");
        StringAssert.Contains(result.StdOut, $"process={WindowsPath(Executable(project))}\n");
        StringAssert.Contains(result.StdOut, "arg[0]=with space\narg[1]=héllo wörld ✓\narg[2]=--exit\n");
        Assert.AreEqual("", result.StdErr);
        string home = Value(result, "home");
        if (mode == "OneFile")
        {
            StringAssert.Matches(home, new Regex(@"^C:\\users\\[^\\]+\\Temp\\_FRZ[a-z0-9]{6}$"), "unpacked into %TEMP%");
            Assert.IsFalse(Directory.Exists(LinuxPath(home)), $"{home} is removed after a normal exit");
        }
        else
        {
            Assert.AreEqual(WindowsPath(project.PublishDir), home, "a OneDir app runs from its folder");
        }
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_runs_a_framework_dependent_win_x64_app_on_the_dotnet_of_DOTNET_ROOT(string mode)
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(Arguments(mode, selfContained: false));
        Assert.IsFalse(project.PublishedFiles().Any(f => f.Contains("coreclr", StringComparison.Ordinal)), "no runtime in a framework-dependent app");
        var environment = new Dictionary<string, string?> { ["DOTNET_ROOT"] = WindowsPath(WindowsDotnet.Value), ["FREEZE_TRACE"] = "1" };

        var result = RunUnderWine(Executable(project), environment, "a b", "--exit", "3");

        Assert.AreEqual(3, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "frozen=True\n");
        StringAssert.Contains(result.StdOut, "arg[0]=a b\n");
        StringAssert.Contains(result.StdErr, $"hostfxr {WindowsPath(WindowsDotnet.Value)}\\host\\fxr\\", "hostfxr.dll of DOTNET_ROOT");
    }

    [TestMethod]
    public void It_reports_a_missing_dotnet_for_a_framework_dependent_win_x64_app()
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(Arguments("OneDir", selfContained: false));

        var result = RunUnderWine(Executable(project), new Dictionary<string, string?> { ["DOTNET_ROOT"] = @"C:\nowhere", ["FREEZE_TRACE"] = "1" });

        Assert.AreEqual(252, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdErr, @"HelloWorld.exe: error FRZ0304: no .NET runtime found (looked for host/fxr/<version>/hostfxr.dll in: DOTNET_ROOT=C:\nowhere, %ProgramFiles%=C:\Program Files\dotnet)");
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_loads_a_NuGet_package_from_the_module_archive_and_a_native_library_on_win_x64(string mode)
    {
        using var project = TestProject.Copy("NuGetApp");
        project.PublishSucceeds(Arguments(mode));
        if (mode == "OneDir")
        {
            CollectionAssert.Contains(project.PublishedFiles(), "e_sqlite3.dll", "the native library of the package is a file of the folder");
        }

        var result = Run(project, "x");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "json={\"name\":\"frozen\",\"args\":[\"x\"]}\n");
        StringAssert.Contains(result.StdOut, "newtonsoft.location=[]", "loaded from the module archive, not from a file");
        StringAssert.Matches(result.StdOut, new Regex(@"sqlite=3\.\d+"), "e_sqlite3.dll loaded");

        // The Windows build of the bootloader's reader (zlib, Win32 files) reads what the task wrote.
        string dump = Path.Combine(Repo.Artifacts, "bootloader", "win-x64", "frz-pkg-dump.exe");
        var listing = RunUnderWine(dump, null, Executable(project));
        Assert.AreEqual(0, listing.ExitCode, listing.ToString());
        StringAssert.Matches(listing.StdOut, new Regex(@"^version 1\.\d+\n"));
        StringAssert.Contains(listing.StdOut, mode == "OneFile" ? " e_sqlite3.dll\n" : " modules.frz\n");
        var modules = RunUnderWine(dump, null, Executable(project), "--modules");
        Assert.AreEqual(0, modules.ExitCode, modules.ToString());
        StringAssert.Matches(modules.StdOut, new Regex(@"^[0-9a-f]{8} \d+ \d+ Newtonsoft\.Json\.dll$", RegexOptions.Multiline), "each assembly's CRC-32 checked");
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_runs_workers_of_a_win_x64_app_in_its_one_folder(string mode)
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(Arguments(mode));

        var result = RunUnderWine(Executable(project), new Dictionary<string, string?> { ["WORKER_TEST_LOG"] = WindowsPath(Path.Combine(project.Root, "log")) }, "pool");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "total=500500\n", "four workers each summed a quarter of 1..1000");
        string home = Value(result, "home");
        var workerHomes = result.StdOut.Split('\n').Where(l => l.StartsWith("worker-home=", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(4, workerHomes.Count, result.StdOut);
        Assert.IsTrue(workerHomes.All(h => h == $"worker-home={home}"), "workers reuse the application folder");
        Assert.AreEqual(4, result.StdOut.Split('\n').Count(l => l == "worker-level=2"), result.StdOut);
        Assert.AreEqual(1, Directory.EnumerateFiles(Path.Combine(project.Root, "log"), "main-started.*").Count(), "Main ran once, not in the workers");
        if (mode == "OneFile")
        {
            Assert.IsFalse(Directory.Exists(LinuxPath(home)), $"{home} is removed at the end");
        }
        else
        {
            Assert.AreEqual(WindowsPath(project.PublishDir), home);
        }
    }

    [TestMethod]
    public void It_puts_the_home_folder_on_the_DLL_search_path_and_takes_it_off_for_outside_programs()
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(Arguments("OneFile"));

        var result = Run(project, "dll-directory");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        string home = Value(result, "home");
        Assert.AreEqual(home, Value(result, "dll-directory"), "SetDllDirectoryW(home) in the app process");
        Assert.AreEqual(home, Value(result, "after-start-external"), "StartExternalProgram puts it back once the program started");
        Assert.AreEqual("", Value(result, "after-sanitize"), "SanitizeForExternalProgram resets it (SetDllDirectoryW(NULL))");
    }

    [TestMethod]
    public void It_extracts_into_FreezeRuntimeTmpDir_with_its_variables_expanded_relative_to_the_executable()
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(Arguments("OneFile", true, "-p:FreezeRuntimeTmpDir=%25FRZ_RT_NAME%25\\cache"));

        var result = RunUnderWine(Executable(project), new Dictionary<string, string?> { ["FRZ_RT_NAME"] = "rt" });

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        string home = Value(result, "home");
        StringAssert.StartsWith(home, WindowsPath(project.PublishDir) + @"\rt\cache\_FRZ");
        Assert.IsTrue(Directory.Exists(Path.Combine(project.PublishDir, "rt", "cache")), "the folders are created");
        Assert.AreEqual(0, Directory.GetDirectories(Path.Combine(project.PublishDir, "rt", "cache")).Length, "the folder is removed at the end");
    }

    [TestMethod]
    public void It_restarts_a_win_x64_OneFile_app_as_an_independent_instance_that_outlives_the_first()
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(Arguments("OneFile"));
        string marker = Path.Combine(project.Root, "second.txt");

        var first = Run(project, "restart", WindowsPath(marker));
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        StringAssert.Contains(first.StdOut, "first-exiting");
        string firstHome = Value(first, "home");
        Assert.IsFalse(Directory.Exists(LinuxPath(firstHome)), "the first instance removed its folder when it ended");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(marker) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
        Thread.Sleep(200);
        string report = File.ReadAllText(marker).Replace("\r", "");
        StringAssert.Contains(report, "second-home-exists=True", "the second instance, out of the first one's job, kept running from its own folder");
        string secondHome = report.Split('\n')[0]["second-home=".Length..];
        Assert.AreNotEqual(firstHome, secondHome);
        StringAssert.Contains(secondHome, @"\_FRZ");
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.Exists(LinuxPath(secondHome)) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
        Assert.IsFalse(Directory.Exists(LinuxPath(secondHome)), "the second instance removes its own folder too");
    }

    [TestMethod]
    public void It_removes_the_OneFile_folder_after_the_app_throws_and_after_the_app_is_killed()
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(Arguments("OneFile"));

        var thrown = Run(project, "--throw");

        Assert.AreNotEqual(0, thrown.ExitCode, thrown.ToString());
        StringAssert.Contains(thrown.StdErr, "thrown on purpose");
        string thrownHome = Value(thrown, "home");
        Assert.IsFalse(Directory.Exists(LinuxPath(thrownHome)), $"{thrownHome} is removed after an unhandled exception");

        var start = new ProcessStartInfo("wine") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Executable(project));
        start.ArgumentList.Add("--wait");
        foreach (var (key, value) in WineEnvironment())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        using var parent = Process.Start(start)!;
        try
        {
            var stderr = parent.StandardError.ReadToEndAsync();
            var ready = Task.Run<(string? Home, string? Pid)>(() =>
            {
                string? home = null;
                while (parent.StandardOutput.ReadLine()?.TrimEnd('\r') is string line)
                {
                    home = line.StartsWith("home=", StringComparison.Ordinal) ? line["home=".Length..] : home;
                    if (line.StartsWith("ready pid=", StringComparison.Ordinal))
                    {
                        return (home, line["ready pid=".Length..]);
                    }
                }
                return (home, null);
            });
            Assert.IsTrue(ready.Wait(TimeSpan.FromMinutes(2)), "the app reported its process id in time");
            var (home, pid) = ready.Result;
            Assert.IsNotNull(pid, "the app reported its process id");
            Assert.IsNotNull(home);
            Assert.IsTrue(Directory.Exists(LinuxPath(home)), "the folder exists while the app runs");

            var killed = ProcessRunner.Run("wine", ["taskkill", "/F", "/PID", pid], project.Root, WineEnvironment(), TimeSpan.FromMinutes(1));
            Assert.AreEqual(0, killed.ExitCode, killed.ToString());
            Assert.IsTrue(parent.WaitForExit(TimeSpan.FromMinutes(1)), "the parent ends when its child is killed");

            Assert.IsFalse(Directory.Exists(LinuxPath(home)), $"{home} is removed after the child was killed; parent stderr: {stderr.Result}");
        }
        finally
        {
            if (!parent.HasExited)
            {
                parent.Kill(entireProcessTree: true);
            }
        }
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_freezes_a_windowed_app_with_the_GUI_subsystem_bootloader_and_reports_its_errors_when_traced(string mode)
    {
        using var project = TestProject.Copy("HelloWorld");
        var publish = project.PublishSucceeds(Arguments(mode, true, "-p:FreezeConsole=false", "-p:FreezeExtractionCache=true"));
        StringAssert.Contains(publish.StdOut, "warning FRZ0015: FreezeExtractionCache is not supported on Windows yet ('win-x64')");
        Assert.AreEqual(Subsystem.WindowsGui, PeSubsystem(Executable(project)), "FreezeConsole=false: the windowed bootloader");

        var result = RunUnderWine(Executable(project), new Dictionary<string, string?> { ["FREEZE_TRACE"] = "1" }, "--exit", "4");
        Assert.AreEqual(4, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "Hello from a frozen app!\n");
        if (mode == "OneFile")
        {
            StringAssert.Contains(result.StdErr, "the extraction cache is not supported on Windows: a private folder is used");
        }

        // The package cut off: the bootloader's error goes to stderr (no message box while traced).
        string damaged = Path.Combine(project.PublishDir, "Damaged.exe");
        byte[] bytes = File.ReadAllBytes(Executable(project));
        File.WriteAllBytes(damaged, bytes[..^16]);
        var failed = RunUnderWine(damaged, new Dictionary<string, string?> { ["FREEZE_TRACE"] = "1" });

        Assert.AreEqual(250, failed.ExitCode, failed.ToString());
        StringAssert.Contains(failed.StdErr, $"Damaged.exe: error FRZ0301: {WindowsPath(damaged)} has no valid package");
    }
}
