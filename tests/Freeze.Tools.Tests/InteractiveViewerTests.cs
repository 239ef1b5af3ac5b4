namespace Freeze.Tools.Tests;

[TestClass]
public sealed class InteractiveViewerTests
{
    private string _dir = "";
    private string _file = "";

    [TestInitialize]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("frz-interactive-").FullName;
        _file = Path.Combine(_dir, "App");
        File.WriteAllBytes(_file, SampleArchives.Executable());
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private ToolRun Session(params string[] lines) => ToolRun.WithInput(string.Join('\n', lines) + "\n", "archive-viewer", _file);

    [TestMethod]
    public void It_opens_the_module_archive_extracts_goes_up_and_quits()
    {
        string output = Path.Combine(_dir, "Lib.A.dll");
        var run = Session("O modules.frz", "X Lib.A", output, "U", "Q");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StdErr);
        CollectionAssert.AreEqual(SampleArchives.LibA, File.ReadAllBytes(output));
        StringAssert.Contains(run.StdOut, $"{_file}!modules.frz: module archive, 2 assemblies");
        StringAssert.Contains(run.StdOut, $"Extracted 'Lib.A.dll' to {output} (700 bytes).");
        int up = run.StdOut.LastIndexOf($"{_file}: frozen executable", StringComparison.Ordinal);
        Assert.IsTrue(up > run.StdOut.IndexOf("Extracted", StringComparison.Ordinal), "U lists the containing archive again");
    }

    [TestMethod]
    public void It_extracts_to_standard_output_when_no_file_is_given()
    {
        var run = Session("x data/notes.txt", "", "q");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("hello\n", System.Text.Encoding.UTF8.GetString(run.RawOut));
    }

    [TestMethod]
    public void It_asks_for_the_name_when_it_is_omitted()
    {
        var run = Session("O", "modules.frz", "L", "Q");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.StdOut, "Open which member? ");
        StringAssert.Contains(run.StdOut, "!modules.frz: module archive");
    }

    [TestMethod]
    public void It_answers_mistakes_with_a_message_and_goes_on()
    {
        var run = Session("Z", "O nothing-here", "O App.dll", "X", "", "U", "X ../../etc/passwd", "H", "X data/notes.txt", "/nonexistent-dir/file", "Q");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StdErr);
        StringAssert.Contains(run.StdOut, "Unknown command 'Z'. Type H for help.");
        StringAssert.Contains(run.StdOut, $"No member named 'nothing-here' in {_file}.");
        StringAssert.Contains(run.StdOut, $"Cannot open 'App.dll': {_file}!App.dll is not an archive.");
        StringAssert.Contains(run.StdOut, "No name given.");
        StringAssert.Contains(run.StdOut, "Already at the top level.");
        StringAssert.Contains(run.StdOut, "No member named '../../etc/passwd'");
        StringAssert.Contains(run.StdOut, "X name   extract");
        StringAssert.Contains(run.StdOut, "Cannot write /nonexistent-dir/file:");
    }

    [TestMethod]
    public void It_quits_at_the_end_of_input()
    {
        var run = Session("O modules.frz");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StdErr);
    }
}
