using System.Diagnostics;

namespace Freeze.Tests;

/// <summary>Paths of the repository and of what eng/pack.sh built.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts => Path.Combine(Root, "artifacts");

    public static string Packages => Path.Combine(Artifacts, "packages");

    public static string BootloaderDir => Path.Combine(Artifacts, "bootloader", "linux-x64");

    /// <summary>The version of the freshly packed Freeze.Sdk (unique per pack, so never a stale cached copy).</summary>
    public static string PackageVersion
    {
        get
        {
            string file = Path.Combine(Packages, "version.txt");
            if (!File.Exists(file))
            {
                Assert.Fail($"{file} is missing: run eng/pack.sh (eng/test.sh does) before the tests.");
            }
            return File.ReadAllText(file).Trim();
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Freeze.Sdk.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Freeze.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
