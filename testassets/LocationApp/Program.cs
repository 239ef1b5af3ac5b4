using LocationLib;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Newtonsoft.Json;

Console.WriteLine($"words={string.Join(',', Words.Load())}");
Console.WriteLine($"words.folder={Words.Folder}");
Console.WriteLine($"script={await Scripting.SerializeAsync()}");

// Found among the loaded assemblies: analysis learns that Newtonsoft.Json needs a file from Scripting alone.
string location = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "Newtonsoft.Json").Location;
Console.WriteLine($"newtonsoft.location={location}");
Console.WriteLine($"newtonsoft.exists={File.Exists(location)}");
return 0;

internal static class Scripting
{
    /// <summary>Roslyn builds a MetadataReference from the assembly's Location.</summary>
    public static Task<string> SerializeAsync() => CSharpScript.EvaluateAsync<string>(
        "JsonConvert.SerializeObject(new[] { 1, 2, 3 })",
        ScriptOptions.Default.AddReferences(typeof(JsonConvert).Assembly).AddImports("Newtonsoft.Json"));
}
