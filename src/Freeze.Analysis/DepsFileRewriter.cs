using System.Text.Json;
using System.Text.Json.Nodes;

namespace Freeze.Analysis;

/// <summary>
/// Removes the runtime assets that moved into the module archive from a deps.json: the host
/// refuses to start an app whose deps.json names an assembly that is not on disk.
/// </summary>
internal static class DepsFileRewriter
{
    public static string Rewrite(string depsJson, IReadOnlySet<string> movedFileNames)
    {
        var root = JsonNode.Parse(depsJson) as JsonObject ?? throw new InvalidDataException("deps.json is not a JSON object");
        if (root["targets"] is JsonObject targets)
        {
            foreach (var (_, target) in targets)
            {
                foreach (var (_, library) in target as JsonObject ?? [])
                {
                    if (library?["runtime"] is JsonObject runtime)
                    {
                        foreach (string asset in runtime.Select(p => p.Key).Where(k => movedFileNames.Contains(Path.GetFileName(k))).ToList())
                        {
                            runtime.Remove(asset);
                        }
                    }
                }
            }
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
