namespace Freeze.IntegrationTests;

/// <summary>Headless Chromium (Debian's <c>chromium</c>, installed by .ci/run): a page's DOM after its scripts ran, and screenshots.</summary>
internal static class Chromium
{
    private static string Executable =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
        ?? throw new AssertFailedException("headless Chromium is needed: apt-get install chromium (.ci/run installs it), or set CHROMIUM to its path");

    /// <summary>The page's DOM once it has loaded and its inline script has run.</summary>
    public static string DumpDom(string file) => Run(file, "--dump-dom").StdOut;

    public static void Screenshot(string file, string png, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(png)!);
        File.Delete(png);
        var result = Run(file, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");
        Assert.IsTrue(File.Exists(png), $"no screenshot\n{result}");
    }

    private static ProcessResult Run(string file, params string[] arguments)
    {
        string profile = Directory.CreateTempSubdirectory("frz-chromium-").FullName;
        try
        {
            var result = ProcessRunner.Run(Executable,
                ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", $"--user-data-dir={profile}", .. arguments, new Uri(file).AbsoluteUri],
                timeout: TimeSpan.FromMinutes(2));
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            return result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
