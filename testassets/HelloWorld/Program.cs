using Freeze.Runtime;

Console.WriteLine("Hello from a frozen app!");
Console.WriteLine($"frozen={FreezeRuntime.IsFrozen}");
Console.WriteLine($"process={Environment.ProcessPath}");
Console.WriteLine($"home={FreezeRuntime.ApplicationHomeDirectory}");
for (int i = 0; i < args.Length; i++)
{
    Console.WriteLine($"arg[{i}]={args[i]}");
}
int exitAt = Array.IndexOf(args, "--exit");
return exitAt >= 0 && exitAt + 1 < args.Length ? int.Parse(args[exitAt + 1]) : 0;
