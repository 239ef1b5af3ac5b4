using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Freeze.Archive.Native;

namespace Freeze.Tools.Tests;

[TestClass]
public sealed partial class NativeDependencyReaderTests
{
    private string _dir = "";

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("frz-native-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>SourceGear.sqlite3, restored for these tests (Freeze.Tools.Tests.csproj).</summary>
    private static string SqlitePackage { get; } = typeof(NativeDependencyReaderTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "SourceGearSqlite3").Value!;

    internal static string NuGetRoot => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>ELF files of several machines, both classes and both byte orders, that this machine has.</summary>
    private static IEnumerable<string> ElfSamples()
    {
        var system = Directory.EnumerateFiles("/usr/lib/x86_64-linux-gnu", "*.so*").Where(f => !File.ResolveLinkTarget(f, false)?.Exists ?? true).Order(StringComparer.Ordinal).Take(150);
        var sqlite = Directory.EnumerateFiles(SqlitePackage, "libe_sqlite3.so", SearchOption.AllDirectories);
        return new[] { "/bin/ls", "/usr/bin/gcc" }.Concat(system).Concat(sqlite).Where(File.Exists);
    }

    [TestMethod]
    public void It_finds_the_same_libraries_and_paths_as_readelf()
    {
        int compared = 0;
        foreach (string file in ElfSamples())
        {
            var readelf = ProcessRunner.Run("readelf", ["-dW", file]);
            if (readelf.ExitCode != 0 || readelf.StdErr.Length > 0)
            {
                continue;
            }
            var expected = new Dictionary<string, List<string>> { ["NEEDED"] = [], ["SONAME"] = [], ["RPATH"] = [], ["RUNPATH"] = [] };
            foreach (Match m in ReadElfLine().Matches(readelf.StdOut))
            {
                expected[m.Groups[1].Value].Add(m.Groups[2].Value);
            }
            var actual = NativeDependencyReader.Read(file);
            Assert.AreEqual(NativeFormat.Elf, actual.Format, file);
            CollectionAssert.AreEqual(expected["NEEDED"], actual.Needed.ToList(), file);
            CollectionAssert.AreEqual(expected["SONAME"], actual.SoName is null ? new List<string>() : [actual.SoName], file);
            CollectionAssert.AreEqual(expected["RPATH"].SelectMany(p => p.Split(':', StringSplitOptions.RemoveEmptyEntries)).ToList(), actual.RPath.ToList(), file);
            CollectionAssert.AreEqual(expected["RUNPATH"].SelectMany(p => p.Split(':', StringSplitOptions.RemoveEmptyEntries)).ToList(), actual.RunPath.ToList(), file);
            compared++;
        }
        Assert.IsTrue(compared >= 20, $"only {compared} ELF files compared");
    }

    [TestMethod]
    public void It_reads_machines_classes_and_byte_orders()
    {
        string root = SqlitePackage;
        string Lib(string rid) => Directory.EnumerateFiles(root, "libe_sqlite3.so", SearchOption.AllDirectories).First(f => f.Contains($"/runtimes/{rid}/", StringComparison.Ordinal));
        var expected = new (string Rid, string Machine, int Bits)[]
        {
            ("linux-x64", "x86-64", 64), ("linux-x86", "x86", 32), ("linux-arm64", "AArch64", 64), ("linux-arm", "ARM", 32),
            ("linux-s390x", "S390", 64), ("linux-riscv64", "RISC-V", 64), ("linux-ppc64le", "PowerPC64", 64),
        };
        foreach (var (rid, machine, bits) in expected)
        {
            var d = NativeDependencyReader.Read(Lib(rid));
            Assert.AreEqual((machine, bits), (d.Machine, d.Bits), rid);
            CollectionAssert.Contains(d.Needed.ToList(), "libc.so.6", rid);
        }
    }

    [TestMethod]
    public void It_reads_rpath_runpath_and_soname_written_by_the_linker()
    {
        File.WriteAllText(Path.Combine(_dir, "lib.c"), "int answer(void) { return 42; }\n");
        string runpathLib = Path.Combine(_dir, "libanswer.so");
        string rpathLib = Path.Combine(_dir, "libold.so");
        Gcc("-shared", "-fPIC", "-o", runpathLib, "lib.c", "-Wl,-soname,libanswer.so.1", "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/lib:/opt/answer", "-lz");
        Gcc("-shared", "-fPIC", "-o", rpathLib, "lib.c", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN", "-Wl,--no-as-needed", "-lm");

        var runpath = NativeDependencyReader.Read(runpathLib);
        Assert.AreEqual("libanswer.so.1", runpath.SoName);
        CollectionAssert.AreEqual(new[] { "$ORIGIN/lib", "/opt/answer" }, runpath.RunPath.ToArray());
        Assert.AreEqual(0, runpath.RPath.Count);

        var rpath = NativeDependencyReader.Read(File.ReadAllBytes(rpathLib));
        Assert.IsNull(rpath.SoName);
        CollectionAssert.AreEqual(new[] { "$ORIGIN" }, rpath.RPath.ToArray());
        Assert.AreEqual(0, rpath.RunPath.Count);
        CollectionAssert.Contains(rpath.Needed.ToList(), "libm.so.6");
    }

    [TestMethod]
    public void It_reads_the_imports_of_real_PE_files_like_objdump()
    {
        var samples = Directory.EnumerateFiles(SqlitePackage, "e_sqlite3.dll", SearchOption.AllDirectories).ToList();
        Assert.IsTrue(samples.Count >= 3, $"win-x86, win-x64 and win-arm64 builds in {SqlitePackage}");
        foreach (string file in samples)
        {
            var d = NativeDependencyReader.Read(file);
            Assert.AreEqual(NativeFormat.Pe, d.Format, file);
            Assert.IsTrue(d.Needed.Count > 0, file);
            var objdump = ProcessRunner.Run("objdump", ["-p", file]);
            if (objdump.ExitCode == 0)
            {
                var expected = DllNameLine().Matches(objdump.StdOut).Select(m => m.Groups[1].Value).ToList();
                CollectionAssert.AreEqual(expected, d.Needed.Concat(d.DelayNeeded).ToList(), file);
            }
        }
        var host = samples.FirstOrDefault(f => f.EndsWith("x64/testhost.exe", StringComparison.Ordinal));
        if (host is not null)
        {
            var d = NativeDependencyReader.Read(host);
            Assert.AreEqual(("x64", 64, false), (d.Machine, d.Bits, d.IsManaged));
            CollectionAssert.Contains(d.Needed.ToList(), "KERNEL32.dll");
        }
    }

    [TestMethod]
    public void It_reads_imports_and_delay_loaded_imports_of_a_minimal_PE()
    {
        var d = NativeDependencyReader.Read(MinimalPe.Build(is64: true, ["KERNEL32.dll", "USER32.dll"], ["dbghelp.dll"]));
        Assert.AreEqual((NativeFormat.Pe, "x64", 64), (d.Format, d.Machine, d.Bits));
        CollectionAssert.AreEqual(new[] { "KERNEL32.dll", "USER32.dll" }, d.Needed.ToArray());
        CollectionAssert.AreEqual(new[] { "dbghelp.dll" }, d.DelayNeeded.ToArray());
        CollectionAssert.AreEqual(new[] { "KERNEL32.dll", "USER32.dll", "dbghelp.dll" }, d.AllNeeded.ToArray());

        var x86 = NativeDependencyReader.Read(MinimalPe.Build(is64: false, ["msvcrt.dll"], []));
        Assert.AreEqual(("x86", 32), (x86.Machine, x86.Bits));
        CollectionAssert.AreEqual(new[] { "msvcrt.dll" }, x86.Needed.ToArray());
    }

    [TestMethod]
    public void It_recognises_managed_assemblies()
    {
        var d = NativeDependencyReader.Read(typeof(NativeDependencyReader).Assembly.Location);
        Assert.IsTrue(d.IsManaged);
        CollectionAssert.AreEqual(new[] { "mscoree.dll" }, d.Needed.ToArray());
    }

    [TestMethod]
    public void It_answers_unknown_for_other_files()
    {
        Assert.AreEqual(NativeFormat.Unknown, NativeDependencyReader.Read(Encoding.UTF8.GetBytes("#!/bin/sh\necho hi\n")).Format);
        Assert.AreEqual(NativeFormat.Unknown, NativeDependencyReader.Read(Array.Empty<byte>()).Format);
        Assert.AreEqual(NativeFormat.Unknown, NativeDependencyReader.Read(SampleArchives.ModuleArchive()).Format);
        Assert.AreEqual(NativeFormat.Unknown, NativeDependencyReader.DetectFormat("\u007fEL"u8));
        Assert.AreEqual(NativeFormat.Elf, NativeDependencyReader.DetectFormat(File.ReadAllBytes("/bin/ls").AsSpan(0, 4)));
    }

    [DataTestMethod]
    [DataRow("/bin/ls")]
    [DataRow("pe")]
    public void It_throws_only_InvalidNativeFileException_on_damaged_files(string source)
    {
        byte[] original = source == "pe" ? MinimalPe.Build(true, ["KERNEL32.dll", "ADVAPI32.dll"], ["x.dll"]) : File.ReadAllBytes(source);
        var random = new Random(1234);
        int damaged = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] bytes = Mutations.Apply(original, random, headerBias: 4096);
            try
            {
                NativeDependencyReader.Read(bytes);
            }
            catch (InvalidNativeFileException)
            {
                damaged++;
            }
        }
        foreach (int length in new[] { 3, 4, 20, 52, 63, 64, 100, 1000 })
        {
            try
            {
                NativeDependencyReader.Read(original.AsMemory(0, Math.Min(length, original.Length)));
            }
            catch (InvalidNativeFileException)
            {
                damaged++;
            }
        }
        Assert.IsTrue(damaged > 0, "some mutations must be detected");
    }

