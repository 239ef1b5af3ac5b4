namespace Freeze.Tools.Tests;

/// <summary>The command line of freeze as System.CommandLine reads it: help, version and one-line usage errors.</summary>
[TestClass]
public sealed class CommandLineTests
{
    [DataTestMethod]
    [DataRow(new[] { "archive-viewer", "-q", "App" }, "archive-viewer: unknown option '-q' (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "archive-viewer", "--quiet", "App" }, "archive-viewer: unknown option '--quiet' (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "bindepend", "--yaml", "a.so" }, "bindepend: unknown option '--yaml' (see 'freeze bindepend --help')")]
    [DataRow(new[] { "-q" }, "unknown option '-q' (see 'freeze --help')")]
    [DataRow(new[] { "archive-viewer" }, "archive-viewer: no FILE given (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "archive-viewer", "-l" }, "archive-viewer: no FILE given (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "bindepend", "--json" }, "bindepend: no FILE given (see 'freeze bindepend --help')")]
    [DataRow(new[] { "archive-viewer", "App", "Other" }, "archive-viewer: unexpected argument 'Other' (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "archive-viewer", "--extract" }, "archive-viewer: option '--extract' needs a value (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "archive-viewer", "--log=yes" }, "archive-viewer: option '--log' takes no value, got 'yes' (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "archive-viewer", "-lq" }, "archive-viewer: option '-l' takes no value, got 'q' (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "archive-viewer", "-l", "-b", "App" }, "archive-viewer: use one of --log, --brief, --json and --extract (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "archive-viewer", "--json", "-x", "out", "App" }, "archive-viewer: use one of --log, --brief, --json and --extract (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "archive-viewer", "-r", "App" }, "archive-viewer: --recursive goes with --log, --brief or --json (see 'freeze archive-viewer --help')")]
    [DataRow(new[] { "diff", "A" }, "diff: no B given (see 'freeze diff --help')")]
    [DataRow(new[] { "diff", "A", "B", "C" }, "diff: unexpected argument 'C' (see 'freeze diff --help')")]
    [DataRow(new[] { "diff", "--json=yes", "A", "B" }, "diff: option '--json' takes no value, got 'yes' (see 'freeze diff --help')")]
    [DataRow(new[] { "frobnicate" }, "unknown command 'frobnicate' (see 'freeze --help')")]
    [DataRow(new string[0], "no command given (see 'freeze --help')")]
    public void A_wrong_command_line_is_one_FRZ0401_line_with_exit_code_2(string[] args, string message)
    {
        var run = ToolRun.Invoke(args);

        run.AssertFailsWith(FreezeDiagnostics.ToolUsage.Code, exitCode: 2);
        Assert.AreEqual($"freeze: error FRZ0401: {message}\n", run.StdErr);
        Assert.AreEqual("", run.StdOut);
    }

    [TestMethod]
    public void Help_lists_every_command_with_its_summary()
    {
        var run = ToolRun.Invoke("--help");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StdErr);
        StringAssert.StartsWith(run.StdOut, $"freeze {Program.Version}: tools of Freeze.Sdk, PyInstaller for .NET\n");
        StringAssert.Contains(run.StdOut, "freeze [command] [options]");
        StringAssert.Contains(run.StdOut, "archive-viewer <FILE>");
        StringAssert.Contains(run.StdOut, "list, browse and extract a frozen executable, a package or a module archive");
        StringAssert.Contains(run.StdOut, "bindepend <FILE>");
        StringAssert.Contains(run.StdOut, "print the libraries ELF and PE files need");
        StringAssert.Contains(run.StdOut, "diff <A> <B>");
        StringAssert.Contains(run.StdOut, "-h, --help");
        StringAssert.Contains(run.StdOut, "--version");
        Assert.AreEqual(run.StdOut, ToolRun.Invoke("-h").StdOut);
    }

    [TestMethod]
    public void Bindepend_help_lists_its_options_and_notes()
    {
        var run = ToolRun.Invoke("bindepend", "--help");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StdErr);
        StringAssert.Contains(run.StdOut, "freeze bindepend <FILE>... [options]");
        StringAssert.Contains(run.StdOut, "--json");
        StringAssert.Contains(run.StdOut, "-h, --help");
        StringAssert.Contains(run.StdOut, "A file that cannot be read is reported on standard error");
    }

    [TestMethod]
    public void Archive_viewer_help_lists_its_options_and_the_interactive_commands()
    {
        var run = ToolRun.Invoke("archive-viewer", "-h");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.StdOut, "freeze archive-viewer <FILE> [options]");
        foreach (string option in new[] { "-l, --log", "-b, --brief", "-r, --recursive", "-x, --extract <DIR>" })
        {
            StringAssert.Contains(run.StdOut, option);
        }
        StringAssert.Contains(run.StdOut, "O name   open a nested archive");
        StringAssert.Contains(run.StdOut, "Typecodes:");
    }

    [DataTestMethod]
    [DataRow(new[] { "archive-viewer", "-q", "--help" })]
    [DataRow(new[] { "archive-viewer", "-l", "-b", "--help" })]
    [DataRow(new[] { "bindepend", "--yaml", "--help" })]
    public void Help_wins_over_errors_in_the_rest_of_the_line(string[] args)
    {
        var run = ToolRun.Invoke(args);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StdErr);
        StringAssert.Contains(run.StdOut, $"freeze {args[0]} <FILE>");
    }

    [TestMethod]
    public void Version_prints_the_package_version_alone()
    {
        var run = ToolRun.Invoke("--version");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StdErr);
        Assert.AreEqual(Program.Version + "\n", run.StdOut);
        StringAssert.Matches(Program.Version, new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"));
    }

    [TestMethod]
    public void Arguments_after_a_double_dash_and_at_signs_are_file_names()
    {
        var run = ToolRun.Invoke("bindepend", "@missing.so", "--", "-l");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        string[] errors = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(2, errors.Length, run.ToString());
        StringAssert.StartsWith(errors[0], "freeze: error FRZ0402: cannot read @missing.so");
        StringAssert.StartsWith(errors[1], "freeze: error FRZ0402: cannot read -l");
    }

    [TestMethod]
    public void The_suggest_directive_completes_commands_and_options()
    {
        var commands = ToolRun.Invoke("[suggest:9]", "freeze ar");
        Assert.AreEqual(0, commands.ExitCode, commands.ToString());
        Assert.AreEqual("archive-viewer\n", commands.StdOut);

        var options = ToolRun.Invoke("[suggest:18]", "freeze bindepend -");
        Assert.AreEqual(0, options.ExitCode, options.ToString());
        CollectionAssert.AreEquivalent(new[] { "--help", "--json", "-h" }, options.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
