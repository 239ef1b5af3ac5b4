using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Freeze.Analysis;

/// <summary>
/// Lets a publish with nothing changed skip analysis (reading every assembly and native file):
/// the fingerprint covers the whole <see cref="AnalysisInput"/>, the size and time of every file
/// analysis reads (publish items, user items, the files below FreezeTree folders, the assets file,
/// the bootloader, the startup hook) and the analysis code itself. When it equals the one written
/// beside toc.json by the last analysis, toc.json is that analysis's plan.
/// </summary>
public static class PlanCache
{
    public const string FileName = "toc.inputs";

    public static string Fingerprint(AnalysisInput input)
    {
        var text = new StringBuilder();
        text.Append(typeof(PlanCache).Assembly.ManifestModule.ModuleVersionId).Append('\n');
        text.Append(JsonSerializer.Serialize(input)).Append('\n');
        var files = input.Files.Select(f => f.Source)
            .Concat(input.Data.Concat(input.Binaries).Select(f => f.Source))
            .Concat(input.Trees.SelectMany(TreeFiles))
            .Append(input.ProjectAssetsFile).Append(input.Bootloader).Append(input.StartupHookAssembly);
        foreach (string? path in files)
        {
            if (string.IsNullOrEmpty(path))
            {
                continue;
            }
            var info = new FileInfo(path);
            text.Append(path).Append('|').Append(info.Exists ? $"{info.Length}|{info.LastWriteTimeUtc.Ticks}" : "missing").Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static IEnumerable<string> TreeFiles(UserTree tree) =>
        Directory.Exists(tree.Folder) ? Directory.EnumerateFiles(tree.Folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [tree.Folder];

    /// <summary>The plan of the last analysis in <paramref name="folder"/>, when its inputs had this fingerprint.</summary>
    public static Toc? Read(string folder, string fingerprint)
    {
        string tocFile = Path.Combine(folder, "toc.json");
        string inputsFile = Path.Combine(folder, FileName);
        try
        {
            return File.Exists(tocFile) && File.Exists(inputsFile) && File.ReadAllText(inputsFile) == fingerprint
                ? Toc.FromJson(File.ReadAllText(tocFile))
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Written last, once toc.json is: a failed or interrupted analysis leaves no fingerprint.</summary>
    public static void Write(string folder, string fingerprint) => FileUtilities.WriteTextIfChanged(Path.Combine(folder, FileName), fingerprint);

    /// <summary>Forgets the last plan before a new analysis, so a failing one is not taken for it.</summary>
    public static void Forget(string folder)
    {
        string inputsFile = Path.Combine(folder, FileName);
        if (File.Exists(inputsFile))
        {
            File.Delete(inputsFile);
        }
    }
}