    /// <summary>Found by fuzzing: two needed versions with one index (vna_other) once threw ArgumentException.</summary>
    [TestMethod]
    public void It_reads_a_file_whose_version_needs_share_an_index()
    {
        byte[] bytes = File.ReadAllBytes("/bin/ls");
        var readelf = ProcessRunner.Run("readelf", ["-V", "--wide", "/bin/ls"]);
        var offset = Regex.Match(readelf.StdOut, @"'\.gnu\.version_r' contains \d+ entries:\s+Addr: 0x[0-9a-f]+\s+Offset: 0x([0-9a-f]+)");
        Assert.IsTrue(offset.Success, readelf.ToString());
        // Verneed: version(2) count(2) file(4) aux(4) next(4); Vernaux: hash(4) flags(2) other(2) name(4) next(4).
        int verneed = Convert.ToInt32(offset.Groups[1].Value, 16);
        while (BitConverter.ToUInt16(bytes, verneed + 2) < 2)
        {
            int next = BitConverter.ToInt32(bytes, verneed + 12);
            Assert.AreNotEqual(0, next, "/bin/ls needs two versions of one library (glibc)");
            verneed += next;
        }
        int first = verneed + BitConverter.ToInt32(bytes, verneed + 8);
        int second = first + BitConverter.ToInt32(bytes, first + 12);
        bytes.AsSpan(first + 6, 2).CopyTo(bytes.AsSpan(second + 6, 2));

        var needs = NativeDependencyReader.Read(bytes).VersionNeeds;
        Assert.IsTrue(needs.Count >= 2, string.Join(", ", needs));
    }

