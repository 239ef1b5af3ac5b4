namespace Freeze.Runtime;

/// <summary>Undoes, for a child program, what the bootloader did to this process's environment.</summary>
internal static class EnvironmentSanitizer
{
    /// <param name="environment">The child's environment, changed in place.</param>
    /// <param name="home">The application home folder when frozen; null unfrozen (only private variables are removed).</param>
    public static void Sanitize(IDictionary<string, string?> environment, string? home)
    {
        foreach (string key in environment.Keys.Where(k => k.StartsWith(FreezeContract.Env.PrivatePrefix, StringComparison.Ordinal)).ToList())
        {
            environment.Remove(key);
        }
        if (home is null)
        {
            return;
        }
        if (environment.TryGetValue(FreezeContract.Env.LibraryPathOrig, out string? original) && original is not null)
        {
            environment["LD_LIBRARY_PATH"] = original;
        }
        else
        {
            environment.Remove("LD_LIBRARY_PATH");
        }
        environment.Remove(FreezeContract.Env.LibraryPathOrig);
        foreach (string variable in new[] { "PATH", "DYLD_LIBRARY_PATH" })
        {
            if (environment.TryGetValue(variable, out string? value) && value is not null)
            {
                string kept = string.Join(Path.PathSeparator, value.Split(Path.PathSeparator).Where(entry => !IsUnder(entry, home)));
                if (kept.Length == 0)
                {
                    environment.Remove(variable);
                }
                else
                {
                    environment[variable] = kept;
                }
            }
        }
    }

    private static bool IsUnder(string entry, string home)
    {
        if (entry.Length == 0)
        {
            return false;
        }
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(entry));
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(home));
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
