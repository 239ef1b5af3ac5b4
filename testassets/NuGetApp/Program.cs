using System.Reflection;
using Freeze.Runtime;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;

// Loads two NuGet packages at start-up: a managed one and one with a native library.
var json = JsonConvert.SerializeObject(new { name = "frozen", args });
Console.WriteLine($"json={json}");
// Found among the loaded assemblies, not through typeof(): analysis keeps Newtonsoft.Json in the module archive.
Console.WriteLine($"newtonsoft.location=[{AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "Newtonsoft.Json").Location}]");

using var connection = new SqliteConnection("Data Source=:memory:");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = "select sqlite_version()";
Console.WriteLine($"sqlite={command.ExecuteScalar()}");
Console.WriteLine($"frozen={FreezeRuntime.IsFrozen}");
Console.WriteLine($"DOTNET_STARTUP_HOOKS=[{Environment.GetEnvironmentVariable("DOTNET_STARTUP_HOOKS")}]");

if (args.Contains("--load-missing"))
{
    try
    {
        Assembly.Load("Not.There.Anywhere");
    }
    catch (FileNotFoundException e)
    {
        Console.WriteLine($"missing={e.FileName}");
        return 3;
    }
}
return 0;
