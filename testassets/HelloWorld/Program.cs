using Freeze.Runtime;

if (OperatingSystem.IsWindows())
{
    // The console code page of Windows (and wine) cannot show every argument; tests read UTF-8.
    Console.SetOut(new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true });
}
Console.WriteLine("Hello from a frozen app!");
Console.WriteLine($"frozen={FreezeRuntime.IsFrozen}");
Console.WriteLine($"process={Environment.ProcessPath}");
Console.WriteLine($"home={FreezeRuntime.ApplicationHomeDirectory}");
for (int i = 0; i < args.Length; i++)
{
    Console.WriteLine($"arg[{i}]={args[i]}");
}
if (args.Contains("--runtime-files"))
{
    // "".GetType() and not typeof(string): analysis keeps the runtime as files for code that names a framework type with typeof and reads its location.
    Console.WriteLine($"corelib.location={"".GetType().Assembly.Location}");
    Console.WriteLine($"home.files={string.Join(',', Directory.GetFiles(AppContext.BaseDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal))}");
}
if (args.Contains("--wait"))
{
    Console.WriteLine($"ready pid={Environment.ProcessId}");
    Thread.Sleep(Timeout.Infinite);
}
if (args.Contains("--throw"))
{
    throw new InvalidOperationException("thrown on purpose");
}
int exitAt = Array.IndexOf(args, "--exit");
return exitAt >= 0 && exitAt + 1 < args.Length ? int.Parse(args[exitAt + 1]) : 0;
