using Freeze.Archive;

namespace Freeze.Tools.Tests;

/// <summary>
/// The C# readers under deterministic mutation: every damaged archive is either read or refused with
/// InvalidArchiveException (a FRZ line from the command), never another exception, never a hang,
/// and extraction never writes outside its folder.
/// </summary>
[TestClass]
public sealed class ArchiveMutationTests
{
    /// <summary>Per test; FREEZE_MUTANTS raises it for a long run.</summary>
    private static readonly int Mutants = int.TryParse(Environment.GetEnvironmentVariable("FREEZE_MUTANTS"), out int n) ? n : 3000;

    private string _dir = "";

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("frz-mutation-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    [Timeout(240_000)]
    public void It_reads_or_refuses_every_mutated_package()
    {
        var outcome = Run(SampleArchives.Executable(), seed: 1, tailBias: 600);
        Assert.IsTrue(outcome.Refused > Mutants / 10, $"most mutations near the TOC must be refused: {outcome}");
        Assert.IsTrue(outcome.Read > 0, $"some mutations are harmless: {outcome}");
    }

    [TestMethod]
    [Timeout(240_000)]
    public void It_reads_or_refuses_every_mutated_module_archive()
    {
        var outcome = Run(SampleArchives.ModuleArchive(), seed: 2, headerBias: 32, tailBias: 100);
        Assert.IsTrue(outcome.Refused > Mutants / 10, outcome.ToString());
    }

    [TestMethod]
    [Timeout(240_000)]
    public void It_never_extracts_a_mutated_link_outside_its_folder()
    {
        var outcome = Run(SampleArchives.WithLinks(), seed: 3, tailBias: 400);
        Assert.IsTrue(outcome.Refused > 0 && outcome.Read > 0, outcome.ToString());
    }

    private sealed record Outcome(int Read, int Refused);

    private Outcome Run(byte[] original, int seed, int headerBias = 0, int tailBias = 0)
    {
        var random = new Random(seed);
        string sandbox = Directory.CreateDirectory(Path.Combine(_dir, "sandbox")).FullName;
        string file = Path.Combine(_dir, "mutant");
        int read = 0;
        int refused = 0;
        for (int i = 0; i < Mutants; i++)
        {
            byte[] bytes = Mutations.Apply(original, random, headerBias, tailBias);
            File.WriteAllBytes(file, bytes);
            string output = Path.Combine(sandbox, "out");
            try
            {
                ReadEverything(file, output);
                read++;
            }
            catch (InvalidArchiveException)
            {
                refused++;
            }
            catch (ToolException e) when (e.Diagnostic == FreezeDiagnostics.ToolDamagedArchive || e.Diagnostic == FreezeDiagnostics.ToolNotAnArchive)
            {
                refused++;
            }
            catch (Exception e)
            {
                File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"frz-mutant-{seed}-{i}"), bytes);
                Assert.Fail($"mutant {i} (seed {seed}) threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            string[] outside = Directory.EnumerateFileSystemEntries(sandbox).Where(p => p != output).ToArray();
            Assert.AreEqual(0, outside.Length, $"mutant {i} wrote outside its folder: {string.Join(", ", outside)}");
            AssertLinksStayInside(output, i);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
            if (i % 100 == 0)
            {
                var run = ToolRun.Invoke("archive-viewer", "-lr", file);
                Assert.AreNotEqual(FreezeDiagnostics.ToolInternal.Code, run.StdErr.Length > 20 ? run.StdErr[15..22] : "", run.ToString());
                Assert.IsTrue(run.ExitCode == 0 || run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 1, run.ToString());
            }
        }
        return new Outcome(read, refused);
    }

    private static void AssertLinksStayInside(string output, int mutant)
    {
        if (!Directory.Exists(output))
        {
            return;
        }
        string root = Path.GetFullPath(output) + Path.DirectorySeparatorChar;
        foreach (var link in new DirectoryInfo(output).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Where(f => f.LinkTarget is not null))
        {
            var final = link.ResolveLinkTarget(returnFinalTarget: true);
            string resolved = final is null ? Path.GetFullPath(link.LinkTarget!, Path.GetDirectoryName(link.FullName)!) : final.FullName;
            StringAssert.StartsWith(resolved, root, $"mutant {mutant}: {link.FullName} -> {link.LinkTarget}");
        }
    }

    /// <summary>Lists, reads every member of every level, opens nested archives and extracts.</summary>
    private static void ReadEverything(string file, string output)
    {
        using var view = ArchiveOpener.OpenFile(file);
        ReadView(view);
        ArchiveExtractor.ExtractAll(view, output);
    }

    private static void ReadView(ArchiveView view)
    {
        ArchiveListing.WriteTable(view, TextWriter.Null);
        foreach (var item in view.Items)
        {
            if (view.IsNestedArchive(item))
            {
                using var nested = NestedArchive.Open(view, item);
                ReadView(nested);
            }
            else
            {
                view.Read(item);
            }
        }
    }
}
