using System.Text;

namespace Freeze.Tools.Tests;

/// <summary>The freeze command run in-process on captured streams.</summary>
internal sealed record ToolRun(int ExitCode, string StdOut, string StdErr, byte[] RawOut)
{
    public static ToolRun WithInput(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var raw = new MemoryStream();
        int exitCode = Program.Run(args, new ToolConsole(new StringReader(input), output, error, raw));
        return new ToolRun(exitCode, output.ToString(), error.ToString(), raw.ToArray());
    }

    public static ToolRun Invoke(params string[] args) => WithInput("", args);

    /// <summary>Asserts the run failed with exactly one error line carrying <paramref name="code"/>.</summary>
    public void AssertFailsWith(string code, int exitCode = 1)
    {
        Assert.AreEqual(exitCode, ExitCode, ToString());
        string[] lines = StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, ToString());
        StringAssert.StartsWith(lines[0], $"freeze: error {code}: ", ToString());
    }

    public override string ToString() =>
        new StringBuilder().Append("exit code ").Append(ExitCode).Append("\n--- stdout ---\n").Append(StdOut).Append("\n--- stderr ---\n").Append(StdErr).ToString();
}
