using System.Diagnostics;

namespace Freeze.Tests;

/// <summary>Paths of the repository and of what eng/pack.sh built.</summary>
internal static class Repo
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

/// <summary>What a finished process printed and returned.</summary>
internal sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

internal static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish in time");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
