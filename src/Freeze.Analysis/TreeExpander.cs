using System.Text.RegularExpressions;

namespace Freeze.Analysis;

/// <summary>PyInstaller's Tree: every file under a folder, under a prefix, minus excluded names.</summary>
internal static class TreeExpander
{
    /// <param name="excludes">Basenames or glob patterns (<c>*</c>, <c>?</c>); a match drops a file, or a folder with all it holds.</param>
    public static IEnumerable<(string Source, string Destination)> Expand(string root, string prefix, IReadOnlyList<string> excludes)
    {
        if (!Directory.Exists(root))
        {
            throw new FreezeException(FreezeDiagnostics.UserItemMissing, "FreezeTree", root, "folder");
        }
        var patterns = excludes.Select(Glob).ToList();
        prefix = prefix.Replace('\\', '/').Trim('/');
        var pending = new Stack<string>();
        pending.Push(root);
        var found = new List<(string, string)>();
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            foreach (string entry in Directory.EnumerateFileSystemEntries(folder))
            {
                if (patterns.Any(p => p.IsMatch(Path.GetFileName(entry))))
                {
                    continue;
                }
                if (Directory.Exists(entry))
                {
                    pending.Push(entry);
                    continue;
                }
                string relative = Path.GetRelativePath(root, entry).Replace('\\', '/');
                found.Add((Path.GetFullPath(entry), prefix.Length == 0 ? relative : $"{prefix}/{relative}"));
            }
        }
        return found.OrderBy(f => f.Item2, StringComparer.Ordinal);
    }

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern.Trim()).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);
}
