using System.Reflection.PortableExecutable;
using Freeze.Archive;

namespace Freeze.IntegrationTests;

/// <summary>
/// PublishReadyToRun=true with FreezeMode (issue 10): testassets/BenchHostApp (Generic Host, System.CommandLine,
/// Sqlite, a satellite assembly) frozen OneFile with and without ReadyToRun. The assemblies in the module archive
/// keep their ReadyToRun code as the SDK's Crossgen2 wrote it, and the runtime uses it (it compiles fewer methods).
/// </summary>
[TestClass]
public sealed class GivenThatWeWantReadyToRun
{
    [TestMethod]
    public void It_keeps_the_ReadyToRun_code_of_the_module_archive_and_runs_it()
    {
        using var plain = TestProject.Copy("BenchHostApp", test: "BenchHostApp-il");
        using var r2r = TestProject.Copy("BenchHostApp", test: "BenchHostApp-r2r");
        plain.PublishSucceeds(TestProject.FreezeArguments("OneFile"));
        r2r.PublishSucceeds(TestProject.FreezeArguments("OneFile", false, "-p:PublishReadyToRun=true"));

        using (var reader = PackageReader.Open(r2r.Executable))
        {
            string name = reader.GetOption(FreezeContract.Option.ModuleArchive)!;
            var member = reader.Find(name)!;
            using var stream = File.OpenRead(r2r.Executable);
            var archive = ModuleArchiveReader.Open(stream, reader.GetFileOffset(member), member.StoredLength);
            foreach (string assembly in new[] { "System.CommandLine.dll", "Microsoft.Extensions.Hosting.dll", "Microsoft.Data.Sqlite.dll" })
            {
                Assert.IsNotNull(archive.Find(assembly), $"{assembly} is in the module archive");
                using var pe = new PEReader(new MemoryStream(archive.Read(assembly)!));
                var cor = pe.PEHeaders.CorHeader!;
                Assert.IsTrue(cor.ManagedNativeHeaderDirectory.Size > 0, $"{assembly} has its ReadyToRun header");
                Assert.IsTrue((cor.Flags & CorFlags.ILLibrary) != 0, $"{assembly} is marked as ReadyToRun (IL library)");
            }
        }

        var env = new Dictionary<string, string?> { ["BENCH_REPORT_JIT"] = "1" };
        var withR2R = r2r.RunWith(env);
        var withoutR2R = plain.RunWith(env);
        foreach (var result in new[] { withR2R, withoutR2R })
        {
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.StdOut, "bonjour 42 BenchHostApp\n", "Host, CommandLine, Sqlite and the fr satellite all ran");
        }
        int jittedR2R = Jitted(withR2R), jittedIL = Jitted(withoutR2R);
        Assert.IsTrue(jittedR2R * 2 < jittedIL,
            $"the runtime uses the ReadyToRun code mapped from the module archive: {jittedR2R} methods compiled with it, {jittedIL} without");
    }

    [TestMethod]
    public void It_runs_a_self_contained_app_compiled_into_a_composite_ReadyToRun_image()
    {
        // PublishReadyToRunComposite (what PublishSingleFile uses by default with ReadyToRun and self-contained):
        // framework and app compiled into one native image, opened by the runtime as a file beside its components.
        using var project = TestProject.Copy("NuGetApp", test: "NuGetApp-composite");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", true, "-p:PublishReadyToRun=true", "-p:PublishReadyToRunComposite=true"));

        using (var reader = PackageReader.Open(project.Executable))
        {
            var image = reader.Find("NuGetApp.r2r.dll");
            Assert.IsNotNull(image, "the composite image is a member of the package, unpacked as a file");
            Assert.AreEqual(PackageTypeCode.Binary, image.TypeCode, "a native image, not an assembly of the module archive");
        }
        var result = project.Run();
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "frozen=True");
    }

    private static int Jitted(ProcessResult result) =>
        int.Parse(result.StdOut.Split('\n').Single(l => l.StartsWith("jitted=", StringComparison.Ordinal))["jitted=".Length..]);
}
