namespace Freeze.Tests;

/// <summary>
/// The wine that runs win-x64 programs in the tests: eng/wine.sh installs it and makes its prefix
/// ($FREEZE_WINEPREFIX, by default ~/.cache/freeze-wine); eng/test.sh runs it.
/// </summary>
public static class Wine
{
    public static string Prefix { get; } = System.Environment.GetEnvironmentVariable("FREEZE_WINEPREFIX") is { Length: > 0 } prefix
        ? prefix
        : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache", "freeze-wine");

    public static void Require()
    {
        if (!File.Exists("/usr/bin/wine") || !File.Exists(Path.Combine(Prefix, "system.reg")))
        {
            Assert.Fail($"win-x64 programs cannot run here: run eng/wine.sh (eng/test.sh does); no wine prefix in {Prefix}.");
        }
    }

    /// <summary>The variables a program under wine runs with: the prefix, no wine debug output and no display,
    /// none of the test host's .NET or Freeze variables, then <paramref name="more"/>.</summary>
    public static Dictionary<string, string?> Environment(IDictionary<string, string?>? more = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["WINEPREFIX"] = Prefix,
            ["WINEDEBUG"] = "-all",
            ["DISPLAY"] = null,
            // The Linux .NET that runs the tests names itself here; wine passes the variables on.
            ["DOTNET_ROOT"] = null,
            ["DOTNET_ROOT_X64"] = null,
        };
        foreach (string key in System.Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("_FREEZE_", StringComparison.Ordinal)))
        {
            environment[key] = null;
        }
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }
        return environment;
    }
}
