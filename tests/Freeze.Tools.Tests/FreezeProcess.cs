using System.Diagnostics;

namespace Freeze.Tools.Tests;

/// <summary>The built freeze command run as its own process (<c>dotnet freeze.dll</c>), standard input included.</summary>
internal static class FreezeProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "freeze.dll");

    public static ProcessResult Run(params string[] args) => RunWithInput(null, args);

    public static ProcessResult RunWithInput(string? input, params string[] args) => Run("dotnet", [Dll, .. args], input);

    public static ProcessResult Run(string fileName, IEnumerable<string> args, string? input)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', args)} did not finish in time");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Asserts one FRZ error line with <paramref name="code"/> and no stack trace.</summary>
    public static void AssertFailsWith(ProcessResult result, string code)
    {
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        string[] lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, result.ToString());
        StringAssert.StartsWith(lines[0], $"freeze: error {code}: ", result.ToString());
    }
}
