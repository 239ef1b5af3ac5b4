using Freeze.Archive;

namespace Freeze.IntegrationTests;

[TestClass]
public sealed class GivenThatWeWantToFreezeAnApp
{
    private const string Rid = "linux-x64";

    [DataTestMethod]
    [DataRow("OneDir", false)]
    [DataRow("OneDir", true)]
    [DataRow("OneFile", false)]
    [DataRow("OneFile", true)]
    public void It_runs_the_frozen_app_with_its_arguments_and_exit_code(string mode, bool selfContained)
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));

        string[] files = project.PublishedFiles();
        if (mode == "OneFile")
        {
            CollectionAssert.AreEqual(new[] { "HelloWorld" }, files, "OneFile publishes the executable alone");
        }
        else
        {
            CollectionAssert.IsSubsetOf(new[] { "HelloWorld", "HelloWorld.dll", "HelloWorld.deps.json", "HelloWorld.runtimeconfig.json", "Freeze.Runtime.dll" }, files);
            Assert.IsFalse(files.Any(f => f.EndsWith(".pdb", StringComparison.Ordinal)), string.Join(", ", files));
            Assert.AreEqual(selfContained, files.Contains("libcoreclr.so"), "the runtime of a self-contained app stays files");
        }

        var result = project.Run("two words", "ünïcødé ✓", "", "--exit", "42");
        Assert.AreEqual(42, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "Hello from a frozen app!");
        StringAssert.Contains(result.StdOut, "frozen=True");
        StringAssert.Contains(result.StdOut, $"process={project.Executable}\n");
        StringAssert.Contains(result.StdOut, "arg[0]=two words\n");
        StringAssert.Contains(result.StdOut, "arg[1]=ünïcødé ✓\n");
        StringAssert.Contains(result.StdOut, "arg[2]=\n");
        string home = result.StdOut.Split('\n').Single(l => l.StartsWith("home=", StringComparison.Ordinal))["home=".Length..];
        if (mode == "OneFile")
        {
            StringAssert.StartsWith(home, Path.Combine(project.TempDir, "_FRZ"));
            Assert.IsFalse(Directory.Exists(home), "the extraction folder is removed when the app ends");
        }
        else
        {
            Assert.AreEqual(project.PublishDir.TrimEnd('/'), home.TrimEnd('/'));
        }
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);

        var success = project.Run();
        Assert.AreEqual(0, success.ExitCode, success.ToString());
        Assert.AreEqual("", success.StdErr);
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("true")]
    [DataRow("false")]
    public void It_maps_the_runtime_of_a_self_contained_OneFile_app_from_the_executable_and_unpacks_its_native_libraries(string moduleArchive)
    {
        using var project = TestProject.Copy("HelloWorld");
        var publish = project.PublishSucceeds(TestProject.FreezeArguments("OneFile", selfContained: true, $"-p:FreezeModuleArchive={moduleArchive}"));
        Assert.IsFalse(publish.StdOut.Contains("FRZ0118", StringComparison.Ordinal), publish.StdOut);

        var result = project.RunWith(new Dictionary<string, string?> { ["FREEZE_TRACE"] = "1" }, "--runtime-files");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        string home = result.StdOut.Split('\n').Single(l => l.StartsWith("home=", StringComparison.Ordinal))["home=".Length..];
        string[] files = result.StdOut.Split('\n').Single(l => l.StartsWith("home.files=", StringComparison.Ordinal))["home.files=".Length..]
            .Split(',').Select(Path.GetFileName).ToArray()!;
        CollectionAssert.IsSubsetOf(new[] { "HelloWorld.dll", "libcoreclr.so", "libclrjit.so", "libSystem.Native.so" }, files, "the native libraries are unpacked");
        if (moduleArchive == "true")
        {
            StringAssert.Contains(result.StdOut, "corelib.location=\n", "mapped from the executable, as in PublishSingleFile");
            CollectionAssert.DoesNotContain(files, "System.Private.CoreLib.dll");
            CollectionAssert.DoesNotContain(files, "System.Console.dll");
            StringAssert.Contains(result.StdErr, "bundle probe: System.Private.CoreLib.dll");
            StringAssert.Contains(result.StdErr, "bundle probe: System.Console.dll");
        }
        else
        {
            StringAssert.Contains(result.StdOut, $"corelib.location={Path.Combine(home, "System.Private.CoreLib.dll")}\n");
            CollectionAssert.Contains(files, "System.Console.dll");
            Assert.IsFalse(result.StdErr.Contains("bundle probe:", StringComparison.Ordinal), result.StdErr);
        }
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("OneDir", false)]
    [DataRow("OneFile", false)]
    [DataRow("OneFile", true)]
    public void It_loads_nuget_dependencies_from_the_module_archive(string mode, bool selfContained)
    {
        using var project = TestProject.Copy("NuGetApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));

        string[] files = project.PublishedFiles();
        Assert.IsFalse(files.Contains("Newtonsoft.Json.dll"), "managed dependencies live in the module archive");
        if (mode == "OneDir")
        {
            CollectionAssert.Contains(files, "libe_sqlite3.so", "native libraries stay files");
        }

        var result = project.Run("x");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "json={\"name\":\"frozen\",\"args\":[\"x\"]}");
        StringAssert.Contains(result.StdOut, "newtonsoft.location=[]", "loaded from memory, not from a file");
        StringAssert.Matches(result.StdOut, new System.Text.RegularExpressions.Regex(@"sqlite=3\.\d+"));
        StringAssert.Contains(result.StdOut, "DOTNET_STARTUP_HOOKS=[]", "the loader is a runtime property, never inherited by child processes");

        var missing = project.Run("--load-missing");
        Assert.AreEqual(3, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.StdOut, "missing=Not.There.Anywhere");
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);
    }

    /// <summary>zstd is the default on Linux: the last row sets no property.</summary>
    [DataTestMethod]
    [DataRow("OneDir", false, true)]
    [DataRow("OneFile", false, true)]
    [DataRow("OneFile", true, false)]
    public void It_runs_an_app_compressed_with_zstd(string mode, bool selfContained, bool explicitly)
    {
        using var project = TestProject.Copy("NuGetApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained, explicitly ? ["-p:FreezeCompression=zstd", "-p:FreezeCompressionLevel=5"] : []));

        using (var reader = PackageReader.Open(project.Executable))
        {
            var codecs = reader.Entries.Where(e => PackageTypeCode.IsExtracted(e.TypeCode)).Select(e => e.Compression).Distinct().ToArray();
            Assert.IsFalse(codecs.Contains(MemberCompression.Zlib), "no member is zlib");
            if (mode == "OneFile")
            {
                CollectionAssert.Contains(codecs, MemberCompression.Zstd, "the unpacked members are zstd");
            }
            if (selfContained)
            {
                var coreclr = reader.Find("libcoreclr.so")!;
                Assert.AreEqual(MemberCompression.Zstd, coreclr.Compression);
                Assert.AreEqual(coreclr.FullLength, reader.ReadMember(coreclr).LongLength, "the C# reader decodes it");
            }
        }

        var result = project.Run("x");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "json={\"name\":\"frozen\",\"args\":[\"x\"]}");
        StringAssert.Matches(result.StdOut, new System.Text.RegularExpressions.Regex(@"sqlite=3\.\d+"));
        Assert.AreEqual("", result.StdErr);
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("zlib")]
    [DataRow("zstd")]
    public void It_reports_a_corrupt_member_of_either_codec_in_the_same_line(string compression)
    {
        using var project = TestProject.Copy("NuGetApp");
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", false, $"-p:FreezeCompression={compression}"));
        byte[] executable = File.ReadAllBytes(project.Executable);
        string name;
        using (var reader = PackageReader.Open(project.Executable))
        {
            var member = reader.Entries.Where(e => PackageTypeCode.IsExtracted(e.TypeCode) && e.Compression != MemberCompression.Stored).MaxBy(e => e.StoredLength)!;
            Assert.AreEqual(compression, member.Compression.ToString().ToLowerInvariant());
            name = member.Name;
            long middle = reader.GetFileOffset(member) + member.StoredLength / 2;
            for (long i = middle; i < middle + 16; i++)
            {
                executable[i] ^= 0x5A;
            }
        }
        File.WriteAllBytes(project.Executable, executable);

        var result = project.Run();
        Assert.AreEqual(251, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.StdOut);
        string[] lines = result.StdErr.TrimEnd('\n').Split('\n');
        Assert.AreEqual(1, lines.Length, result.StdErr);
        StringAssert.StartsWith(lines[0], "NuGetApp: error FRZ0303: cannot extract into ");
        StringAssert.Matches(lines[0], new System.Text.RegularExpressions.Regex($"member '{System.Text.RegularExpressions.Regex.Escape(name)}' (is corrupt \\(not a complete {compression} stream\\)|fails its CRC-32 check)"));
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_reports_a_damaged_executable_in_one_line(string mode)
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained: false));
        byte[] executable = File.ReadAllBytes(project.Executable);
        File.WriteAllBytes(project.Executable, executable[..^1]);

        var result = project.Run();
        Assert.AreEqual(250, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.StdOut);
        string[] lines = result.StdErr.TrimEnd('\n').Split('\n');
        Assert.AreEqual(1, lines.Length, result.StdErr);
        StringAssert.StartsWith(lines[0], "HelloWorld: error FRZ0301: ");
        StringAssert.Contains(lines[0], project.Executable);
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);
    }

    [TestMethod]
    public void It_traces_each_step_with_the_debug_bootloader()
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds([.. TestProject.FreezeArguments("OneFile", selfContained: false), "-p:FreezeDebugBootloader=true"]);

        var result = project.Run("--exit", "9");
        Assert.AreEqual(9, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "Hello from a frozen app!");
        StringAssert.Contains(result.StdErr, "[FRZ-");
        StringAssert.Contains(result.StdErr, "hostfxr");
        StringAssert.Contains(result.StdErr, project.TempDir);
    }

    [TestMethod]
    public void It_publishes_as_usual_without_FreezeMode()
    {
        using var project = TestProject.Copy("HelloWorld");
        project.PublishSucceeds("-r", Rid, "--self-contained=false");

        string[] files = project.PublishedFiles();
        CollectionAssert.IsSubsetOf(new[] { "HelloWorld", "HelloWorld.dll", "Freeze.Runtime.dll" }, files);
        Assert.IsFalse(files.Any(f => f.Contains("freeze-run", StringComparison.Ordinal)), string.Join(", ", files));

        var result = project.Run("a");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "frozen=False");
        StringAssert.Contains(result.StdOut, "arg[0]=a");
    }

    [DataTestMethod]
    [DataRow("HelloWorld", "FRZ0001", "-r", Rid, "-p:FreezeMode=OneFolder")]
    [DataRow("ClassLib", "FRZ0002", "-r", Rid, "-p:FreezeMode=OneFile")]
    [DataRow("HelloWorld", "FRZ0004", "-r", "win-arm64", "--self-contained=false", "-p:UseAppHost=false", "-p:FreezeMode=OneFile")]
    [DataRow("HelloWorld", "FRZ0013", "-r", "osx-arm64", "--self-contained=false", "-p:UseAppHost=false", "-p:FreezeMode=OneFile")]
    [DataRow("HelloWorld", "FRZ0005", "-r", Rid, "-p:FreezeMode=OneFile", "-p:PublishSingleFile=true")]
    [DataRow("HelloWorld", "FRZ0003", "-p:FreezeMode=OneFile")]
    [DataRow("HelloWorld", "FRZ0007", "-r", Rid, "-p:FreezeMode=OneFile", "-p:FreezeCompression=lz4")]
    public void It_errors_with_a_code_and_the_valid_choices(string asset, string code, params string[] arguments)
    {
        using var project = TestProject.Copy(asset);
        var result = project.Publish(arguments);

        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, $"error {code}:", result.ToString());
        if (code is "FRZ0001")
        {
            StringAssert.Contains(result.StdOut, "Use OneDir (one folder) or OneFile (one executable)");
        }
        if (code is "FRZ0003")
        {
            StringAssert.Contains(result.StdOut, "publish with -r RID");
        }
        if (code is "FRZ0004")
        {
            StringAssert.Contains(result.StdOut, "'win-arm64'");
            StringAssert.Contains(result.StdOut, "this package: linux-arm64, linux-musl-x64, linux-x64, win-x64");
        }
        if (code is "FRZ0013")
        {
            StringAssert.Contains(result.StdOut, "Publish macOS builds with PublishSingleFile=true");
        }
        Assert.IsFalse(File.Exists(project.Executable), "nothing is published after an error");
    }
}
