using System.Diagnostics;
using System.Runtime.InteropServices;
using Freeze.Runtime;

[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]

// One verb per run-time rule; every line printed is "key=value" so the test can parse it.
string verb = args.Length > 0 ? args[0] : "info";
string[] rest = args.Skip(1).ToArray();
string home = FreezeRuntime.ApplicationHomeDirectory ?? AppContext.BaseDirectory;

switch (verb)
{
    case "info":
        Info();
        return 0;
    case "env":
        foreach (string name in rest)
        {
            Console.WriteLine($"{name}={Environment.GetEnvironmentVariable(name) ?? "<unset>"}");
        }
        return 0;
    case "exit":
        return int.Parse(rest[0]);
    case "spawn":
        // spawn [--env K=V]... EXE ARGS...: run EXE (SELF = this executable), print its output prefixed "child.".
        return Spawn(rest);
    case "wait":
        // Report, then wait for a signal; a handled signal N ends the app with 100 + N.
        foreach (int signal in new[] { 1, 2, 3, 10, 12, 14, 15, 28 })
        {
            PosixSignalRegistration.Create((PosixSignal)signal, context =>
            {
                context.Cancel = true;
                Console.WriteLine($"signal={signal}");
                Environment.Exit(100 + signal);
            });
        }
        Info();
        Console.WriteLine($"ready pid={Environment.ProcessId}");
        Thread.Sleep(Timeout.Infinite);
        return 1;
    case "wait-stubborn":
        // Like wait, but SIGTERM is ignored: only SIGKILL ends it.
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Console.WriteLine("signal=15 ignored");
        });
        Info();
        Console.WriteLine($"ready pid={Environment.ProcessId}");
        Thread.Sleep(Timeout.Infinite);
        return 1;
    case "worker-wait":
        // Start this executable as a worker that waits, report its pid, then wait too.
        var worker = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, "wait") { RedirectStandardOutput = true })!;
        for (string? line = worker.StandardOutput.ReadLine(); line is not null; line = worker.StandardOutput.ReadLine())
        {
            if (line.StartsWith("ready pid=", StringComparison.Ordinal))
            {
                Console.WriteLine($"worker.pid={line["ready pid=".Length..]}");
                break;
            }
        }
        Info();
        Console.WriteLine($"ready pid={Environment.ProcessId}");
        Thread.Sleep(Timeout.Infinite);
        return 1;
    case "deep":
        // deep N: N nested folders in the home folder, far past PATH_MAX, created one step at a time.
        // .NET resolves every path in full, so this goes through libc, relative to the current folder.
        Directory.SetCurrentDirectory(home);
        for (int level = 0; level < int.Parse(rest[0]); level++)
        {
            if (Native.mkdir("a-folder-name-of-some-length", 0b111_000_000) != 0 || Native.chdir("a-folder-name-of-some-length") != 0)
            {
                Console.WriteLine($"deep.failed={level}");
                return 1;
            }
        }
        if (Native.mkdir("bottom", 0b111_000_000) != 0)
        {
            return 1;
        }
        Console.WriteLine($"deep={rest[0]}");
        return 0;
    case "throw":
        throw new InvalidOperationException("a crash of the app");
    case "kill-self":
        Console.WriteLine($"ready pid={Environment.ProcessId}");
        Console.Out.Flush();
        Native.kill(Environment.ProcessId, int.Parse(rest[0]));
        Thread.Sleep(Timeout.Infinite);
        return 1;
    case "native":
        int value = Native.first_value();
        Console.WriteLine($"native={value}");
        Console.WriteLine($"native.error={Marshal.PtrToStringUTF8(Native.first_error()) ?? ""}");
        return value == 42 ? 0 : 1;
    case "stat":
        foreach (string name in rest)
        {
            var info = new FileInfo(Path.Combine(home, name));
            string mode = info.Exists || info.LinkTarget is not null ? Convert.ToString((int)info.UnixFileMode, 8) : "missing";
            Console.WriteLine($"stat.{name}=mode:{mode} link:{info.LinkTarget ?? "none"}");
        }
        return 0;
    case "run":
        // Run a bundled file directly (it must have kept its executable bit).
        using (var process = Process.Start(new ProcessStartInfo(Path.Combine(home, rest[0])) { RedirectStandardOutput = true })!)
        {
            Console.WriteLine($"run={process.StandardOutput.ReadToEnd().Trim()}");
            process.WaitForExit();
            return process.ExitCode;
        }
    case "pin":
        // A file the parent cannot remove (chattr +i): exercises the cleanup-failure rule.
        string pinned = Path.Combine(home, "pinned.txt");
        File.WriteAllText(pinned, "pinned");
        using (var chattr = Process.Start("chattr", ["+i", pinned]))
        {
            chattr.WaitForExit();
            Console.WriteLine($"pinned={pinned} chattr={chattr.ExitCode}");
        }
        return 0;
    default:
        Console.Error.WriteLine($"unknown verb {verb}");
        return 2;
}

void Info()
{
    Console.WriteLine($"pid={Environment.ProcessId}");
    Console.WriteLine($"home={home}");
    Console.WriteLine($"frozen={FreezeRuntime.IsFrozen}");
    Console.WriteLine($"comm={File.ReadAllText("/proc/self/comm").Trim()}");
    Console.WriteLine($"home.mode={Convert.ToString((int)File.GetUnixFileMode(home), 8)}");
    string tmp = Environment.GetEnvironmentVariable("TMPDIR") ?? "/tmp";
    Console.WriteLine($"tmp.folders={(Directory.Exists(tmp) ? Directory.GetDirectories(tmp, "_FRZ*").Length : 0)}");
    foreach (string name in new[] { "_FREEZE_ARCHIVE_FILE", "_FREEZE_PARENT_PROCESS_LEVEL", "_FREEZE_APPLICATION_HOME_DIR", "_FREEZE_LINUX_PROCESS_NAME", "FREEZE_RESET_ENVIRONMENT" })
    {
        Console.WriteLine($"{name}={Environment.GetEnvironmentVariable(name) ?? "<unset>"}");
    }
    Console.Out.Flush();
}

int Spawn(string[] spawnArgs)
{
    var environment = new Dictionary<string, string>();
    int i = 0;
    for (; i + 1 < spawnArgs.Length && spawnArgs[i] == "--env"; i += 2)
    {
        string[] pair = spawnArgs[i + 1].Split('=', 2);
        environment[pair[0]] = pair[1];
    }
    string exe = spawnArgs[i] == "SELF" ? Environment.ProcessPath! : spawnArgs[i];
    var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true };
    foreach (string arg in spawnArgs.Skip(i + 1))
    {
        start.ArgumentList.Add(arg);
    }
    foreach (var (key, value) in environment)
    {
        start.Environment[key] = value;
    }
    Info();
    using var process = Process.Start(start)!;
    foreach (string line in process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries))
    {
        Console.WriteLine($"child.{line}");
    }
    process.WaitForExit();
    Console.WriteLine($"child.exit={process.ExitCode}");
    return process.ExitCode;
}

static class Native
{
    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int signal);

    [DllImport("libc", SetLastError = true)]
    public static extern int mkdir(string path, int mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int chdir(string path);

    [DllImport("first")]
    public static extern int first_value();

    [DllImport("first")]
    public static extern IntPtr first_error();
}
