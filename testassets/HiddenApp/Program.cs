using System.Reflection;

// Loaded by name only: no type of it is used, so the compiler keeps no reference to it.
try
{
    var name = Assembly.Load("Newtonsoft.Json").GetName();
    Console.WriteLine($"loaded={name.Name} {name.Version}");
    return 0;
}
catch (FileNotFoundException e)
{
    Console.WriteLine($"not-found={e.FileName}");
    return 4;
}
