using System.Text;
using Freeze.Archive;

namespace Freeze.Tools.Tests;

[TestClass]
public sealed class ArchiveViewerTests
{
    private string _dir = "";

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("frz-viewer-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private string Write(byte[] bytes, string name = "App")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestMethod]
    public void It_logs_every_member_with_typecode_sizes_compression_and_checksum()
    {
        string file = Write(SampleArchives.Executable());
        var run = ToolRun.Invoke("archive-viewer", "-l", file);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        using var reader = PackageReader.Open(file);
        StringAssert.StartsWith(run.StdOut, $"{file}: frozen executable (ELF bootloader), package at offset {SampleArchives.FakeBootloader.Length}, 6 entries\n");
        foreach (var entry in reader.Entries)
        {
            string compression = entry.Compression == MemberCompression.Zlib ? "zlib" : "stored";
            string line = run.StdOut.Split('\n').Single(l => l.EndsWith("  " + entry.Name, StringComparison.Ordinal));
            CollectionAssert.AreEqual(
                new[] { entry.TypeCode.ToString(), compression, entry.StoredLength.ToString(), entry.FullLength.ToString(), entry.Crc32.ToString("x8"), entry.Name },
                line.Split(' ', StringSplitOptions.RemoveEmptyEntries), line);
        }
        Assert.IsFalse(run.StdOut.Contains("Lib.A", StringComparison.Ordinal), "not recursive without -r");
    }

    [TestMethod]
    public void It_descends_into_the_module_archive_with_recursive()
    {
        string file = Write(SampleArchives.Executable());
        var log = ToolRun.Invoke("archive-viewer", "--log", "--recursive", file);
        Assert.AreEqual(0, log.ExitCode, log.ToString());
        StringAssert.Contains(log.StdOut, $"\n{file}!modules.frz: module archive, 2 assemblies\n");
        StringAssert.Contains(log.StdOut, "  m    stored");

        var brief = ToolRun.Invoke("archive-viewer", "-br", file);
        Assert.AreEqual(0, brief.ExitCode, brief.ToString());
        CollectionAssert.AreEqual(
            new[] { "App.dll", "libnative.so", "data/notes.txt", "modules.frz", "mode=onefile", "module-archive=modules.frz", "modules.frz!Lib.A.dll", "modules.frz!Lib.B.dll" },
            brief.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [TestMethod]
    public void It_opens_a_bare_package_and_a_bare_module_archive()
    {
        var package = ToolRun.Invoke("archive-viewer", "-l", Write(SampleArchives.Executable(withBootloader: false), "app.pkg"));
        Assert.AreEqual(0, package.ExitCode, package.ToString());
        StringAssert.Contains(package.StdOut, ": package, package at offset 0, 6 entries");

        var modules = ToolRun.Invoke("archive-viewer", "-b", Write(SampleArchives.ModuleArchive(), "modules.frz"));
        Assert.AreEqual(0, modules.ExitCode, modules.ToString());
        Assert.AreEqual("Lib.A.dll\nLib.B.dll\n", modules.StdOut.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public void It_extracts_every_file_member_into_a_folder()
    {
        string file = Write(SampleArchives.Executable());
        string output = Path.Combine(_dir, "out");
        var run = ToolRun.Invoke("archive-viewer", "--extract", output, file);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("hello\n", File.ReadAllText(Path.Combine(output, "data", "notes.txt")));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            File.GetUnixFileMode(Path.Combine(output, "libnative.so")));
        CollectionAssert.AreEqual(SampleArchives.ModuleArchive(), File.ReadAllBytes(Path.Combine(output, "modules.frz")));
        Assert.IsFalse(File.Exists(Path.Combine(output, "mode=onefile")), "options are not files");

        var again = ToolRun.Invoke("archive-viewer", "--extract", output, file);
        again.AssertFailsWith(FreezeDiagnostics.ToolCannotWrite.Code);
    }

    [TestMethod]
    public void It_refuses_to_extract_through_a_symbolic_link()
    {
        string file = Write(SampleArchives.Executable());
        string output = Path.Combine(_dir, "out");
        string elsewhere = Directory.CreateDirectory(Path.Combine(_dir, "elsewhere")).FullName;
        Directory.CreateDirectory(output);
        File.CreateSymbolicLink(Path.Combine(output, "data"), elsewhere);

        ToolRun.Invoke("archive-viewer", "-x", output, file).AssertFailsWith(FreezeDiagnostics.ToolCannotWrite.Code);
        Assert.AreEqual(0, Directory.EnumerateFileSystemEntries(elsewhere).Count());
    }

    [DataTestMethod]
    [DataRow("data/up", "../App.dll", true)]
    [DataRow("data/same", "notes.txt", true)]
    [DataRow("data/out", "../../etc/passwd", false)]
    [DataRow("data/abs", "/etc/passwd", false)]
    [DataRow("data/tricky", "x/../../..", false)]
    public void It_extracts_link_members_only_when_they_stay_inside(string name, string target, bool allowed)
    {
        using var stream = new MemoryStream();
        var writer = new PackageWriter(stream);
        writer.AddMember("App.dll", PackageTypeCode.Assembly, [1, 2, 3], 0b110_100_100, MemberCompression.Stored);
        writer.AddMember("data/notes.txt", PackageTypeCode.Data, [4], 0b110_100_100, MemberCompression.Stored);
        writer.AddMember(name, PackageTypeCode.Symlink, Encoding.UTF8.GetBytes(target), 0b111_111_111, MemberCompression.Stored);
        writer.Finish();
        string output = Path.Combine(_dir, "out");

        var run = ToolRun.Invoke("archive-viewer", "-x", output, Write(stream.ToArray()));
        if (allowed)
        {
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            Assert.AreEqual(target, new FileInfo(Path.Combine(output, name)).LinkTarget);
        }
        else
        {
            run.AssertFailsWith(FreezeDiagnostics.ToolDamagedArchive.Code);
            Assert.IsFalse(Path.Exists(Path.Combine(output, name)));
        }
    }

    [TestMethod]
    public void It_reports_a_file_that_is_not_an_archive()
    {
        ToolRun.Invoke("archive-viewer", "-l", Write(Encoding.UTF8.GetBytes("just some text, long enough to hold a cookie if it were one"))).AssertFailsWith(FreezeDiagnostics.ToolNotAnArchive.Code);
        var elf = ToolRun.Invoke("archive-viewer", "-l", "/bin/ls");
        elf.AssertFailsWith(FreezeDiagnostics.ToolNotAnArchive.Code);
        StringAssert.Contains(elf.StdErr, "an executable without a package");
        ToolRun.Invoke("archive-viewer", "-l", Path.Combine(_dir, "missing")).AssertFailsWith(FreezeDiagnostics.ToolCannotRead.Code);
        ToolRun.Invoke("archive-viewer", "-l", _dir).AssertFailsWith(FreezeDiagnostics.ToolCannotRead.Code);
    }

    [DataTestMethod]
    [DataRow("truncated")]
    [DataRow("toc-corrupt")]
    [DataRow("dotdot-name")]
    [DataRow("entry-count")]
    [DataRow("module-index")]
    public void It_reports_a_damaged_archive_in_one_line(string damage)
    {
        byte[] bytes = SampleArchives.Executable();
        var cookie = bytes.AsSpan(bytes.Length - PackageFormat.CookieSize);
        long tocStart = bytes.Length - PackageFormat.CookieSize - BitConverter.ToInt32(cookie[32..]);
        switch (damage)
        {
            case "truncated":
                bytes = bytes[..^41].Concat(bytes[^40..]).ToArray();
                break;
            case "toc-corrupt":
                bytes[tocStart] = 3;
                break;
            case "dotdot-name":
                int at = Encoding.UTF8.GetString(bytes).LastIndexOf("data/notes.txt", StringComparison.Ordinal);
                Encoding.ASCII.GetBytes("../notes.txt\0\0").CopyTo(bytes, at);
                bytes[at - 2] = 12;
                break;
            case "entry-count":
                bytes[^4] = 99;
                break;
            case "module-index":
                int modules = IndexOf(bytes, "FRZMOD\r\n"u8.ToArray());
                bytes[modules + 16] ^= 0x40;
                break;
        }
        string file = Write(bytes);
        var run = damage == "module-index" ? ToolRun.Invoke("archive-viewer", "-lr", file) : ToolRun.Invoke("archive-viewer", "-l", file);
        run.AssertFailsWith(FreezeDiagnostics.ToolDamagedArchive.Code);
        StringAssert.Contains(run.StdErr, file);
    }

    [DataTestMethod]
    [DataRow(new[] { "archive-viewer" })]
    [DataRow(new[] { "archive-viewer", "-q", "x" })]
    [DataRow(new[] { "archive-viewer", "-l", "-b", "x" })]
    [DataRow(new[] { "archive-viewer", "-r", "x" })]
    [DataRow(new[] { "archive-viewer", "-l", "a", "b" })]
    [DataRow(new[] { "archive-viewer", "--extract" })]
    [DataRow(new[] { "archive-viewer", "--log=yes", "x" })]
    [DataRow(new[] { "bindepend" })]
    [DataRow(new[] { "bindepend", "--yaml", "x" })]
    [DataRow(new[] { "frobnicate" })]
    [DataRow(new string[0])]
    public void It_reports_usage_errors_with_exit_code_2(string[] args) =>
        ToolRun.Invoke(args).AssertFailsWith(FreezeDiagnostics.ToolUsage.Code, exitCode: 2);

    [TestMethod]
    public void It_prints_help_for_the_command_and_each_subcommand()
    {
        var top = ToolRun.Invoke("--help");
        Assert.AreEqual(0, top.ExitCode);
        StringAssert.Contains(top.StdOut, "archive-viewer");
        StringAssert.Contains(top.StdOut, "bindepend");
        foreach (string command in new[] { "archive-viewer", "bindepend" })
        {
            var help = ToolRun.Invoke(command, "--help");
            Assert.AreEqual(0, help.ExitCode);
            StringAssert.Contains(help.StdOut, $"Usage:\n  freeze {command} <FILE>");
            Assert.AreEqual("", help.StdErr);
        }
    }

    internal static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
