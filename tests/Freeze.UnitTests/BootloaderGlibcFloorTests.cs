using Freeze.Archive.Native;

namespace Freeze.UnitTests;

/// <summary>
/// The shipped bootloaders run wherever the .NET runtime they host runs: no glibc symbol version newer
/// than the runtime's own floor (.NET 10 on x64: GLIBC_2.27), whatever glibc built them (frz_glibc.h).
/// </summary>
[TestClass]
public sealed class BootloaderGlibcFloorTests
{
    private static readonly Version Floor = new(2, 27);

    [DataTestMethod]
    [DataRow("freeze-run")]
    [DataRow("freeze-run_d")]
    public void It_needs_no_glibc_newer_than_the_runtime_it_hosts(string bootloader)
    {
        string path = Path.Combine(Repo.BootloaderDir, bootloader);
        Assert.IsTrue(File.Exists(path), $"{path} is missing: run eng/build-bootloader.sh (eng/test.sh does).");
        var needs = NativeDependencyReader.Read(path).VersionNeeds;

        var glibc = needs.Where(n => n.Version.StartsWith("GLIBC_", StringComparison.Ordinal) && char.IsDigit(n.Version[6])).ToList();
        Assert.IsTrue(glibc.Count > 0, "the bootloader binds to versioned glibc symbols");
        var above = glibc.Where(n => Version.Parse(n.Version["GLIBC_".Length..]) > Floor).ToList();
        Assert.AreEqual(0, above.Count, string.Join("\n", above.Select(n => $"{n.Version} ({n.Library}): {string.Join(", ", n.Symbols)}")));
        CollectionAssert.IsSubsetOf(new[] { "dlopen", "pthread_create", "__libc_start_main" },
            glibc.SelectMany(n => n.Symbols).ToList(), "the pinned symbols are still needed, at their first versions");
    }
}
