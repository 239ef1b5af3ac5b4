using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Freeze.IntegrationTests;

/// <summary>
/// The run-time rules of docs/runtime.md, end to end: testassets/RulesApp is published once per mode, and every test
/// runs its own copy from its own temporary root (its own TMPDIR), with real processes and real signals.
/// </summary>
[TestClass]
public sealed class GivenThatWeWantTheBootloaderRules
{
    private const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12, SIGALRM = 14, SIGTERM = 15;

    private static readonly Dictionary<string, Lazy<TestProject>> Published = new()
    {
        ["OneDir"] = new(() => PublishRulesApp("OneDir")),
        ["OneFile"] = new(() => PublishRulesApp("OneFile")),
    };

    [ClassCleanup]
    public static void DisposePublished()
    {
        foreach (var published in Published.Values.Where(p => p.IsValueCreated))
        {
            published.Value.Dispose();
        }
    }

    // ---- 1. process levels and private variables ----

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_starts_its_own_executable_as_a_worker_that_reuses_the_folder(string mode)
    {
        using var run = AppRun.Of(mode);
        var result = run.Succeeds("spawn", "SELF", "info");
        var output = Lines(result);

        Assert.AreEqual(output["home"], output["child.home"], "the worker runs from the same folder");
        Assert.AreEqual("2", output["child._FREEZE_PARENT_PROCESS_LEVEL"]);
        Assert.AreEqual(run.Executable, output["child._FREEZE_ARCHIVE_FILE"]);
        Assert.AreNotEqual(output["pid"], output["child.pid"]);
        if (mode == "OneFile")
        {
            StringAssert.StartsWith(output["home"], Path.Combine(run.TempDir, "_FRZ"));
            Assert.AreEqual("700", output["home.mode"], "the folder is private");
            Assert.AreEqual("1", output["child.tmp.folders"], "the worker extracted nothing");
        }
        else
        {
            Assert.AreEqual(run.AppDir, output["home"].TrimEnd('/'));
            Assert.AreEqual("0", output["child.tmp.folders"]);
        }
        Assert.AreEqual(0, run.FoldersLeft().Length, "the parent removes the folder when the app ends");
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_starts_another_frozen_app_as_a_new_instance(string mode)
    {
        using var run = AppRun.Of(mode);
        string other = run.CopyApp("other");
        var output = Lines(run.Succeeds("spawn", other, "info"));

        Assert.AreEqual(other, output["child._FREEZE_ARCHIVE_FILE"]);
        if (mode == "OneFile")
        {
            Assert.AreNotEqual(output["home"], output["child.home"], "the other app extracts itself");
            StringAssert.StartsWith(output["child.home"], Path.Combine(run.TempDir, "_FRZ"));
            Assert.AreEqual("2", output["child.tmp.folders"]);
        }
        else
        {
            Assert.AreEqual(Path.GetDirectoryName(other), output["child.home"].TrimEnd('/'));
        }
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_starts_a_new_instance_with_FREEZE_RESET_ENVIRONMENT_and_does_not_pass_it_on(string mode)
    {
        using var run = AppRun.Of(mode);
        var output = Lines(run.Succeeds("spawn", "--env", "FREEZE_RESET_ENVIRONMENT=1", "SELF", "spawn", "SELF", "info"));

        Assert.AreEqual("<unset>", output["child.FREEZE_RESET_ENVIRONMENT"], "the variable is consumed by the process it resets");
        Assert.AreEqual("<unset>", output["child.child.FREEZE_RESET_ENVIRONMENT"]);
        Assert.AreEqual(output["child.home"], output["child.child.home"], "the new instance's own worker reuses its folder");
        if (mode == "OneFile")
        {
            Assert.AreNotEqual(output["home"], output["child.home"], "a reset process extracts again");
            Assert.AreEqual("2", output["child.tmp.folders"]);
        }
        else
        {
            Assert.AreEqual(output["home"], output["child.home"]);
        }
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_refuses_an_invalid_process_level_instead_of_looping(string mode)
    {
        using var run = AppRun.Of(mode);
        var result = run.Exec(new() { ["_FREEZE_ARCHIVE_FILE"] = run.Executable, ["_FREEZE_PARENT_PROCESS_LEVEL"] = "7" }, "info");

        Assert.AreEqual(249, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.StdOut);
        AssertOneLine(result, "error", "FRZ0308", "'7'");
        Assert.AreEqual(0, run.FoldersLeft().Length);

        var foreign = run.Exec(new() { ["_FREEZE_ARCHIVE_FILE"] = "/another/app", ["_FREEZE_PARENT_PROCESS_LEVEL"] = "7" }, "info");
        Assert.AreEqual(0, foreign.ExitCode, "variables set by another app are reset, whatever their value\n" + foreign);
    }

    // ---- 2. library search path ----

    [DataTestMethod]
    [DataRow("OneDir", false)]
    [DataRow("OneDir", true)]
    [DataRow("OneFile", false)]
    [DataRow("OneFile", true)]
    public void It_prepends_the_home_folder_to_LD_LIBRARY_PATH_and_keeps_the_original(string mode, bool wasSet)
    {
        using var run = AppRun.Of(mode);
        var env = new Dictionary<string, string?> { ["LD_LIBRARY_PATH"] = wasSet ? "/opt/x/lib:/opt/y" : null };
        var output = Lines(run.Succeeds(env, "spawn", "SELF", "env", "LD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG"));
        string home = output["home"].TrimEnd('/');

        Assert.AreEqual(wasSet ? $"{home}:/opt/x/lib:/opt/y" : home, output["child.LD_LIBRARY_PATH"]);
        Assert.AreEqual(wasSet ? "/opt/x/lib:/opt/y" : "<unset>", output["child.LD_LIBRARY_PATH_ORIG"]);
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_lets_a_native_library_dlopen_a_bundled_library_by_bare_name(string mode)
    {
        using var run = AppRun.Of(mode);
        var result = run.Exec(new() { ["LD_LIBRARY_PATH"] = null }, "native");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "native=42\n", "libfirst.so found libsecond.so through LD_LIBRARY_PATH");
    }

    // ---- 3. signals and exit codes ----

    [DataTestMethod]
    [DataRow("OneFile", SIGHUP)]
    [DataRow("OneFile", SIGINT)]
    [DataRow("OneFile", SIGQUIT)]
    [DataRow("OneFile", SIGUSR1)]
    [DataRow("OneFile", SIGUSR2)]
    [DataRow("OneFile", SIGALRM)]
    [DataRow("OneFile", SIGTERM)]
    [DataRow("OneDir", SIGTERM)]
    public void It_forwards_a_signal_sent_to_the_executable_to_the_app(string mode, int signal)
    {
        using var run = AppRun.Of(mode);
        using var app = run.StartWaiting();

        Assert.AreEqual(0, Native.kill(app.Process.Id, signal), "kill failed");
        var end = app.WaitForExit();

        Assert.AreEqual(100 + signal, end.ExitCode, end.ToString());
        StringAssert.Contains(end.StdOut, $"signal={signal}\n", "the app's own handler ran");
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("OneDir", SIGUSR1)]
    [DataRow("OneFile", SIGUSR1)]
    [DataRow("OneFile", SIGUSR2)]
    [DataRow("OneFile", SIGKILL)]
    [DataRow("OneDir", SIGKILL)]
    public void It_dies_of_the_signal_that_killed_the_app(string mode, int signal)
    {
        using var run = AppRun.Of(mode);
        // perl reports how its child really ended (a signal, not an exit code of 128+N).
        var result = run.ExecProgram("perl", new(),
            "-e", "system(@ARGV); print 'died=', $? & 127, ' exit=', $? >> 8, \"\\n\"", run.Executable, "kill-self", signal.ToString());

        StringAssert.Contains(result.StdOut, $"died={signal} exit=0\n", result.ToString());
        Assert.AreEqual(0, run.FoldersLeft().Length, "the folder is removed before the parent dies");

        var direct = run.Exec(new(), "kill-self", signal.ToString());
        Assert.AreEqual(128 + signal, direct.ExitCode, direct.ToString());
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_passes_exit_codes_through_unchanged(string mode)
    {
        using var run = AppRun.Of(mode);
        foreach (int code in new[] { 0, 1, 42, 200, 255 })
        {
            var result = run.Exec(new(), "exit", code.ToString());
            Assert.AreEqual(code, result.ExitCode, result.ToString());
            Assert.AreEqual("", result.StdErr);
        }
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [TestMethod]
    public void It_removes_the_folder_when_the_app_is_killed_with_SIGKILL()
    {
        using var run = AppRun.Of("OneFile");
        using var app = run.StartWaiting();
        Assert.AreEqual(1, run.FoldersLeft().Length);

        Assert.AreEqual(0, Native.kill(app.ChildPid, SIGKILL));
        var end = app.WaitForExit();

        Assert.AreEqual(128 + SIGKILL, end.ExitCode, end.ToString());
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    // ---- 4. process name ----

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_gives_the_app_the_name_the_user_started(string mode)
    {
        using var run = AppRun.Of(mode);
        string alias = Path.Combine(run.Root, "renamed-app");
        File.CreateSymbolicLink(alias, run.Executable);
        using var app = run.StartWaiting(alias);

        string parent = ProcessRunner.Run("ps", ["-o", "comm=", "-p", app.Process.Id.ToString()]).StdOut.Trim();
        string child = ProcessRunner.Run("ps", ["-o", "comm=", "-p", app.ChildPid.ToString()]).StdOut.Trim();
        Assert.AreEqual(0, Native.kill(app.Process.Id, SIGTERM));
        app.WaitForExit();

        Assert.AreEqual("renamed-app", parent);
        Assert.AreEqual("renamed-app", child, "without prctl the child would be named after the resolved executable");
    }

    // ---- 5. temp folder ----

    [DataTestMethod]
    [DataRow("~/cache/$FRZ_RT_A/${FRZ_RT_B}x", "home/cache/a/bx")]
    [DataRow("relative/rt", "publish/relative/rt")]
    public void It_extracts_into_FreezeRuntimeTmpDir_with_expansion(string setting, string expected)
    {
        using var project = PrepareRulesApp();
        project.PublishSucceeds("-r", "linux-x64", "--self-contained=false", "-p:FreezeMode=OneFile", $"-p:FreezeRuntimeTmpDir={setting}");
        var env = new Dictionary<string, string?>
        {
            ["HOME"] = Path.Combine(project.Root, "home"),
            ["FRZ_RT_A"] = "a",
            ["FRZ_RT_B"] = "b",
        };

        var output = Lines(Succeeds(project.RunWith(env, "info")));

        string folder = Path.Combine(project.Root, expected);
        StringAssert.StartsWith(output["home"], Path.Combine(folder, "_FRZ"));
        Assert.AreEqual("700", output["home.mode"]);
        Assert.AreEqual("0", output["tmp.folders"], "TMPDIR is not used when the build fixed the folder");
        Assert.AreEqual(0, Directory.GetDirectories(folder, "_FRZ*").Length, "removed at the end");

        if (setting.Contains("$FRZ_RT_A", StringComparison.Ordinal))
        {
            env["FRZ_RT_A"] = null;
            var missing = project.RunWith(env, "info");
            Assert.AreEqual(251, missing.ExitCode, missing.ToString());
            AssertOneLine(missing, "error", "FRZ0302", "FRZ_RT_A is not set");
        }
    }

    [DataTestMethod]
    [DataRow("ro", "FRZ0302", "Read-only file system")]
    [DataRow("noexec", "FRZ0311", "noexec")]
    public void It_reports_an_unusable_temp_folder_before_dotnet_starts(string mountOption, string code, string reason)
    {
        using var run = AppRun.Of("OneFile");
        string folder = Path.Combine(run.Root, "mounted");
        Directory.CreateDirectory(folder);
        // A private mount namespace: the tmpfs disappears with the process.
        var result = run.ExecProgram("unshare", new() { ["TMPDIR"] = folder },
            "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs -o \"$1\",size=1m tmpfs \"$2\" || exit 99; exec \"$3\" info", "sh", mountOption, folder, run.Executable);
        if (result.ExitCode == 99)
        {
            Assert.Fail("mounting a tmpfs in a private mount namespace failed: the suite runs as root with unshare (util-linux), as .ci/run does\n" + result);
        }

        Assert.AreEqual(251, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.StdOut, "the app never started");
        AssertOneLine(result, "error", code, folder, reason, "TMPDIR");
    }

    // ---- 6. extraction ----

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_keeps_file_modes(string mode)
    {
        using var run = AppRun.Of(mode);
        var output = Lines(run.Succeeds("stat", "tool.sh", "plain.txt"));

        StringAssert.StartsWith(output["stat.tool.sh"], "mode:755");
        StringAssert.StartsWith(output["stat.plain.txt"], "mode:644");
        StringAssert.Contains(run.Succeeds("run", "tool.sh").StdOut, "run=tool-ran\n", "the bundled script is still executable");
    }

    [TestMethod]
    public void It_recreates_symbolic_links_in_the_folder()
    {
        using var run = AppRun.Of("OneFile");
        var output = Lines(run.Succeeds("stat", "libsecond.so", "libsecond.so.1"));

        StringAssert.EndsWith(output["stat.libsecond.so"], " link:libsecond.so.1", "a relative link, as in the build's folder");
        Assert.AreEqual("mode:755 link:none", output["stat.libsecond.so.1"]);
    }

    [TestMethod]
    public void It_refuses_at_build_time_a_link_that_leaves_the_bundle()
    {
        using var project = PrepareRulesApp();
        File.CreateSymbolicLink(Path.Combine(project.Directory, "bundle", "escape.txt"), "/etc/hostname");

        var result = project.Publish("-r", "linux-x64", "--self-contained=false", "-p:FreezeMode=OneFile");

        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "error FRZ0312:");
        StringAssert.Contains(result.StdOut, "/etc/hostname");
    }

    [TestMethod]
    public void It_refuses_at_run_time_a_link_that_leaves_the_bundle_and_writes_nothing_outside()
    {
        using var run = AppRun.Of("OneFile");
        string[] targets = ["../../outside", "/etc/passwd", "sub/../../outside", "../../../../../../../tmp/outside"];
        foreach (string target in targets)
        {
            string exe = run.WritePackage("Evil", [
                Member.File("sub/a.txt", "a"),
                Member.Link("sub/escape", target),
            ]);
            var result = run.ExecProgram(exe, new());

            Assert.AreEqual(250, result.ExitCode, result.ToString());
            AssertOneLine(result, "error", "FRZ0312", "sub/escape", target);
        }
        // A valid link to a folder, then a member written "through" it: never followed.
        string through = run.WritePackage("Through", [
            Member.Link("d", "."),
            Member.File("d/evil.txt", "x"),
        ]);
        var refused = run.ExecProgram(through, new());
        Assert.AreEqual(250, refused.ExitCode, "'.' is not a valid target\n" + refused);
        string through2 = run.WritePackage("Through2", [
            Member.File("real/keep.txt", "k"),
            Member.Link("d", "real"),
            Member.File("d/evil.txt", "x"),
        ]);
        var failed = run.ExecProgram(through2, new());
        Assert.AreEqual(251, failed.ExitCode, failed.ToString());
        AssertOneLine(failed, "error", "FRZ0303", "d/evil.txt");

        Assert.IsFalse(File.Exists(Path.Combine(run.TempDir, "outside")));
        CollectionAssert.AreEqual(Array.Empty<string>(), Directory.GetFileSystemEntries(run.TempDir), "nothing left, nothing outside");
    }

    [TestMethod]
    public void It_reports_a_file_system_without_symbolic_links()
    {
        using var run = AppRun.Of("OneFile");
        // symlinkat fails with EPERM as on vfat or some network shares (no such file system can be mounted here).
        string shim = run.CompileShim("""
            #include <errno.h>
            int symlinkat(const char *target, int fd, const char *path) { (void)target; (void)fd; (void)path; errno = EPERM; return -1; }
            """);
        var result = run.Exec(new() { ["LD_PRELOAD"] = shim }, "info");

        Assert.AreEqual(251, result.ExitCode, result.ToString());
        AssertOneLine(result, "error", "FRZ0313", "cannot hold symbolic links", "libsecond.so", run.TempDir, "TMPDIR");
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [TestMethod]
    public void It_warns_about_a_duplicate_member_and_fails_in_strict_mode()
    {
        using var run = AppRun.Of("OneDir");
        // A OneFile package made by hand from the OneDir files, with one member twice.
        var members = Directory.GetFiles(run.AppDir)
            .Where(f => Path.GetFileName(f) != "RulesApp")
            .Select(f => Member.FromFile(Path.GetFileName(f), f))
            .Append(Member.File("plain.txt", "second copy"))
            .ToList();
        members.Add(Member.Option("main-assembly=RulesApp.dll"));
        members.Add(Member.Option("self-contained=false"));
        string exe = run.WritePackage("Dup", members);

        var relaxed = run.ExecProgram(exe, new(), "exit", "7");
        Assert.AreEqual(7, relaxed.ExitCode, relaxed.ToString());
        AssertOneLine(relaxed, "warning", "FRZ0309", "duplicate member plain.txt", "FREEZE_STRICT_UNPACK_MODE");

        var strict = run.ExecProgram(exe, new() { ["FREEZE_STRICT_UNPACK_MODE"] = "1" }, "exit", "7");
        Assert.AreEqual(251, strict.ExitCode, strict.ToString());
        AssertOneLine(strict, "error", "FRZ0303", "duplicate member plain.txt");

        var zero = run.ExecProgram(exe, new() { ["FREEZE_STRICT_UNPACK_MODE"] = "0" }, "exit", "7");
        Assert.AreEqual(7, zero.ExitCode, "0 means not strict\n" + zero);
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [TestMethod]
    public void It_warns_when_the_folder_cannot_be_removed_and_fails_in_strict_mode()
    {
        using var run = AppRun.Of("OneFile");
        foreach (bool strict in new[] { false, true })
        {
            var result = run.Exec(new() { ["FREEZE_STRICT_UNPACK_MODE"] = strict ? "1" : null }, "pin");
            string pinned = Lines(result).GetValueOrDefault("pinned", "").Split(' ')[0];
            if (!result.StdOut.Contains("chattr=0", StringComparison.Ordinal))
            {
                Assert.Fail("chattr +i failed: the suite runs as root on a file system with immutable files (ext4, xfs, btrfs) and e2fsprogs, as .ci/run does\n" + result);
            }
            try
            {
                Assert.AreEqual(strict ? 251 : 0, result.ExitCode, result.ToString());
                AssertOneLine(result, strict ? "error" : "warning", strict ? "FRZ0303" : "FRZ0309", Path.GetDirectoryName(pinned)!);
            }
            finally
            {
                ProcessRunner.Run("chattr", ["-i", pinned]);
                Directory.Delete(Path.GetDirectoryName(pinned)!, recursive: true);
            }
        }
    }

    // ---- 7. crash leftovers ----

    [TestMethod]
    public void It_removes_the_folders_of_crashed_instances_and_nothing_else()
    {
        using var run = AppRun.Of("OneFile");
        using var crashed = run.StartWaiting();
        string crashedHome = crashed.Info["home"];
        Assert.AreEqual(0, Native.kill(crashed.Process.Id, SIGKILL), "the parent dies without cleaning up");
        crashed.Process.WaitForExit();

        // Folders that must survive: no marker, another bundle's marker, another user's folder.
        string marker = File.ReadAllText(Path.Combine(crashedHome, ".freeze-instance"));
        string noMarker = run.FakeFolder("_FRZnomark", null);
        string otherApp = run.FakeFolder("_FRZother1", marker.Replace("bundle ", "bundle 0", StringComparison.Ordinal));
        string otherUser = run.FakeFolder("_FRZuser01", marker);
        bool chowned = Environment.UserName == "root" && ProcessRunner.Run("chown", ["-R", "65534", otherUser]).ExitCode == 0;

        // The app of the killed parent ends too (it follows its parent), leaving the folder behind.
        WaitUntil(() => !Directory.Exists($"/proc/{crashed.ChildPid}"), "the app to end");
        Assert.IsTrue(Directory.Exists(crashedHome), "the crash left the folder behind");

        // A running instance: its folder is in use and kept.
        using var running = run.StartWaiting();
        string runningHome = running.Info["home"];

        run.Succeeds("exit", "0");

        Assert.IsFalse(Directory.Exists(crashedHome), "the next start removed the leftover");
        Assert.IsTrue(Directory.Exists(runningHome), "a folder in use is never removed");
        Assert.IsTrue(Directory.Exists(noMarker));
        Assert.IsTrue(Directory.Exists(otherApp));
        if (chowned)
        {
            Assert.IsTrue(Directory.Exists(otherUser), "another user's folder is never touched");
        }
    }

    // ---- 8. nothing left behind ----

    /// <summary>Runs PROGRAM under perl, which reports the child's pid first and how it really ended (a signal, not 128+N).</summary>
    private const string PerlRunner =
        "$| = 1; my $p = fork(); if ($p == 0) { exec @ARGV; exit 127 } print \"pid=$p\\n\"; waitpid($p, 0); print 'died=', $? & 127, ' exit=', $? >> 8, \"\\n\"";

    [DataTestMethod]
    [DataRow(SIGTERM)]
    [DataRow(SIGINT)]
    [DataRow(SIGHUP)]
    public void It_holds_a_signal_that_arrives_while_unpacking_then_removes_the_folder_and_dies_of_it(int signal)
    {
        using var run = AppRun.Of("OneFile");
        // Each file takes 40 ms to create, so the signal surely lands while the folder fills.
        string shim = run.CompileShim(RunHelpers.SlowCreateShim);
        var start = new ProcessStartInfo("perl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-e", PerlRunner, run.Executable, "info" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["TMPDIR"] = run.TempDir;
        start.Environment["LD_PRELOAD"] = shim;
        using var perl = Process.Start(start)!;
        int pid = int.Parse(perl.StandardOutput.ReadLine()!["pid=".Length..]);
        WaitUntil(() => run.FoldersLeft().Length == 1 && Directory.GetFiles(run.FoldersLeft()[0]).Length > 1, "unpacking to start");
        Assert.AreEqual(0, Native.kill(pid, signal));
        string rest = perl.StandardOutput.ReadToEnd();
        perl.WaitForExit();

        StringAssert.Contains(rest, $"died={signal} exit=0\n", "the parent ends as the signal ends a process\n" + rest + perl.StandardError.ReadToEnd());
        Assert.IsFalse(rest.Contains("pid=", StringComparison.Ordinal), "the app never started: " + rest);
        Assert.AreEqual(0, run.FoldersLeft().Length, "the folder is removed first");
    }

    /// <summary>
    /// Gone, or a zombie nobody reaps (its parent was killed) with no thread left: a thread-group leader
    /// shows Z as soon as its own thread ends, while other threads may still hold its files and locks.
    /// </summary>
    private static bool HasEnded(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task").All(task => File.ReadAllText(Path.Combine(task, "stat")).Split(") ")[^1].StartsWith('Z'));
        }
        catch (IOException)
        {
            return true;
        }
    }

    [DataTestMethod]
    [DataRow("wait")]
    [DataRow("wait-stubborn")]
    public void It_ends_the_app_when_its_parent_is_killed(string verb)
    {
        using var run = AppRun.Of("OneFile");
        using var app = run.StartWaiting(verb: verb);
        var clock = Stopwatch.StartNew();

        Assert.AreEqual(0, Native.kill(app.Process.Id, SIGKILL));
        WaitUntil(() => HasEnded(app.ChildPid), "the app to end");

        // SIGTERM at once (the app's handler ends it with 100 + 15); one that ignores it gets SIGKILL 5 s later.
        Assert.IsTrue(verb == "wait" ? clock.Elapsed < TimeSpan.FromSeconds(4) : clock.Elapsed >= TimeSpan.FromSeconds(4.5), clock.Elapsed.ToString());
        app.Process.WaitForExit();
        run.Succeeds("exit", "0");
        Assert.AreEqual(0, run.FoldersLeft().Length, "the next start removes what the killed parent left");
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_ends_a_worker_when_the_app_that_started_it_is_killed(string mode)
    {
        using var run = AppRun.Of(mode);
        using var app = run.StartWaiting(verb: "worker-wait");
        int worker = int.Parse(app.Info["worker.pid"]);
        Assert.IsTrue(Directory.Exists($"/proc/{worker}"));

        Assert.AreEqual(0, Native.kill(app.ChildPid, SIGKILL));
        WaitUntil(() => HasEnded(worker), "the worker to end");
        app.WaitForExit();
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [TestMethod]
    public void It_looks_for_leftovers_in_a_temp_folder_of_thousands_of_entries_at_most_every_ten_minutes()
    {
        using var run = AppRun.Of("OneFile");
        string marker = run.BundleMarker();
        // A /tmp that dotnet commands filled (the SDK leaves two empty folders per command).
        for (int i = 0; i < 6000; i++)
        {
            File.WriteAllBytes(Path.Combine(run.TempDir, $"busy{i:D5}"), []);
        }
        var trace = new Dictionary<string, string?> { ["FREEZE_TRACE"] = "1" };
        string stamp = Path.Combine(run.TempDir, $".freeze-swept-{Native.geteuid()}");

        string first = run.FakeFolder("_FRZdead01", marker);
        var sweeping = run.Succeeds(trace, "exit", "0");
        Assert.IsFalse(Directory.Exists(first), "the first start sweeps\n" + sweeping.StdErr);
        Assert.IsTrue(File.Exists(stamp), "and keeps the time of it");

        string second = run.FakeFolder("_FRZdead02", marker);
        var skipping = run.Succeeds(trace, "exit", "0");
        StringAssert.Contains(skipping.StdErr, "leftovers not looked for");
        Assert.IsTrue(Directory.Exists(second), "a start within ten minutes does not list the folder again");

        File.SetLastWriteTimeUtc(stamp, DateTime.UtcNow.AddMinutes(-11));
        run.Succeeds(trace, "exit", "0");
        Assert.IsFalse(Directory.Exists(second), "ten minutes later the next start sweeps again");
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [TestMethod]
    public void It_reclaims_a_leftover_that_fills_the_temp_folder_before_unpacking()
    {
        using var run = AppRun.Of("OneFile");
        string marker = run.BundleMarker();
        string folder = Path.Combine(run.Root, "small");
        string markerFile = Path.Combine(run.Root, "marker");
        File.WriteAllText(markerFile, marker);
        Directory.CreateDirectory(folder);
        // An 8 MiB tmpfs, almost filled by a dead instance's folder of this app.
        var result = run.ExecProgram("unshare", new() { ["TMPDIR"] = folder },
            "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs -o size=8m tmpfs \"$1\" || exit 99; mkdir \"$1/_FRZdeadxx\" && cp \"$2\" \"$1/_FRZdeadxx/.freeze-instance\" " +
            "&& dd if=/dev/zero of=\"$1/_FRZdeadxx/big\" bs=1M count=7 2>/dev/null; \"$3\" exit 0; echo status=$?; ls -A \"$1\"",
            "sh", folder, markerFile, run.Executable);

        Assert.AreNotEqual(99, result.ExitCode, "tmpfs could not be mounted\n" + result);
        StringAssert.Contains(result.StdOut, "status=0\n", result.ToString());
        Assert.IsFalse(result.StdOut.Contains("_FRZ", StringComparison.Ordinal), "the leftover was removed, and the app's folder after it\n" + result);
    }

    [TestMethod]
    public void It_tries_once_more_after_reclaiming_when_the_disk_is_full()
    {
        using var run = AppRun.Of("OneFile");
        // The first file write of the run fails as on a full disk.
        string shim = run.CompileShim("""
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <errno.h>
            #include <unistd.h>
            ssize_t write(int fd, const void *buffer, size_t length)
            {
                static ssize_t (*real)(int, const void *, size_t);
                static int failed;
                if (!real) real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
                /* Past the instance marker (a short write): the first file's data. */
                if (fd > 2 && length > 256 && !failed) { failed = 1; errno = ENOSPC; return -1; }
                return real(fd, buffer, length);
            }
            """);
        string debug = run.WithBootloader("freeze-run_d");
        var result = run.ExecProgram(debug, new() { ["LD_PRELOAD"] = shim }, "exit", "3");

        Assert.AreEqual(3, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdErr, "reclaiming leftovers and trying again");
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [TestMethod]
    public void It_refuses_a_temp_folder_too_deep_for_the_app_and_works_below_the_limit()
    {
        using var run = AppRun.Of("OneFile");
        string tooLong = LongFolder(run.Root, 4060);
        var refused = run.Exec(new() { ["TMPDIR"] = tooLong }, "info");
        Assert.AreEqual(251, refused.ExitCode, refused.ToString());
        Assert.AreEqual("", refused.StdOut, "the app never started");
        AssertOneLine(refused, "error", "FRZ0302", "4095", "TMPDIR");
        Assert.AreEqual(0, Directory.GetDirectories(tooLong).Length, "nothing left");

        string longButFine = LongFolder(Path.Combine(run.Root, "fine"), 3000);
        var fine = run.Exec(new() { ["TMPDIR"] = longButFine }, "exit", "4");
        Assert.AreEqual(4, fine.ExitCode, fine.ToString());
        Assert.AreEqual(0, Directory.GetDirectories(longButFine).Length, "removed however long its path");
    }

    [TestMethod]
    public void It_removes_a_folder_the_app_filled_far_deeper_than_a_path_can_name()
    {
        using var run = AppRun.Of("OneFile");
        var result = run.Exec(new(), "deep", "1500");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "deep=1500");
        Assert.AreEqual("", result.StdErr, "no FRZ0309: removed at every depth");
        Assert.AreEqual(0, run.FoldersLeft().Length);
    }

    [TestMethod]
    public void It_refuses_an_unknown_typecode_and_a_damaged_table_of_contents_before_unpacking()
    {
        using var run = AppRun.Of("OneFile");
        string unknown = run.WritePackage("Unknown", [Member.File("a.txt", "a"), new Member("b.txt", 'q', [1], 0b110_100_100)]);
        var refused = run.ExecProgram(unknown, new());
        Assert.AreEqual(250, refused.ExitCode, refused.ToString());
        AssertOneLine(refused, "error", "FRZ0301", "unknown typecode 'q'");

        byte[] bytes = File.ReadAllBytes(run.WritePackage("Damaged", [Member.File("a.txt", "a")]));
        int name = bytes.AsSpan().LastIndexOf("a.txt"u8);
        bytes[name] = (byte)'b';
        string damaged = Path.Combine(run.Root, "Damaged2");
        File.WriteAllBytes(damaged, bytes);
        File.SetUnixFileMode(damaged, (UnixFileMode)0b111_101_101);
        var corrupt = run.ExecProgram(damaged, new());
        Assert.AreEqual(250, corrupt.ExitCode, corrupt.ToString());
        AssertOneLine(corrupt, "error", "FRZ0301", "checksum");
        Assert.AreEqual(0, run.FoldersLeft().Length, "nothing was unpacked");
    }

    /// <summary>A folder below ROOT whose path is LENGTH characters long.</summary>
    private static string LongFolder(string root, int length)
    {
        string path = root;
        while (path.Length < length)
        {
            path = Path.Combine(path, new string('d', Math.Min(200, length - path.Length - 1)));
        }
        Directory.CreateDirectory(path);
        return path;
    }

    // ---- 9. debug bootloader ----

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_traces_each_step_with_the_debug_bootloader(string mode)
    {
        using var run = AppRun.Of(mode);
        string debug = run.WithBootloader("freeze-run_d");
        var result = run.ExecProgram(debug, new(), "exit", "5");

        Assert.AreEqual(5, result.ExitCode, result.ToString());
        foreach (string step in new[] { "archive found", "process level 0", "set _FREEZE_ARCHIVE_FILE=", "set LD_LIBRARY_PATH=", "hostfxr /", "exit with code 5" })
        {
            StringAssert.Contains(result.StdErr, step);
        }
        if (mode == "OneFile")
        {
            StringAssert.Contains(result.StdErr, $"temporary folder {run.TempDir}/_FRZ");
            StringAssert.Contains(result.StdErr, "exit with the child's code 5");
        }
        Assert.IsTrue(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(l => l.StartsWith("[FRZ-", StringComparison.Ordinal)), result.StdErr);
    }

    // ---- helpers ----

    private static TestProject PrepareRulesApp([CallerMemberName] string test = "")
    {
        var project = TestProject.Copy("RulesApp", test: test);
        string bundle = Path.Combine(project.Directory, "bundle");
        Directory.CreateDirectory(bundle);
        string first = Path.Combine(project.Root, "first.c");
        string second = Path.Combine(project.Root, "second.c");
        File.WriteAllText(first, """
            #include <dlfcn.h>
            static const char *last_error = "";
            int first_value(void)
            {
                void *handle = dlopen("libsecond.so", RTLD_NOW);
                int (*second)(void);
                if (handle == 0) { last_error = dlerror(); return -1; }
                second = (int (*)(void))dlsym(handle, "second_value");
                return second != 0 ? second() : -2;
            }
            const char *first_error(void) { return last_error; }
            """);
        File.WriteAllText(second, "int second_value(void) { return 42; }\n");
        Succeeds(ProcessRunner.Run("gcc", ["-shared", "-fPIC", "-o", Path.Combine(bundle, "libfirst.so"), first, "-ldl"]));
        Succeeds(ProcessRunner.Run("gcc", ["-shared", "-fPIC", "-Wl,-soname,libsecond.so.1", "-o", Path.Combine(bundle, "libsecond.so.1"), second]));
        File.CreateSymbolicLink(Path.Combine(bundle, "libsecond.so"), "libsecond.so.1");
        File.WriteAllText(Path.Combine(bundle, "tool.sh"), "#!/bin/sh\necho tool-ran\n");
        File.SetUnixFileMode(Path.Combine(bundle, "tool.sh"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(bundle, "plain.txt"), "plain\n");
        File.SetUnixFileMode(Path.Combine(bundle, "plain.txt"), (UnixFileMode)0b110_100_100);
        return project;
    }

    private static TestProject PublishRulesApp(string mode)
    {
        var project = PrepareRulesApp($"RulesApp-{mode}");
        project.PublishSucceeds("-r", "linux-x64", "--self-contained=false", $"-p:FreezeMode={mode}");
        return project;
    }

    private static ProcessResult Succeeds(ProcessResult result)
    {
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        return result;
    }

    private static Dictionary<string, string> Lines(ProcessResult result) => RunHelpers.Lines(result);

    /// <summary>stderr has exactly one "&lt;exe&gt;: KIND CODE: ..." line, and it contains every fragment.</summary>
    private static void AssertOneLine(ProcessResult result, string kind, string code, params string[] fragments) =>
        AssertOneErrorLine(result, code, fragments, kind);

    private static void AssertOneErrorLine(ProcessResult result, string code, string[] fragments, string kind)
    {
        string[] lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(": " + kind + " FRZ", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual(1, lines.Length, result.ToString());
        StringAssert.Contains(lines[0], $": {kind} {code}: ", result.ToString());
        foreach (string fragment in fragments)
        {
            StringAssert.Contains(lines[0], fragment, result.ToString());
        }
    }

    private static void WaitUntil(Func<bool> condition, string what) => RunHelpers.WaitUntil(condition, what);

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int signal);

        [DllImport("libc")]
        public static extern uint geteuid();
    }

    /// <summary>A package member for hand-made packages (stored, CRC-32 checked by the bootloader).</summary>
    private sealed record Member(string Name, char Type, byte[] Data, int Mode)
    {
        public static Member File(string name, string text) => new(name, 'x', Encoding.UTF8.GetBytes(text), 0b110_100_100);

        public static Member FromFile(string name, string path) => new(name, 'x', System.IO.File.ReadAllBytes(path), (int)System.IO.File.GetUnixFileMode(path));

        public static Member Link(string name, string target) => new(name, 'l', Encoding.UTF8.GetBytes(target), 0b111_111_111);

        public static Member Option(string text) => new(text, 'o', [], 0);
    }

    /// <summary>One test's copy of the published app, in its own root with its own TMPDIR.</summary>
    private sealed class AppRun : IDisposable
    {
        private AppRun(string root, string published, string mode)
        {
            Root = root;
            TempDir = Path.Combine(root, "tmp");
            Directory.CreateDirectory(TempDir);
            Mode = mode;
            Executable = CopyFrom(published, Path.Combine(root, "app"));
        }

        public string Root { get; }
        public string TempDir { get; }
        public string Mode { get; }
        public string Executable { get; }
        public string AppDir => Path.GetDirectoryName(Executable)!;

        public static AppRun Of(string mode, [CallerMemberName] string test = "")
        {
            var published = Published[mode].Value;
            string root = Directory.CreateTempSubdirectory($"frz-{test[..Math.Min(test.Length, 40)]}-").FullName;
            return new AppRun(root, published.PublishDir, mode);
        }

        /// <summary>Another copy of the app (another frozen executable); returns its path.</summary>
        public string CopyApp(string folder) => CopyFrom(AppDir, Path.Combine(Root, folder));

        private static string CopyFrom(string source, string destination)
        {
            Directory.CreateDirectory(destination);
            foreach (string file in Directory.GetFiles(source))
            {
                System.IO.File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
            }
            string exe = Path.Combine(destination, "RulesApp");
            System.IO.File.SetUnixFileMode(exe, (UnixFileMode)0b111_101_101);
            return exe;
        }

        public string[] FoldersLeft() => Directory.GetDirectories(TempDir, "_FRZ*");

        private Dictionary<string, string?> Environment(Dictionary<string, string?> extra)
        {
            return RunHelpers.Environment(new Dictionary<string, string?>
            {
                ["TMPDIR"] = TempDir,
                ["LD_LIBRARY_PATH"] = null,
                ["LD_LIBRARY_PATH_ORIG"] = null,
                ["FREEZE_TRACE"] = null,
                ["FREEZE_STRICT_UNPACK_MODE"] = null,
                ["FREEZE_RESET_ENVIRONMENT"] = null,
            }, extra);
        }

        public ProcessResult Exec(Dictionary<string, string?> env, params string[] args) => ExecProgram(Executable, env, args);

        public ProcessResult ExecProgram(string program, Dictionary<string, string?> env, params string[] args) =>
            ProcessRunner.Run(program, args, Root, Environment(env), TimeSpan.FromMinutes(1));

        public ProcessResult Succeeds(params string[] args) => GivenThatWeWantTheBootloaderRules.Succeeds(Exec(new(), args));

        public ProcessResult Succeeds(Dictionary<string, string?> env, params string[] args) => GivenThatWeWantTheBootloaderRules.Succeeds(Exec(env, args));

        /// <summary>Starts the app with VERB ("wait" and the like) and reads its report up to "ready pid=N".</summary>
        public WaitingApp StartWaiting(string? program = null, string verb = "wait")
        {
            var start = new ProcessStartInfo(program ?? Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Root,
            };
            start.ArgumentList.Add(verb);
            foreach (var (key, value) in Environment(new()))
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
            return new WaitingApp(Process.Start(start)!);
        }

        /// <summary>A copy of the app whose bootloader is replaced by another one from artifacts/bootloader.</summary>
        public string WithBootloader(string bootloader)
        {
            byte[] exe = System.IO.File.ReadAllBytes(Executable);
            long packageLength = BinaryPrimitives.ReadInt64LittleEndian(exe.AsSpan(exe.Length - 40 + 16));
            string output = Path.Combine(AppDir, "RulesApp-" + bootloader);
            using (var stream = System.IO.File.Create(output))
            {
                stream.Write(System.IO.File.ReadAllBytes(Path.Combine(Repo.BootloaderDir, bootloader)));
                stream.Write(exe.AsSpan(exe.Length - (int)packageLength));
            }
            System.IO.File.SetUnixFileMode(output, (UnixFileMode)0b111_101_101);
            return output;
        }

        /// <summary>The release bootloader followed by a package written by hand (OneFile, stored members).</summary>
        public string WritePackage(string name, IReadOnlyList<Member> members)
        {
            var all = members.ToList();
            all.Add(Member.Option("mode=onefile"));
            if (!all.Any(m => m.Name.StartsWith("main-assembly=", StringComparison.Ordinal)))
            {
                all.Add(Member.Option("main-assembly=App.dll"));
            }
            using var data = new MemoryStream();
            using var toc = new MemoryStream();
            foreach (var member in all)
            {
                long offset = data.Length;
                data.Write(member.Data);
                byte[] nameBytes = Encoding.UTF8.GetBytes(member.Name);
                byte[] entry = new byte[(40 + nameBytes.Length + 1 + 7) & ~7];
                BinaryPrimitives.WriteInt32LittleEndian(entry, entry.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), Crc32(member.Data));
                BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(8), member.Type == 'o' ? 0 : offset);
                BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(16), member.Data.Length);
                BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(24), member.Data.Length);
                BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(32), member.Mode);
                entry[36] = 0;
                entry[37] = (byte)member.Type;
                BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(38), (ushort)nameBytes.Length);
                nameBytes.CopyTo(entry, 40);
                toc.Write(entry);
            }
            byte[] cookie = new byte[40];
            "FRZPKG\r\n"u8.CopyTo(cookie);
            BinaryPrimitives.WriteUInt16LittleEndian(cookie.AsSpan(8), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(cookie.AsSpan(10), 1);
            BinaryPrimitives.WriteInt64LittleEndian(cookie.AsSpan(16), data.Length + toc.Length + 40);
            BinaryPrimitives.WriteInt64LittleEndian(cookie.AsSpan(24), data.Length);
            BinaryPrimitives.WriteInt32LittleEndian(cookie.AsSpan(32), (int)toc.Length);
            BinaryPrimitives.WriteInt32LittleEndian(cookie.AsSpan(36), all.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(cookie.AsSpan(12), Crc32([.. toc.ToArray(), .. cookie]));

            string output = Path.Combine(Root, name);
            using (var stream = System.IO.File.Create(output))
            {
                stream.Write(System.IO.File.ReadAllBytes(Path.Combine(Repo.BootloaderDir, "freeze-run")));
                stream.Write(data.ToArray());
                stream.Write(toc.ToArray());
                stream.Write(cookie);
            }
            System.IO.File.SetUnixFileMode(output, (UnixFileMode)0b111_101_101);
            return output;
        }

        /// <summary>Compiles an LD_PRELOAD library; returns its path.</summary>
        public string CompileShim(string source) => RunHelpers.CompileShim(Root, source);

        /// <summary>A folder in TMPDIR that looks like an extraction folder, with this marker content (or none).</summary>
        /// <summary>The instance marker this app's folders carry, read from a running instance.</summary>
        public string BundleMarker()
        {
            string marker;
            using (var sample = StartWaiting())
            {
                marker = System.IO.File.ReadAllText(Path.Combine(sample.Info["home"], ".freeze-instance"));
            }
            Succeeds("exit", "0");
            return marker;
        }

        public string FakeFolder(string name, string? marker)
        {
            string folder = Path.Combine(TempDir, name);
            Directory.CreateDirectory(folder);
            System.IO.File.WriteAllText(Path.Combine(folder, "App.dll"), "x");
            if (marker is not null)
            {
                System.IO.File.WriteAllText(Path.Combine(folder, ".freeze-instance"), marker);
            }
            return folder;
        }

        private static uint Crc32(byte[] data)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in data)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }
            return ~crc;
        }

        public void Dispose()
        {
            if (System.Environment.GetEnvironmentVariable("FREEZE_KEEP_TEST_ROOTS") != "1")
            {
                try
                {
                    Directory.Delete(Root, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
    }

    /// <summary>An app started with "wait": its parent process, the app's pid and its report.</summary>
    private sealed class WaitingApp : IDisposable
    {
        private readonly Task<string> _stderr;
        private readonly StringBuilder _stdout = new();

        public WaitingApp(Process process)
        {
            Process = process;
            _stderr = process.StandardError.ReadToEndAsync();
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var line = process.StandardOutput.ReadLineAsync();
                if (!line.Wait(TimeSpan.FromSeconds(60) - deadline.Elapsed) || line.Result is null)
                {
                    Process.Kill(entireProcessTree: true);
                    Assert.Fail($"the app did not report ready\n{_stdout}\n{(_stderr.Wait(1000) ? _stderr.Result : "")}");
                }
                _stdout.Append(line.Result).Append('\n');
                if (line.Result.StartsWith("ready pid=", StringComparison.Ordinal))
                {
                    ChildPid = int.Parse(line.Result["ready pid=".Length..]);
                    break;
                }
                string[] pair = line.Result.Split('=', 2);
                if (pair.Length == 2)
                {
                    Info[pair[0]] = pair[1];
                }
            }
        }

        public Process Process { get; }
        public int ChildPid { get; }
        public Dictionary<string, string> Info { get; } = new();

        public ProcessResult WaitForExit()
        {
            if (!Process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                Process.Kill(entireProcessTree: true);
                Assert.Fail("the app did not end");
            }
            Process.WaitForExit();
            _stdout.Append(Process.StandardOutput.ReadToEnd());
            return new ProcessResult(Process.ExitCode, _stdout.ToString(), _stderr.Result);
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
            if (ChildPid > 0 && Directory.Exists($"/proc/{ChildPid}"))
            {
                Native.kill(ChildPid, SIGKILL);
            }
            Process.Dispose();
        }
    }
}
