using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Freeze.IntegrationTests;

/// <summary>
/// FreezeExtractionCache=true (docs/runtime.md, "Extraction cache"): testassets/RulesApp frozen OneFile with the cache,
/// run as real processes, each test with its own XDG_CACHE_HOME and TMPDIR; one test per case of the threat model.
/// </summary>
[TestClass]
public sealed class GivenThatWeWantAnExtractionCache
{
    private const int SIGKILL = 9;

    private static readonly Lazy<TestProject> Published = new(() =>
    {
        var project = TestProject.Copy("RulesApp", test: "RulesApp-cache");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", false, "-p:FreezeExtractionCache=true"));
        return project;
    });

    [ClassCleanup]
    public static void DisposePublished()
    {
        if (Published.IsValueCreated)
        {
            Published.Value.Dispose();
        }
    }

    [TestMethod]
    public void It_unpacks_once_then_runs_the_verified_folder_without_a_parent_process()
    {
        using var run = CacheRun.Create();
        var first = run.Start("info");
        var second = run.Start("info");

        string home = first.Info["home"];
        StringAssert.StartsWith(home, run.CacheRoot + "/RulesApp-");
        Assert.AreEqual(40, Path.GetFileName(home).Length - "RulesApp-".Length, "named by the package's hash");
        Assert.AreEqual("700", first.Info["home.mode"]);
        Assert.AreEqual("700", Convert.ToString((int)File.GetUnixFileMode(run.CacheRoot), 8), "the cache root is private");
        StringAssert.Contains(first.StdErr, "is in place");
        Assert.AreEqual(home, second.Info["home"], "the second start reuses the folder");
        StringAssert.Contains(second.StdErr, "reusing " + home + ", verified");
        Assert.IsFalse(second.StdErr.Contains("extracted ", StringComparison.Ordinal), "nothing unpacked again\n" + second.StdErr);
        Assert.AreEqual(second.Pid.ToString(), second.Info["pid"], "the app runs in the process that was started: no parent");
        Assert.AreEqual(run.Executable, second.Info["_FREEZE_ARCHIVE_FILE"]);
        Assert.AreEqual(0, run.PrivateFolders().Length, "nothing in TMPDIR");
        Assert.AreEqual(1, Directory.GetDirectories(run.CacheRoot).Length);

        var worker = Lines(run.Succeeds("spawn", "SELF", "info"));
        Assert.AreEqual(home, worker["child.home"], "a worker runs from the same folder");
        Assert.AreEqual("2", worker["child._FREEZE_PARENT_PROCESS_LEVEL"]);
        Assert.AreEqual(7, run.Exec(new(), "exit", "7").ExitCode, "exit codes pass through");
        Assert.IsTrue(Directory.Exists(home), "the folder stays for the next start");
    }

