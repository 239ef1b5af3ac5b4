using System.Diagnostics;
using System.Runtime;
using Freeze.Runtime;

namespace WorkerApp;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--freeze-worker")
        {
            // Reached only when automatic dispatch is off.
            Log("main-entered-as-worker");
            FreezeSupport.Dispatch(args);
        }
        Log("main-started");
        Console.WriteLine($"hooks={string.Join(",", Hooks.Ran)}");
        Console.WriteLine($"home={FreezeRuntime.ApplicationHomeDirectory}");
        switch (args.FirstOrDefault())
        {
            case "pool":
                var parts = Enumerable.Range(0, 4).Select(i => FreezeWorker.RunAsync(Workers.SumRange,
                    new Dictionary<string, string> { ["from"] = (i * 250 + 1).ToString(), ["to"] = ((i + 1) * 250).ToString() })).ToList();
                string[] outputs = await Task.WhenAll(parts);
                var lines = outputs.SelectMany(o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
                Console.WriteLine($"total={lines.Where(l => l.StartsWith("sum=")).Sum(l => long.Parse(l[4..]))}");
                foreach (string line in lines.Where(l => !l.StartsWith("sum=")))
                {
                    Console.WriteLine(line);
                }
                return 0;
            case "fail":
                try
                {
                    await FreezeWorker.RunAsync(Workers.Fail, new Dictionary<string, string> { ["part"] = "3" });
                    return 0;
                }
                catch (FreezeWorkerException e)
                {
                    Console.WriteLine($"worker-error={e.Message}|{e.WorkerExceptionType}|{e.ExitCode}");
                    return 5;
                }
            case "echo":
                Console.Write(await FreezeWorker.RunAsync("WorkerApp.Workers.Echo", input: "through stdin\n"));
                return 0;
            case "env":
                Console.WriteLine("--- raw ---");
                Console.Write(Run(new ProcessStartInfo("/usr/bin/env") { UseShellExecute = false, RedirectStandardOutput = true }));
                Console.WriteLine("--- sanitized ---");
                using (var sanitized = FreezeRuntime.StartExternalProgram(new ProcessStartInfo("/usr/bin/env") { UseShellExecute = false, RedirectStandardOutput = true }))
                {
                    Console.Write(sanitized.StandardOutput.ReadToEnd());
                    sanitized.WaitForExit();
                }
                return 0;
            case "restart":
                var second = FreezeRuntime.CreateIndependentInstance("second", args[1]);
                Process.Start(second)!.Dispose();
                Console.WriteLine("first-exiting");
                return 0;
            case "second":
                // Outlive the first instance, then report where this one runs from.
                Thread.Sleep(1500);
                File.WriteAllText(args[1], $"second-home={FreezeRuntime.ApplicationHomeDirectory}\nsecond-home-exists={Directory.Exists(FreezeRuntime.ApplicationHomeDirectory)}\n");
                return 0;
            case "dll-directory":
                // Windows: the DLL directory the bootloader set, while and after outside programs start.
                Console.WriteLine($"dll-directory={DllDirectory()}");
                using (var outside = FreezeRuntime.StartExternalProgram(new ProcessStartInfo("cmd.exe", "/c exit 0") { UseShellExecute = false }))
                {
                    outside.WaitForExit();
                }
                Console.WriteLine($"after-start-external={DllDirectory()}");
                FreezeRuntime.SanitizeForExternalProgram(new ProcessStartInfo("cmd.exe"));
                Console.WriteLine($"after-sanitize={DllDirectory()}");
                return 0;
            case "options":
                Console.WriteLine($"server-gc={GCSettings.IsServerGC}");
                Console.WriteLine($"build-option={AppContext.GetData("WorkerApp.BuildOption")}");
                Console.WriteLine($"env-hook={AppContext.GetData("EnvHook.Ran") ?? "no"}");
                return 0;
            case "exit":
                return int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
            default:
                return 0;
        }
    }

    private static string DllDirectory()
    {
        var buffer = new char[1024];
        uint length = GetDllDirectoryW((uint)buffer.Length, buffer);
        return new string(buffer, 0, (int)length);
    }

    [System.Runtime.InteropServices.DllImport("kernel32.dll", CharSet = System.Runtime.InteropServices.CharSet.Unicode, ExactSpelling = true)]
    private static extern uint GetDllDirectoryW(uint bufferLength, [System.Runtime.InteropServices.Out] char[] buffer);

    private static string Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    /// <summary>Start-up work Main does that a worker must not repeat: one file per event in the WORKER_TEST_LOG folder
    /// (processes appending to one file would race).</summary>
    internal static void Log(string what)
    {
        if (Environment.GetEnvironmentVariable("WORKER_TEST_LOG") is { Length: > 0 } log)
        {
            Directory.CreateDirectory(log);
            File.WriteAllText(Path.Combine(log, $"{what}.{Environment.ProcessId}"), "");
        }
    }
}

public static class Workers
{
    public static int SumRange(IReadOnlyDictionary<string, string> arguments)
    {
        long from = long.Parse(arguments["from"]), to = long.Parse(arguments["to"]);
        long sum = 0;
        for (long i = from; i <= to; i++)
        {
            sum += i;
        }
        Console.WriteLine($"sum={sum}");
        Console.WriteLine($"worker-home={FreezeRuntime.ApplicationHomeDirectory}");
        Console.WriteLine($"worker-hooks={string.Join(",", Hooks.Ran)}");
        Console.WriteLine($"worker-level={Environment.GetEnvironmentVariable("_FREEZE_PARENT_PROCESS_LEVEL")}");
        return 0;
    }

    public static void Fail(IReadOnlyDictionary<string, string> arguments) =>
        throw new InvalidOperationException($"part {arguments["part"]} failed");

    public static async Task Echo()
    {
        Console.Write($"echo:{await Console.In.ReadToEndAsync()}");
    }
}

internal static class Hooks
{
    public static readonly List<string> Ran = [];
}

public static class FirstHook
{
    public static void Run() => Hooks.Ran.Add("first");
}

public static class SecondHook
{
    public static void Run() => Hooks.Ran.Add("second");
}