    private void Gcc(params string[] args)
    {
        var result = ProcessRunner.Run("gcc", args, _dir);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
    }

    [GeneratedRegex(@"\((NEEDED|SONAME|RPATH|RUNPATH)\)\s+\S+[^\[]*\[([^\]]*)\]")]
    private static partial Regex ReadElfLine();

    [GeneratedRegex(@"^\s*DLL Name: (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex DllNameLine();
}

/// <summary>A PE file with only what the import readers look at: headers, one section, import tables.</summary>
internal static class MinimalPe
{
    public static byte[] Build(bool is64, string[] imports, string[] delayImports)
    {
        const int peOffset = 0x80;
        const uint sectionRva = 0x1000;
        const int sectionRaw = 0x200;
        int optionalSize = is64 ? 240 : 224;
        var file = new byte[0x800];
        var span = file.AsSpan();
        "MZ"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[0x3C..], peOffset);
        "PE\0\0"u8.CopyTo(span[peOffset..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(peOffset + 4)..], (ushort)(is64 ? 0x8664 : 0x14C));
        BinaryPrimitives.WriteUInt16LittleEndian(span[(peOffset + 6)..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(peOffset + 20)..], (ushort)optionalSize);
        var optional = span.Slice(peOffset + 24, optionalSize);
        BinaryPrimitives.WriteUInt16LittleEndian(optional, (ushort)(is64 ? 0x20B : 0x10B));
        BinaryPrimitives.WriteUInt32LittleEndian(optional[60..], 0x200);
        int directories = is64 ? 112 : 96;
        BinaryPrimitives.WriteUInt32LittleEndian(optional[(directories - 4)..], 16);

        var section = span.Slice(peOffset + 24 + optionalSize, 40);
        ".idata\0\0"u8.CopyTo(section);
        BinaryPrimitives.WriteUInt32LittleEndian(section[8..], 0x600);
        BinaryPrimitives.WriteUInt32LittleEndian(section[12..], sectionRva);
        BinaryPrimitives.WriteUInt32LittleEndian(section[16..], 0x600);
        BinaryPrimitives.WriteUInt32LittleEndian(section[20..], sectionRaw);

        // Layout inside the section: import descriptors at 0, delay descriptors at 0x100, names from 0x200.
        int names = 0x200;
        int Name(string name)
        {
            int at = names;
            Encoding.ASCII.GetBytes(name).CopyTo(file, sectionRaw + at);
            names += name.Length + 1;
            return at;
        }
        for (int i = 0; i < imports.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(sectionRaw + i * 20 + 12)..], sectionRva + (uint)Name(imports[i]));
            BinaryPrimitives.WriteUInt32LittleEndian(span[(sectionRaw + i * 20 + 16)..], sectionRva + 0x5F0);
        }
        for (int i = 0; i < delayImports.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(sectionRaw + 0x100 + i * 32)..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(sectionRaw + 0x100 + i * 32 + 4)..], sectionRva + (uint)Name(delayImports[i]));
        }
        BinaryPrimitives.WriteUInt32LittleEndian(optional[(directories + 8)..], sectionRva);
        BinaryPrimitives.WriteUInt32LittleEndian(optional[(directories + 12)..], (uint)(imports.Length + 1) * 20);
        if (delayImports.Length > 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(optional[(directories + 13 * 8)..], sectionRva + 0x100);
            BinaryPrimitives.WriteUInt32LittleEndian(optional[(directories + 13 * 8 + 4)..], (uint)(delayImports.Length + 1) * 32);
        }
        return file;
    }
}
