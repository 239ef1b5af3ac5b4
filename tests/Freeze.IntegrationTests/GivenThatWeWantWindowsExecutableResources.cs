using System.Buffers.Binary;
using System.Reflection.PortableExecutable;
using Freeze.Archive.Windows;

namespace Freeze.IntegrationTests;

/// <summary>
/// A win-x64 app frozen on this Linux machine carries what the SDK's apphost carries when built on Windows:
/// the app's icon and version resource; with SOURCE_DATE_EPOCH, its time stamp, and two publishes are
/// bit-identical. Needs the package's win-x64 bootloader. Running them is the business of the tests that run
/// win-x64 apps under wine: every win-x64 app they run carries these resources.
/// </summary>
[TestClass]
public sealed class GivenThatWeWantWindowsExecutableResources
{
    private const string Epoch = "1700000000";

    private static string[] Arguments(string mode, string icon) =>
    [
        "-r", "win-x64", "--self-contained=true", $"-p:FreezeMode={mode}",
        $"-p:ApplicationIcon={icon}", "-p:Version=4.5.6", "-p:FileVersion=4.5.6.7", "-p:InformationalVersion=4.5.6-rc.1",
        "-p:Company=Contoso Ltd.", "-p:Product=Contoso Hello", "-p:Copyright=© Contoso", "-p:Description=A frozen hello",
    ];

    private static void PublishSucceeds(TestProject project, IDictionary<string, string?> environment, string[] arguments)
    {
        var result = project.PublishWith(environment, arguments);
        Assert.AreEqual(0, result.ExitCode, $"publish failed\n{result}");
    }

    private static string Exe(TestProject project) => Path.Combine(project.PublishDir, project.Name + ".exe");

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_gives_the_executable_the_apps_icon_and_version_resource(string mode)
    {
        using var project = TestProject.Copy("HelloWorld");
        byte[] icon = WindowsFiles.Icon();
        File.WriteAllBytes(Path.Combine(project.Directory, "app.ico"), icon);
        PublishSucceeds(project, new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch }, Arguments(mode, "app.ico"));

        byte[] exe = File.ReadAllBytes(Exe(project));
        var headers = new PEHeaders(new MemoryStream(exe));
        Assert.AreEqual(int.Parse(Epoch), headers.CoffHeader.TimeDateStamp);
        Assert.AreEqual(Subsystem.WindowsCui, headers.PEHeader!.Subsystem);
        var resources = WindowsExecutable.ReadResources(exe);
        var images = IconFile.Read(icon);
        var icons = resources.Where(r => r.Type == ResourceType.Icon).OrderBy(r => r.Name).ToList();
        Assert.AreEqual(images.Count, icons.Count);
        for (int i = 0; i < images.Count; i++)
        {
            CollectionAssert.AreEqual(images[i].Data, icons[i].Data, $"icon image {i}");
        }
        Assert.AreEqual(1, resources.Count(r => r.Type == ResourceType.GroupIcon));
        var version = VersionNode.Parse(resources.Single(r => r.Type == ResourceType.Version).Data);
        Assert.AreEqual((4u << 16) | 5, BinaryPrimitives.ReadUInt32LittleEndian(version.Value.AsSpan(8)), "FileVersionMS");
        Assert.AreEqual((6u << 16) | 7, BinaryPrimitives.ReadUInt32LittleEndian(version.Value.AsSpan(12)), "FileVersionLS");
        var strings = version.Strings;
        Assert.AreEqual("Contoso Ltd.", strings["CompanyName"]);
        Assert.AreEqual("Contoso Hello", strings["ProductName"]);
        Assert.AreEqual("© Contoso", strings["LegalCopyright"]);
        Assert.AreEqual("4.5.6.7", strings["FileVersion"]);
        StringAssert.StartsWith(strings["ProductVersion"], "4.5.6-rc.1");
        Assert.AreEqual("HelloWorld.dll", strings["OriginalFilename"]);
        Assert.AreEqual("A frozen hello", strings["Comments"]);
        Assert.AreEqual("HelloWorld", strings["FileDescription"], "AssemblyTitle, which defaults to the assembly name");
        Assert.AreEqual(1, resources.Count(r => r.Type == ResourceType.Manifest), "one manifest: the bootloader's, else the app's");
    }

    [TestMethod]
    public void It_gives_the_windowed_executable_the_apps_icon_and_version_resource()
    {
        using var project = TestProject.Copy("HelloWorld");
        byte[] icon = WindowsFiles.Icon();
        File.WriteAllBytes(Path.Combine(project.Directory, "app.ico"), icon);
        PublishSucceeds(project, new Dictionary<string, string?>(), [.. Arguments("OneFile", "app.ico"), "-p:FreezeConsole=false"]);

        byte[] exe = File.ReadAllBytes(Exe(project));
        Assert.AreEqual(Subsystem.WindowsGui, new PEHeaders(new MemoryStream(exe)).PEHeader!.Subsystem);
        var resources = WindowsExecutable.ReadResources(exe);
        CollectionAssert.AreEqual(IconFile.Read(icon).Select(i => i.Data.Length).ToArray(),
            resources.Where(r => r.Type == ResourceType.Icon).OrderBy(r => r.Name).Select(r => r.Data.Length).ToArray());
        Assert.AreEqual("Contoso Hello", VersionNode.Parse(resources.Single(r => r.Type == ResourceType.Version).Data).Strings["ProductName"]);
    }

    [TestMethod]
    public void It_publishes_bit_identical_executables_with_SOURCE_DATE_EPOCH()
    {
        using var project = TestProject.Copy("HelloWorld");
        File.WriteAllBytes(Path.Combine(project.Directory, "app.ico"), WindowsFiles.Icon());
        var environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = Epoch };
        PublishSucceeds(project, environment, Arguments("OneFile", "app.ico"));
        byte[] first = File.ReadAllBytes(Exe(project));
        foreach (string folder in new[] { "bin", "obj", "publish" })
        {
            Directory.Delete(Path.Combine(folder == "publish" ? project.Root : project.Directory, folder), recursive: true);
        }
        Thread.Sleep(1100);

        PublishSucceeds(project, environment, Arguments("OneFile", "app.ico"));

        CollectionAssert.AreEqual(first, File.ReadAllBytes(Exe(project)), "two publishes of the same inputs");
        Assert.AreEqual(int.Parse(Epoch), new PEHeaders(new MemoryStream(first)).CoffHeader.TimeDateStamp);
    }

    [TestMethod]
    public void It_rebuilds_the_executable_when_the_icon_changes()
    {
        using var project = TestProject.Copy("HelloWorld");
        string iconFile = Path.Combine(project.Directory, "app.ico");
        byte[] icon = WindowsFiles.Icon();
        File.WriteAllBytes(iconFile, icon);
        project.PublishSucceeds(Arguments("OneFile", "app.ico"));
        Thread.Sleep(1100);
        icon[^1] ^= 0xFF;
        File.WriteAllBytes(iconFile, icon);

        project.PublishSucceeds(Arguments("OneFile", "app.ico"));

        var icons = WindowsExecutable.ReadResources(File.ReadAllBytes(Exe(project))).Where(r => r.Type == ResourceType.Icon).OrderBy(r => r.Name).ToList();
        CollectionAssert.AreEqual(IconFile.Read(icon)[^1].Data, icons[^1].Data, "the new icon");
    }
}
