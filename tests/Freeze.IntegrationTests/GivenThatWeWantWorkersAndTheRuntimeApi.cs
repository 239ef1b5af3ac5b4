using System.Text.RegularExpressions;

namespace Freeze.IntegrationTests;

/// <summary>Issue 5 end to end: the runtime API, outside programs, restart, workers, runtime hooks and options.</summary>
[TestClass]
public sealed class GivenThatWeWantWorkersAndTheRuntimeApi
{
    private static Dictionary<string, string?> LogTo(TestProject project, out string log)
    {
        log = Path.Combine(project.Root, "worker-test-log");
        return new Dictionary<string, string?> { ["WORKER_TEST_LOG"] = log };
    }

    private static string[] Logged(string folder) =>
        Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static string Value(ProcessResult result, string key) =>
        result.StdOut.Split('\n').First(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_runs_a_pool_of_workers_that_reuse_the_app_and_skip_Main(string mode)
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode));

        var result = project.RunWith(LogTo(project, out string log), "pool");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("500500", Value(result, "total"), "four workers each summed a quarter of 1..1000");
        string home = Value(result, "home");
        var workerHomes = result.StdOut.Split('\n').Where(l => l.StartsWith("worker-home=", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(4, workerHomes.Count, result.StdOut);
        Assert.IsTrue(workerHomes.All(h => h == $"worker-home={home}"), "workers reuse the application folder");
        Assert.AreEqual(4, result.StdOut.Split('\n').Count(l => l == "worker-hooks=first,second"), "runtime hooks run in workers too, in order");
        Assert.AreEqual("first,second", Value(result, "hooks"));
        Assert.AreEqual(4, result.StdOut.Split('\n').Count(l => l == "worker-level=2"));

        string[] logged = Logged(log);
        Assert.AreEqual(1, logged.Count(l => l.StartsWith("main-started.", StringComparison.Ordinal)), "Main's start-up work ran once: " + string.Join(" | ", logged));
        Assert.IsFalse(logged.Any(l => l.StartsWith("main-entered-as-worker", StringComparison.Ordinal)), "automatic dispatch runs workers before Main");
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length, "the one extraction folder is removed at the end");
    }

    [TestMethod]
    public void It_counts_one_extraction_folder_for_a_OneFile_app_and_its_workers()
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile"));
        var result = project.RunWith(new Dictionary<string, string?> { ["FREEZE_TRACE"] = "1" }, "pool");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var created = result.StdErr.Split('\n').Where(l => l.Contains("temporary folder", StringComparison.Ordinal) && l.Contains("_FRZ", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(1, created.Count, result.StdErr);
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_dispatches_explicitly_when_automatic_dispatch_is_off(string mode)
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, more: "-p:FreezeWorkerAutoDispatch=false"));

        var result = project.RunWith(LogTo(project, out string log), "pool");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("500500", Value(result, "total"));
        string[] logged = Logged(log);
        Assert.AreEqual(4, logged.Count(l => l.StartsWith("main-entered-as-worker.", StringComparison.Ordinal)), "FreezeSupport.Dispatch in Main ran the workers");
        Assert.AreEqual(1, logged.Count(l => l.StartsWith("main-started.", StringComparison.Ordinal)));
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_reports_a_worker_exception_with_the_worker_message(string mode)
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode));

        var result = project.Run("fail");
        Assert.AreEqual(5, result.ExitCode, result.ToString());
        Assert.AreEqual("part 3 failed|System.InvalidOperationException|70", Value(result, "worker-error"));
    }

    [TestMethod]
    public void It_exchanges_data_with_a_worker_through_standard_input_and_output()
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile"));
        var result = project.Run("echo");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "echo:through stdin\n");
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_gives_outside_programs_a_clean_environment(string mode)
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode));

        var result = project.RunWith(new Dictionary<string, string?> { ["LD_LIBRARY_PATH"] = "/opt/user/lib", ["PATH"] = "/usr/local/bin:/usr/bin:/bin" }, "env");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        string home = Value(result, "home").TrimEnd('/');
        string[] parts = result.StdOut.Split("--- sanitized ---\n");
        var raw = Variables(parts[0].Split("--- raw ---\n")[1]);
        var clean = Variables(parts[1]);

        StringAssert.StartsWith(raw["LD_LIBRARY_PATH"], home, "the app itself sees its folder first");
        Assert.AreEqual("/opt/user/lib", raw["LD_LIBRARY_PATH_ORIG"]);
        Assert.IsTrue(raw.ContainsKey("_FREEZE_ARCHIVE_FILE"));

        Assert.AreEqual("/opt/user/lib", clean["LD_LIBRARY_PATH"], "restored from LD_LIBRARY_PATH_ORIG");
        Assert.IsFalse(clean.ContainsKey("LD_LIBRARY_PATH_ORIG"));
        Assert.IsFalse(clean.Keys.Any(k => k.StartsWith("_FREEZE_", StringComparison.Ordinal)), string.Join(", ", clean.Keys));
        Assert.AreEqual("/usr/local/bin:/usr/bin:/bin", clean["PATH"]);
    }

    /// <summary>WorkerApp's folder has no native library: the OneDir bootloader hosts it without the restart that lets
    /// the dynamic loader see LD_LIBRARY_PATH (RulesApp's libraries need it: GivenThatWeWantTheBootloaderRules), and the app
    /// and its workers get the same environment as after one.</summary>
    [TestMethod]
    public void It_hosts_a_OneDir_app_without_native_libraries_without_a_restart()
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneDir"));

        var traced = new Dictionary<string, string?> { ["FREEZE_TRACE"] = "1", ["LD_LIBRARY_PATH"] = "/opt/user/lib" };
        var result = project.RunWith(traced, "env");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdErr, "no restart", result.StdErr);
        Assert.IsFalse(result.StdErr.Contains("restarting", StringComparison.Ordinal), result.StdErr);
        var raw = Variables(result.StdOut.Split("--- sanitized ---\n")[0].Split("--- raw ---\n")[1]);
        Assert.AreEqual($"{Value(result, "home").TrimEnd('/')}:/opt/user/lib", raw["LD_LIBRARY_PATH"]);
        Assert.AreEqual("/opt/user/lib", raw["LD_LIBRARY_PATH_ORIG"]);
        Assert.AreEqual("2", raw["_FREEZE_PARENT_PROCESS_LEVEL"], "what the app starts from its executable is a worker, as after a restart");

        var pool = project.Run("pool");
        Assert.AreEqual(0, pool.ExitCode, pool.ToString());
        Assert.AreEqual("500500", Value(pool, "total"), "workers start from a main process that did not restart");
    }

    /// <summary>The OneFile twin of the test above: the parent's child goes on from the fork without an execv (the
    /// dynamic loader would only have read LD_LIBRARY_PATH again), with the environment a fresh child would have had.
    /// RulesApp's OneFile tests cover the execv that a folder with native libraries keeps.</summary>
    [TestMethod]
    public void It_starts_the_OneFile_child_of_an_app_without_native_libraries_without_an_exec()
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile"));

        var traced = new Dictionary<string, string?> { ["FREEZE_TRACE"] = "1", ["LD_LIBRARY_PATH"] = "/opt/user/lib" };
        var result = project.RunWith(traced, "env");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var parent = Regex.Match(result.StdErr, @"\[FRZ-(\d+):DEBUG\] started child (\d+)");
        Assert.IsTrue(parent.Success, result.StdErr);
        string child = parent.Groups[2].Value;
        StringAssert.Contains(result.StdErr, $"[FRZ-{child}:DEBUG] no restart: no library of the folder needs the library path", result.StdErr);
        Assert.IsFalse(result.StdErr.Contains($"[FRZ-{child}:DEBUG] archive found", StringComparison.Ordinal), "the child does not open the package again\n" + result.StdErr);
        var raw = Variables(result.StdOut.Split("--- sanitized ---\n")[0].Split("--- raw ---\n")[1]);
        Assert.AreEqual($"{Value(result, "home").TrimEnd('/')}:/opt/user/lib", raw["LD_LIBRARY_PATH"]);
        Assert.AreEqual("2", raw["_FREEZE_PARENT_PROCESS_LEVEL"], "what the app starts from its executable is a worker");
        Assert.AreEqual(child, raw["_FREEZE_PARENT_PID"], "its workers belong to the main process");
        Assert.AreEqual("/opt/user/lib", Variables(result.StdOut.Split("--- sanitized ---\n")[1])["LD_LIBRARY_PATH"]);
        StringAssert.Contains(result.StdErr, $"[FRZ-{parent.Groups[1].Value}:DEBUG] removed ", "the parent still owns the folder");
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);

        var pool = project.Run("pool");
        Assert.AreEqual(0, pool.ExitCode, pool.ToString());
        Assert.AreEqual("500500", Value(pool, "total"), "workers start from a main process that was not exec'd");
        Assert.AreEqual(7, project.Run("exit", "7").ExitCode, "the parent exits with the forked child's code");
    }

    [TestMethod]
    public void It_removes_the_library_path_from_outside_programs_when_the_user_had_none()
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile"));
        var result = project.RunWith(new Dictionary<string, string?> { ["LD_LIBRARY_PATH"] = null }, "env");
        var clean = Variables(result.StdOut.Split("--- sanitized ---\n")[1]);
        Assert.IsFalse(clean.ContainsKey("LD_LIBRARY_PATH"), result.StdOut);
    }

    [TestMethod]
    public void It_restarts_as_an_independent_instance_with_a_folder_of_its_own()
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile"));
        string marker = Path.Combine(project.Root, "second.txt");

        var first = project.Run("restart", marker);
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        StringAssert.Contains(first.StdOut, "first-exiting");
        string firstHome = Value(first, "home");
        Assert.IsFalse(Directory.Exists(firstHome), "the first instance removed its folder when it ended");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(marker) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
        Thread.Sleep(200);
        string report = File.ReadAllText(marker);
        StringAssert.Contains(report, "second-home-exists=True", "the second instance kept running from its own folder");
        string secondHome = report.Split('\n')[0]["second-home=".Length..];
        Assert.AreNotEqual(firstHome, secondHome);
        StringAssert.StartsWith(secondHome, Path.Combine(project.TempDir, "_FRZ"));
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.Exists(secondHome) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
        Assert.IsFalse(Directory.Exists(secondHome), "the second instance removes its own folder too");
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_fixes_runtime_options_at_build_time_over_the_environment(string mode)
    {
        using var project = TestProject.Copy("WorkerApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode));
        var result = project.RunWith(new Dictionary<string, string?> { ["DOTNET_gcServer"] = "0", ["DOTNET_GCgen0size"] = null }, "options");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("True", Value(result, "server-gc"), "System.GC.Server=true from the build wins over DOTNET_gcServer=0");
        Assert.AreEqual("fixed at build time", Value(result, "build-option"));
    }

    [DataTestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void It_ignores_startup_hooks_from_the_environment_unless_allowed(bool allowed)
    {
        using var project = TestProject.Copy("WorkerApp", with: ["EnvHook"]);
        var build = ProcessRunner.Run("dotnet", ["build", Path.Combine(project.Root, "EnvHook"), "-c", "Release", "-o", Path.Combine(project.Root, "envhook"), "-nologo"], project.Root);
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", more: $"-p:FreezeAllowStartupHooks={allowed}"));

        var result = project.RunWith(new Dictionary<string, string?> { ["DOTNET_STARTUP_HOOKS"] = Path.Combine(project.Root, "envhook", "EnvHook.dll") }, "options");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(allowed ? "yes" : "no", Value(result, "env-hook"));
    }

    private static Dictionary<string, string> Variables(string envOutput) =>
        envOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains('='))
            .GroupBy(l => l[..l.IndexOf('=')])
            .ToDictionary(g => g.Key, g => g.First()[(g.Key.Length + 1)..]);
}
