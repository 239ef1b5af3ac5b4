using LocationLib;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Newtonsoft.Json;

Console.WriteLine($"words={string.Join(',', Words.Load())}");
Console.WriteLine($"words.folder={Words.Folder}");

var options = ScriptOptions.Default.AddReferences(typeof(JsonConvert).Assembly).AddImports("Newtonsoft.Json");
string script = await CSharpScript.EvaluateAsync<string>("JsonConvert.SerializeObject(new[] { 1, 2, 3 })", options);
Console.WriteLine($"script={script}");

string location = typeof(JsonConvert).Assembly.Location;
Console.WriteLine($"newtonsoft.location={location}");
Console.WriteLine($"newtonsoft.exists={File.Exists(location)}");
return 0;