    [TestMethod]
    public void It_hosts_a_cached_app_without_native_libraries_without_a_restart()
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", selfContained: true, "-p:FreezeExtractionCache=true"));
        var environment = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = Path.Combine(project.TempDir, "cache"), ["FREEZE_TRACE"] = "1" };

        var first = project.RunWith(environment, "--runtime-files");
        var second = project.RunWith(environment, "--runtime-files", "--exit", "42");

        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.AreEqual(42, second.ExitCode, second.ToString());
        StringAssert.Contains(second.StdErr, "no restart: no library of the folder needs the library path");
        Assert.IsFalse(second.StdErr.Contains("extracted ", StringComparison.Ordinal), "nothing unpacked again\n" + second.StdErr);
        string home = second.StdOut.Split('\n').Single(l => l.StartsWith("home=", StringComparison.Ordinal))["home=".Length..];
        StringAssert.StartsWith(home, Path.Combine(project.TempDir, "cache", "Freeze", "HelloWorld-"));
        StringAssert.Contains(second.StdOut, $"corelib.location={Path.Combine(home, "System.Private.CoreLib.dll")}\n",
            "the runtime's assemblies are unpacked once into the cache, not mapped from the executable");
        StringAssert.Contains(second.StdOut, "libcoreclr.so", "its native libraries come from the cache");
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("other-user")]
    [DataRow("open-to-others")]
    [DataRow("parent-open-to-others")]
    public void It_falls_back_to_a_private_folder_when_another_user_could_change_the_cache(string setup)
    {
        using var run = CacheRun.Create();
        string cacheHome = Path.GetDirectoryName(run.CacheRoot)!;
        switch (setup)
        {
            case "other-user":
                Directory.CreateDirectory(run.CacheRoot, (UnixFileMode)0b111_000_000);
                Assert.AreEqual(0, ProcessRunner.Run("chown", ["65534", run.CacheRoot]).ExitCode, "the suite runs as root, as .ci/run does");
                break;
            case "open-to-others":
                Directory.CreateDirectory(run.CacheRoot);
                File.SetUnixFileMode(run.CacheRoot, (UnixFileMode)0b111_111_111);
                break;
            case "parent-open-to-others":
                Directory.CreateDirectory(cacheHome);
                File.SetUnixFileMode(cacheHome, (UnixFileMode)0b111_111_111);
                break;
        }

        var result = run.Start("info");

        StringAssert.StartsWith(result.Info["home"], Path.Combine(run.TempDir, "_FRZ"), "a fresh private folder\n" + result.StdErr);
        StringAssert.Contains(result.StdErr, "extraction cache not used");
        Assert.AreEqual("", string.Join("\n", result.StdErr.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal))), "never an error");
        Assert.AreEqual(0, run.PrivateFolders().Length, "the private folder is removed at the end");
        Assert.AreEqual(0, Directory.GetFileSystemEntries(run.CacheRoot).Length, "nothing written into a cache others can change");
    }

    [TestMethod]
    public void It_never_runs_a_half_written_folder_after_a_crash()
    {
        using var run = CacheRun.Create();
        // Each file takes 40 ms to create: the first start is killed while it fills the folder.
        string shim = run.SlowShim();
        var start = run.StartInfo(new() { ["LD_PRELOAD"] = shim }, "info");
        using (var crashed = Process.Start(start)!)
        {
            WaitUntil(() => Directory.Exists(run.CacheRoot) && Directory.GetDirectories(run.CacheRoot, ".new-*").Any(d => Directory.GetFiles(d).Length > 2), "filling to start");
            crashed.Kill();
            crashed.WaitForExit();
        }
        Assert.AreEqual(1, Directory.GetDirectories(run.CacheRoot, ".new-*").Length, "the crash left a half-written folder");
        Assert.AreEqual(0, Directory.GetDirectories(run.CacheRoot, "RulesApp-*").Length, "under a temporary name only");

        var next = run.Start("info");
        StringAssert.StartsWith(next.Info["home"], run.CacheRoot + "/RulesApp-");
        Assert.AreEqual(0, Directory.GetDirectories(run.CacheRoot, ".new-*").Length, "the leftover is collected\n" + next.StdErr);

        // A crash between the rename and the digest: the marker has no digest yet.
        string marker = Path.Combine(next.Info["home"], ".freeze-instance");
        File.WriteAllLines(marker, File.ReadAllLines(marker).Where(l => !l.StartsWith("digest ", StringComparison.Ordinal)));
        var after = run.Start("info");
        StringAssert.Contains(after.StdErr, "changed since it was written");
        StringAssert.Contains(after.StdErr, "is in place");
        Assert.AreEqual(next.Info["home"], after.Info["home"], "replaced by a whole folder under the same name");
        StringAssert.Contains(File.ReadAllText(marker), "digest ");
    }

    [TestMethod]
    public void It_falls_back_when_the_cache_disk_is_full_and_leaves_nothing_half_written()
    {
        using var run = CacheRun.Create();
        Directory.CreateDirectory(run.CacheRoot, (UnixFileMode)0b111_000_000);
        // A private mount namespace: a 1 MiB tmpfs as the cache root, filled but for 4 KiB.
        var result = run.ExecProgram("unshare", new() { ["FREEZE_TRACE"] = "1" },
            "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs -o size=1m,mode=0700 tmpfs \"$1\" || exit 99; dd if=/dev/zero of=\"$1/filler\" bs=4k count=255 2>/dev/null; " +
            "\"$2\" info; echo status=$?; echo left=$(ls -A \"$1\")",
            "sh", run.CacheRoot, run.Executable);

        Assert.AreNotEqual(99, result.ExitCode, "tmpfs could not be mounted\n" + result);
        StringAssert.Contains(result.StdOut, "status=0\n", result.ToString());
        StringAssert.Contains(result.StdOut, "home=" + Path.Combine(run.TempDir, "_FRZ"), result.ToString());
        StringAssert.Contains(result.StdErr, "no space left");
        StringAssert.Contains(result.StdErr, "extraction cache not used");
        StringAssert.Contains(result.StdOut, "left=filler\n", "the half-written folder was removed\n" + result);
        Assert.IsFalse(result.StdErr.Contains(": error ", StringComparison.Ordinal), result.ToString());
    }

    [TestMethod]
    public void It_lets_two_first_starts_at_once_end_up_in_one_folder()
    {
        using var run = CacheRun.Create();
        string shim = run.SlowShim();
        using var a = Process.Start(run.StartInfo(new() { ["LD_PRELOAD"] = shim }, "info"))!;
        using var b = Process.Start(run.StartInfo(new() { ["LD_PRELOAD"] = shim }, "info"))!;
        var results = new[] { a, b }.Select(p =>
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.IsTrue(p.WaitForExit(TimeSpan.FromMinutes(2)));
            return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
        }).ToArray();

        foreach (var result in results)
        {
            Assert.AreEqual(0, result.ExitCode, result.ToString());
        }
        Assert.AreEqual(Lines(results[0])["home"], Lines(results[1])["home"], "both run from the same folder");
        Assert.AreEqual(1, results.Count(r => r.StdErr.Contains("another start filled", StringComparison.Ordinal)),
            "one lost the race and used the winner's folder\n" + results[0] + results[1]);
        Assert.AreEqual(1, Directory.GetFileSystemEntries(run.CacheRoot).Length, "one folder, no leftover");
    }

    [DataTestMethod]
    [DataRow("edit")]
    [DataRow("add")]
    [DataRow("replace")]
    public void It_unpacks_again_when_a_file_was_changed_in_place(string change)
    {
        using var run = CacheRun.Create();
        string home = run.Start("info").Info["home"];
        string plain = Path.Combine(home, "RulesApp.deps.json");
        byte[] original = File.ReadAllBytes(plain);
        var written = File.GetLastWriteTimeUtc(plain);
        switch (change)
        {
            case "edit":
                // Same size, same mtime: only the ctime tells.
                using (var stream = new FileStream(plain, FileMode.Open, FileAccess.Write))
                {
                    stream.Write(" "u8);
                }
                File.SetLastWriteTimeUtc(plain, written);
                break;
            case "add":
                File.WriteAllText(Path.Combine(home, "libextra.so"), "not part of the app");
                break;
            case "replace":
                File.WriteAllBytes(plain + ".new", original);
                File.Move(plain + ".new", plain, overwrite: true);
                break;
        }

        var next = run.Start("info");

        StringAssert.Contains(next.StdErr, "changed since it was written");
        Assert.AreEqual(home, next.Info["home"]);
        CollectionAssert.AreEqual(original, File.ReadAllBytes(plain), "unpacked again from the executable");
        Assert.IsFalse(File.Exists(Path.Combine(home, "libextra.so")));
        StringAssert.Contains(run.Start("info").StdErr, "verified", "and verified on the start after");
    }

    [TestMethod]
    public void It_collects_old_versions_of_the_app_that_nobody_uses()
    {
        using var run = CacheRun.Create();
        Directory.CreateDirectory(run.CacheRoot, (UnixFileMode)0b111_000_000);
        string elsewhere = Path.Combine(run.Root, "elsewhere", "RulesApp");
        Directory.CreateDirectory(Path.GetDirectoryName(elsewhere)!);
        File.WriteAllText(elsewhere, "another install of another build");
        string old = FakeVersion(run, "RulesApp-" + new string('1', 40), run.Executable);
        string inUse = FakeVersion(run, "RulesApp-" + new string('2', 40), run.Executable);
        string otherApp = FakeVersion(run, "OtherApp-" + new string('3', 40), run.Executable);
        string gone = FakeVersion(run, "RulesApp-" + new string('4', 40), Path.Combine(run.Root, "uninstalled", "RulesApp"));
        string otherInstall = FakeVersion(run, "RulesApp-" + new string('5', 40), elsewhere);
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-s", Path.Combine(inUse, ".freeze-instance"), "sleep", "60"]))!;
        string inode = ProcessRunner.Run("stat", ["-c", "%i", Path.Combine(inUse, ".freeze-instance")]).StdOut.Trim();
        WaitUntil(() => File.ReadAllText("/proc/locks").Contains($":{inode} ", StringComparison.Ordinal) || holder.HasExited, "the lock");

        var result = run.Start("info");

        Assert.IsFalse(Directory.Exists(old), "an old build of this executable is removed\n" + result.StdErr);
        Assert.IsFalse(Directory.Exists(gone), "so is the folder of an executable that is gone");
        Assert.IsTrue(Directory.Exists(otherInstall), "another install's build is kept: two installs never evict each other");
        Assert.IsTrue(Directory.Exists(inUse), "a version in use is kept");
        Assert.IsTrue(Directory.Exists(otherApp), "another app's folder is kept");
        Assert.IsTrue(Directory.Exists(result.Info["home"]));
        holder.Kill();
    }

    // ---- helpers ----

    private static string FakeVersion(CacheRun run, string name, string executable)
    {
        string folder = Path.Combine(run.CacheRoot, name);
        Directory.CreateDirectory(folder, (UnixFileMode)0b111_000_000);
        File.WriteAllText(Path.Combine(folder, "RulesApp.dll"), "x");
        File.WriteAllText(Path.Combine(folder, ".freeze-instance"), $"freeze-cache 1\nbundle {name}\ndigest 0000000000000000\nexe {executable}\n");
        return folder;
    }

    private static Dictionary<string, string> Lines(ProcessResult result) => RunHelpers.Lines(result);

    private static void WaitUntil(Func<bool> condition, string what) => RunHelpers.WaitUntil(condition, what);

    /// <summary>One run of the app and what it printed.</summary>
    private sealed record Started(int Pid, Dictionary<string, string> Info, string StdErr);

    /// <summary>One test's copy of the app, with its own cache home (XDG_CACHE_HOME) and TMPDIR.</summary>
    private sealed class CacheRun : IDisposable
    {
        private CacheRun(string root)
        {
            Root = root;
            TempDir = Path.Combine(root, "tmp");
            Directory.CreateDirectory(TempDir);
            CacheRoot = Path.Combine(root, "cache", "Freeze");
            string app = Path.Combine(root, "app");
            Directory.CreateDirectory(app);
            Executable = Path.Combine(app, "RulesApp");
            File.Copy(Published.Value.Executable, Executable);
            File.SetUnixFileMode(Executable, (UnixFileMode)0b111_101_101);
        }

        public string Root { get; }
        public string TempDir { get; }
        public string CacheRoot { get; }
        public string Executable { get; }

        public static CacheRun Create([CallerMemberName] string test = "") =>
            new(Directory.CreateTempSubdirectory($"frz-{test[..Math.Min(test.Length, 40)]}-").FullName);

        public string[] PrivateFolders() => Directory.GetDirectories(TempDir, "_FRZ*");

        public Dictionary<string, string?> Environment(Dictionary<string, string?> extra)
        {
            return RunHelpers.Environment(new Dictionary<string, string?>
            {
                ["TMPDIR"] = TempDir,
                ["XDG_CACHE_HOME"] = Path.GetDirectoryName(CacheRoot),
                ["FREEZE_TRACE"] = "1",
                ["LD_LIBRARY_PATH"] = null,
                ["FREEZE_RESET_ENVIRONMENT"] = null,
            }, extra);
        }

        public ProcessStartInfo StartInfo(Dictionary<string, string?> env, params string[] args)
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Root,
            };
            foreach (string argument in args)
            {
                start.ArgumentList.Add(argument);
            }
            foreach (var (key, value) in Environment(env))
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
            return start;
        }

        /// <summary>Runs the app to its end; it must succeed.</summary>
        public Started Start(params string[] args)
        {
            using var process = Process.Start(StartInfo(new(), args))!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the app did not end");
            }
            var result = new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            return new Started(process.Id, Lines(result), result.StdErr);
        }

        public ProcessResult Exec(Dictionary<string, string?> env, params string[] args) => ExecProgram(Executable, env, args);

        public ProcessResult ExecProgram(string program, Dictionary<string, string?> env, params string[] args) =>
            ProcessRunner.Run(program, args, Root, Environment(env), TimeSpan.FromMinutes(1));

        public ProcessResult Succeeds(params string[] args)
        {
            var result = Exec(new(), args);
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            return result;
        }

        /// <summary>An LD_PRELOAD library that makes each file creation take 40 ms.</summary>
        public string SlowShim() => RunHelpers.CompileShim(Root, RunHelpers.SlowCreateShim);

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
}
