using System.Security.Cryptography;
using System.Text;

namespace Freeze.Analysis;

/// <summary>
/// Lets a publish with nothing changed skip analysis (reading every assembly and native file):
/// the fingerprint covers the whole <see cref="AnalysisInput"/>, the size and time of every file
/// analysis reads (publish items, user items, the files below FreezeTree folders, the assets file,
/// the bootloader, the startup hook) and the analysis code itself. The last analysis writes it to
/// toc.inputs, after toc.json, with what the build needs of the plan, one line each; when the next
/// fingerprint is the same, those lines are the plan. Plain text written and read by hand: in the
/// fresh MSBuild process of each publish, System.Text.Json's first use costs ~20 ms per type.
/// </summary>
public static class PlanCache
{
    public const string FileName = "toc.inputs";

    /// <summary>What the build needs of one TOC entry; <paramref name="PublishFile"/> is the index of its publish item, or -1.</summary>
    public sealed record Entry(string Name, string Source, TocTypeCode TypeCode, TocPlacement Placement, string Origin, string Reason, int PublishFile = -1);

    /// <summary>What the build needs of a plan: its entries and the diagnostics to log again.</summary>
    public sealed record Plan(IReadOnlyList<Entry> Entries, IReadOnlyList<TocDiagnostic> Diagnostics);

    public static Plan Of(Toc toc, IReadOnlyDictionary<string, int>? publishFileOf = null) => new(
        toc.Entries.Select(e => new Entry(e.Name, e.Source, e.TypeCode, e.Placement, e.Origin.ToString(), e.Reason ?? "",
            publishFileOf?.TryGetValue(e.Name, out int index) == true ? index : -1)).ToList(),
        toc.Diagnostics);

    public static string Fingerprint(AnalysisInput input)
    {
        var text = new StringBuilder();
        void Line(params object?[] fields) => text.AppendJoin('\t', fields.Select(f => Escape(f?.ToString() ?? "\0"))).Append('\n');

        Line("code", typeof(PlanCache).Assembly.ManifestModule.ModuleVersionId);
        Line("input", input.Mode, input.MainAssembly, input.AppHostName, input.StartupHookAssembly, input.IntermediateDirectory,
            input.ProjectAssetsFile, input.TargetFrameworkMoniker, input.RuntimeIdentifier, input.SelfContained, input.ModuleArchive,
            input.IncludeSymbols, input.Bootloader, input.MinimumGlibc);
        foreach (var file in input.Files)
        {
            Line("file", file.RelativePath, file.Source, file.PackageId, file.PackageVersion, file.PathInPackage, file.SourceProject, file.ExcludeFromFreeze);
        }
        Line("runtime-packs", string.Join('\t', input.RuntimePackIds));
        Line("framework", string.Join('\t', input.FrameworkAssemblies));
        foreach (var file in input.Data)
        {
            Line("data", file.Source, file.Destination);
        }
        foreach (var file in input.Binaries)
        {
            Line("binary", file.Source, file.Destination);
        }
        foreach (var tree in input.Trees)
        {
            Line("tree", tree.Folder, tree.Prefix, tree.TypeCode, string.Join('\t', tree.Excludes ?? []));
        }
        Line("excludes", string.Join('\t', input.Excludes));
        Line("hidden", string.Join('\t', input.HiddenAssemblies));
        Line("excluded-sources", string.Join('\t', input.ExcludedSources));
        var runtime = input.Runtime;
        Line("runtime", runtime.WorkerAutoDispatch, runtime.AllowStartupHooks, runtime.StartupHookSupport, runtime.HostingContentRoot,
            runtime.TmpDir, runtime.ExtractionCache, string.Join('\t', runtime.Hooks));
        foreach (var (name, value) in runtime.Properties)
        {
            Line("property", name, value);
        }

        var files = input.Files.Select(f => f.Source)
            .Concat(input.Data.Concat(input.Binaries).Select(f => f.Source))
            .Concat(input.Trees.SelectMany(TreeFiles))
            .Append(input.ProjectAssetsFile).Append(input.Bootloader).Append(input.StartupHookAssembly);
        foreach (string? path in files)
        {
            if (!string.IsNullOrEmpty(path))
            {
                var info = new FileInfo(path);
                Line("stamp", path, info.Exists ? info.Length : -1, info.Exists ? info.LastWriteTimeUtc.Ticks : -1);
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static IEnumerable<string> TreeFiles(UserTree tree) =>
        Directory.Exists(tree.Folder) ? Directory.EnumerateFiles(tree.Folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [tree.Folder];

    /// <summary>The plan of the last analysis in <paramref name="folder"/>, when its inputs had this fingerprint.</summary>
    public static Plan? Read(string folder, string fingerprint)
    {
        string inputsFile = Path.Combine(folder, FileName);
        try
        {
            if (!File.Exists(Path.Combine(folder, "toc.json")) || !File.Exists(inputsFile))
            {
                return null;
            }
            string[] lines = File.ReadAllLines(inputsFile);
            if (lines.Length == 0 || lines[0] != fingerprint)
            {
                return null;
            }
            var entries = new List<Entry>();
            var diagnostics = new List<TocDiagnostic>();
            foreach (string[] fields in lines.Skip(1).Select(l => l.Split('\t').Select(Unescape).ToArray()))
            {
                switch (fields)
                {
                    case ["entry", var name, var source, var typeCode, var placement, var origin, var reason, var publishFile]:
                        entries.Add(new Entry(name, source, Enum.Parse<TocTypeCode>(typeCode), Enum.Parse<TocPlacement>(placement), origin, reason, int.Parse(publishFile)));
                        break;
                    case ["diagnostic", var code, var severity, var message]:
                        diagnostics.Add(new TocDiagnostic(code, Enum.Parse<FreezeSeverity>(severity), message));
                        break;
                    default:
                        return null;
                }
            }
            return new Plan(entries, diagnostics);
        }
        catch (Exception e) when (e is IOException or ArgumentException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Written last, once toc.json is: a failed or interrupted analysis leaves no fingerprint.</summary>
    public static void Write(string folder, string fingerprint, Plan plan)
    {
        var text = new StringBuilder(fingerprint).Append('\n');
        foreach (var e in plan.Entries)
        {
            text.AppendJoin('\t', new[] { "entry", e.Name, e.Source, e.TypeCode.ToString(), e.Placement.ToString(), e.Origin, e.Reason, e.PublishFile.ToString() }.Select(Escape)).Append('\n');
        }
        foreach (var d in plan.Diagnostics)
        {
            text.AppendJoin('\t', new[] { "diagnostic", d.Code, d.Severity.ToString(), d.Message }.Select(Escape)).Append('\n');
        }
        FileUtilities.WriteTextIfChanged(Path.Combine(folder, FileName), text.ToString());
    }

    /// <summary>Forgets the last plan before a new analysis, so a failing one is not taken for it.</summary>
    public static void Forget(string folder)
    {
        string inputsFile = Path.Combine(folder, FileName);
        if (File.Exists(inputsFile))
        {
            File.Delete(inputsFile);
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string value)
    {
        if (!value.Contains('\\'))
        {
            return value;
        }
        var text = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                c = value[++i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', var other => other };
            }
            text.Append(c);
        }
        return text.ToString();
    }
}
