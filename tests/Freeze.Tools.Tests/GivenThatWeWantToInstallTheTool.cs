
namespace Freeze.Tools.Tests;

/// <summary>The Freeze.Tools package that eng/pack.sh wrote, installed as a user would.</summary>
[TestClass]
public sealed class GivenThatWeWantToInstallTheTool
{
    [TestMethod]
    public void It_installs_with_dotnet_tool_install_and_runs_freeze()
    {
        string version = Repo.PackageVersion;
        string package = Path.Combine(Repo.Packages, $"Freeze.Tools.{version}.nupkg");
        Assert.IsTrue(File.Exists(package), $"{package} is missing: eng/pack.sh builds it");
        string root = Directory.CreateTempSubdirectory("frz-tool-").FullName;
        try
        {
            string toolPath = Path.Combine(root, "tools");
            var install = ProcessRunner.Run("dotnet",
                ["tool", "install", "--tool-path", toolPath, "--add-source", Repo.Packages, "Freeze.Tools", "--version", version], root);
            Assert.AreEqual(0, install.ExitCode, install.ToString());

            string freeze = Path.Combine(toolPath, "freeze");
            var help = ProcessRunner.Run(freeze, ["--help"], root);
            Assert.AreEqual(0, help.ExitCode, help.ToString());
            StringAssert.StartsWith(help.StdOut, $"freeze {version}:");
            StringAssert.Contains(help.StdOut, "archive-viewer");
            StringAssert.Contains(help.StdOut, "bindepend");

            string archive = Path.Combine(root, "app.pkg");
            File.WriteAllBytes(archive, SampleArchives.Executable());
            var brief = ProcessRunner.Run(freeze, ["archive-viewer", "-br", archive], root);
            Assert.AreEqual(0, brief.ExitCode, brief.ToString());
            StringAssert.Contains(brief.StdOut, "modules.frz!Lib.A.dll\n");

            var bindepend = ProcessRunner.Run(freeze, ["bindepend", "/bin/ls"], root);
            Assert.AreEqual(0, bindepend.ExitCode, bindepend.ToString());

            string before = Path.Combine(root, "before.json");
            string after = Path.Combine(root, "after.json");
            var origin = new Freeze.Analysis.TocOrigin("package", "Lib", "1.0.0");
            File.WriteAllText(before, new Freeze.Analysis.Toc("OneFile", "App.dll", false, false, []).ToJson());
            File.WriteAllText(after, new Freeze.Analysis.Toc("OneFile", "App.dll", false, false, [new("Lib.dll", "/x/Lib.dll", Freeze.Analysis.TocTypeCode.MODULE, origin) { Size = 2048 }]).ToJson());
            var diff = ProcessRunner.Run(freeze, ["diff", before, after], root);
            Assert.AreEqual(0, diff.ExitCode, diff.ToString());
            StringAssert.Contains(diff.StdOut, "package Lib 1.0.0 (0 -> 1 entries)", "the installed tool reads toc.json");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
