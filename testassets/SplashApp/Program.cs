using System.Diagnostics;
using Freeze.Runtime;

namespace SplashApp;

/// <summary>
/// Does what the test writes on stdin, one command a line, and answers each with one line:
/// pid, alive, text WORDS, close, worker (starts a worker and holds it until "release"), exit, crash.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.FirstOrDefault() == "print")
        {
            // The first line before any FreezeSplash call: eng/bench/splash.sh times the start-up to it.
            Console.WriteLine("hello");
            Console.WriteLine($"alive={FreezeSplash.IsAlive}");
            FreezeSplash.UpdateText("no-op");
            FreezeSplash.Close();
            return 0;
        }
        Console.WriteLine($"ready ipc={Environment.GetEnvironmentVariable("_FREEZE_SPLASH_IPC")}");
        Process? worker = null;
        while (Console.ReadLine() is string line)
        {
            string command = line.Split(' ', 2)[0];
            switch (command)
            {
                case "pid":
                    Console.WriteLine($"pid={Environment.ProcessId}");
                    break;
                case "alive":
                    Console.WriteLine($"alive={FreezeSplash.IsAlive}");
                    break;
                case "text":
                    FreezeSplash.UpdateText(line.Length > 5 ? line[5..] : "");
                    Console.WriteLine("text-sent");
                    break;
                case "close":
                    FreezeSplash.Close();
                    Console.WriteLine($"closed alive={FreezeSplash.IsAlive}");
                    break;
                case "worker":
                    var start = FreezeWorker.CreateStartInfo(Workers.Hold);
                    start.RedirectStandardInput = true;
                    start.RedirectStandardOutput = true;
                    start.UseShellExecute = false;
                    worker = Process.Start(start)!;
                    Console.WriteLine(worker.StandardOutput.ReadLine());
                    break;
                case "release":
                    worker!.StandardInput.Close();
                    worker.WaitForExit();
                    Console.WriteLine($"released {worker.ExitCode}");
                    break;
                case "exit":
                    Console.WriteLine("exiting");
                    return 0;
                case "crash":
                    Console.WriteLine("crashing");
                    Console.Out.Flush();
                    Environment.FailFast("the test asked for a crash");
                    break;
            }
        }
        return 0;
    }
}

public static class Workers
{
    public static void Hold()
    {
        Console.WriteLine($"worker ipc={Environment.GetEnvironmentVariable("_FREEZE_SPLASH_IPC")} alive={FreezeSplash.IsAlive}");
        Console.Out.Flush();
        Console.In.ReadToEnd();
    }
}
