using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Freeze.Archive;

namespace Freeze.UnitTests;

/// <summary>
/// The bootloader's headers say exactly what FreezeContract and the format classes say: every name
/// and number that crosses between C, the build and the app has one definition, and a drift on
/// either side fails here.
/// </summary>
[TestClass]
public sealed partial class ContractTests
{
    private static readonly string[] SharedPrefixes =
        ["FRZ_OPTION_", "FRZ_VALUE_", "FRZ_PROPERTY_", "FRZ_ENV_", "FRZ_LEVEL_", "FRZ_EXIT_", "FRZ_TYPE_", "FRZ_WORKER_", "FRZ_SPLASH_"];

    private static readonly Dictionary<string, string> Macros = ReadMacros();

    [TestMethod]
    public void It_has_every_shared_name_once_with_the_same_value_in_C()
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["FRZ_WORKER_SWITCH"] = FreezeContract.WorkerSwitch,
        };
        foreach (var (group, prefix) in new[]
        {
            (typeof(FreezeContract.Option), "FRZ_OPTION_"),
            (typeof(FreezeContract.Value), "FRZ_VALUE_"),
            (typeof(FreezeContract.Property), "FRZ_PROPERTY_"),
            (typeof(FreezeContract.Env), "FRZ_ENV_"),
            (typeof(FreezeContract.Level), "FRZ_LEVEL_"),
            (typeof(FreezeContract.Exit), "FRZ_EXIT_"),
            (typeof(FreezeContract.Splash), "FRZ_SPLASH_"),
        })
        {
            foreach (var field in group.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                expected[prefix + Normal(field.Name)] = Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture)!;
            }
            foreach (string macro in Macros.Keys.Where(m => m.StartsWith(prefix, StringComparison.Ordinal)))
            {
                Assert.IsTrue(expected.ContainsKey(prefix + Normal(macro[prefix.Length..])), $"{macro} is in the C headers but not in {group.FullName}");
            }
        }
        var byNormalName = Macros.ToDictionary(m => NormalMacro(m.Key), m => m.Value, StringComparer.Ordinal);
        foreach (var (macro, value) in expected)
        {
            Assert.IsTrue(byNormalName.TryGetValue(macro, out string? actual), $"{macro} is missing from the C headers");
            Assert.AreEqual(value, actual, macro);
        }
    }

    private static string NormalMacro(string macro)
    {
        string? prefix = SharedPrefixes.FirstOrDefault(p => macro.StartsWith(p, StringComparison.Ordinal));
        return prefix is null ? macro : prefix + Normal(macro[prefix.Length..]);
    }

    [TestMethod]
    public void It_has_the_same_formats_in_C_and_CSharp()
    {
        var expected = new Dictionary<string, string>
        {
            ["FRZ_TYPE_ASSEMBLY"] = PackageTypeCode.Assembly.ToString(),
            ["FRZ_TYPE_BINARY"] = PackageTypeCode.Binary.ToString(),
            ["FRZ_TYPE_DATA"] = PackageTypeCode.Data.ToString(),
            ["FRZ_TYPE_MODULE_ARCHIVE"] = PackageTypeCode.ModuleArchive.ToString(),
            ["FRZ_TYPE_OPTION"] = PackageTypeCode.Option.ToString(),
            ["FRZ_TYPE_SYMLINK"] = PackageTypeCode.Symlink.ToString(),
            ["FRZ_COMPRESSION_STORED"] = ((int)MemberCompression.Stored).ToString(CultureInfo.InvariantCulture),
            ["FRZ_COMPRESSION_ZLIB"] = ((int)MemberCompression.Zlib).ToString(CultureInfo.InvariantCulture),
            ["FRZ_COMPRESSION_ZSTD"] = ((int)MemberCompression.Zstd).ToString(CultureInfo.InvariantCulture),
            ["FRZ_COOKIE_SIZE"] = PackageFormat.CookieSize.ToString(CultureInfo.InvariantCulture),
            ["FRZ_TOC_ENTRY_HEADER_SIZE"] = PackageFormat.EntryHeaderSize.ToString(CultureInfo.InvariantCulture),
            ["FRZ_PACKAGE_MAJOR_VERSION"] = PackageFormat.MajorVersion.ToString(CultureInfo.InvariantCulture),
            ["FRZ_PACKAGE_MIN_MINOR_VERSION"] = PackageFormat.MinorVersion.ToString(CultureInfo.InvariantCulture),
            ["FRZ_COOKIE_CRC_OFFSET"] = PackageCookie.TocCrc32Offset.ToString(CultureInfo.InvariantCulture),
            ["FRZ_MODULES_MAJOR_VERSION"] = ModuleArchiveFormat.MajorVersion.ToString(CultureInfo.InvariantCulture),
            ["FRZ_MODULES_HEADER_SIZE"] = ModuleArchiveFormat.HeaderSize.ToString(CultureInfo.InvariantCulture),
            ["FRZ_MODULES_INDEX_ENTRY_SIZE"] = ModuleArchiveFormat.IndexEntrySize.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (macro, value) in expected)
        {
            Assert.IsTrue(Macros.TryGetValue(macro, out string? actual), $"{macro} is missing from the C headers");
            Assert.AreEqual(value, actual, macro);
        }
        CollectionAssert.AreEquivalent(
            Macros.Keys.Where(m => m.StartsWith("FRZ_TYPE_", StringComparison.Ordinal)).ToArray(),
            expected.Keys.Where(m => m.StartsWith("FRZ_TYPE_", StringComparison.Ordinal)).ToArray(),
            "both sides know the same typecodes");
        CollectionAssert.AreEquivalent(
            Macros.Keys.Where(m => m.StartsWith("FRZ_COMPRESSION_", StringComparison.Ordinal)).ToArray(),
            Enum.GetNames<MemberCompression>().Select(n => "FRZ_COMPRESSION_" + n.ToUpperInvariant()).ToArray(),
            "both sides know the same compression methods");
    }

    [TestMethod]
    public void It_documents_every_option_and_environment_variable()
    {
        string formats = File.ReadAllText(Path.Combine(Repo.Root, "docs", "formats.md"));
        foreach (var field in typeof(FreezeContract.Option).GetFields().Where(f => f.Name != nameof(FreezeContract.Option.PropertyPrefix)))
        {
            StringAssert.Contains(formats, $"`{field.GetRawConstantValue()}=", $"docs/formats.md lists the option {field.Name}");
        }
        string bootloader = File.ReadAllText(Path.Combine(Repo.Root, "docs", "bootloader.md"));
        string runtime = File.ReadAllText(Path.Combine(Repo.Root, "docs", "runtime.md"));
        foreach (var field in typeof(FreezeContract.Env).GetFields())
        {
            string name = (string)field.GetRawConstantValue()!;
            Assert.IsTrue(bootloader.Contains($"`{name}", StringComparison.Ordinal) || runtime.Contains($"`{name}", StringComparison.Ordinal),
                $"docs/bootloader.md or docs/runtime.md documents {name}");
        }
    }

    [TestMethod]
    public void It_has_every_FRZ_code_in_the_catalogue_once()
    {
        Assert.AreEqual(FreezeDiagnostics.All.Count, FreezeDiagnostics.All.Select(d => d.Code).Distinct().Count(), "a code names one diagnostic");
        string src = Path.Combine(Repo.Root, "src");
        var sources = Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetExtension(f) is ".cs" or ".c" or ".h" or ".targets" or ".props");
        foreach (string file in sources)
        {
            string relative = Path.GetRelativePath(Repo.Root, file);
            foreach (Match code in FrzCode().Matches(File.ReadAllText(file)))
            {
                Assert.IsNotNull(FreezeDiagnostics.Find(code.Value), $"{relative} uses {code.Value}, which the catalogue lacks");
                Assert.IsTrue(Path.GetExtension(file) is ".c" or ".h" || file.EndsWith("Diagnostics.cs", StringComparison.Ordinal) || IsComment(File.ReadAllText(file), code.Index)
                    || IsCatalogueError(File.ReadAllText(file), code),
                    $"{relative} spells out {code.Value}: use FreezeDiagnostics");
            }
        }
    }

    /// <summary>An MSBuild Error with the code whose text is the catalogue's, its arguments given as properties: the
    /// one place a code is spelled out in targets, where no task of Freeze can run yet.</summary>
    private static bool IsCatalogueError(string text, Match code)
    {
        if (code.Index < 6 || text.Substring(code.Index - 6, 6) != "Code=\"")
        {
            return false;
        }
        var element = System.Xml.Linq.XDocument.Parse(text).Descendants()
            .Single(e => e.Name.LocalName is "Error" or "Warning" && (string?)e.Attribute("Code") == code.Value);
        int argument = 0;
        string format = Regex.Replace((string)element.Attribute("Text")!, @"\$\([A-Za-z_]+\)", _ => $"{{{argument++}}}");
        Assert.AreEqual(FreezeDiagnostics.Find(code.Value)!.Text, format, $"the targets' {code.Value} text is the catalogue's");
        return true;
    }

    [TestMethod]
    public void It_has_the_bootloader_codes_of_the_C_headers_in_the_catalogue()
    {
        var inC = Macros.Where(m => m.Key.StartsWith("FRZ_CODE_", StringComparison.Ordinal)).Select(m => m.Value).Order(StringComparer.Ordinal).ToArray();
        var run = FreezeDiagnostics.All.Where(d => d.Stage == FreezeStage.Bootloader && (d.ExitCode is not null || d.Severity == FreezeSeverity.Warning)).Select(d => d.Code).ToArray();
        CollectionAssert.AreEqual(run, inC, "the codes the bootloader prints are the catalogue's run-time ones");
        foreach (var diagnostic in FreezeDiagnostics.All.Where(d => d.ExitCode is not null))
        {
            CollectionAssert.Contains(typeof(FreezeContract.Exit).GetFields().Select(f => (int)f.GetRawConstantValue()!).ToArray(), diagnostic.ExitCode, diagnostic.Code);
        }
        Assert.IsTrue(FreezeDiagnostics.All.Where(d => d.Stage is FreezeStage.Configuration or FreezeStage.Analysis).All(d => d.Text is not null), "every build code has its text");
    }

    [TestMethod]
    public void It_documents_every_code_as_the_catalogue_says()
    {
        string path = Path.Combine(Repo.Root, "docs", "diagnostics.md");
        string docs = File.ReadAllText(path);
        const string begin = "<!-- BEGIN generated from FreezeDiagnostics -->\n";
        const string end = "<!-- END generated from FreezeDiagnostics -->";
        int from = docs.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        int to = docs.IndexOf(end, StringComparison.Ordinal);
        Assert.IsTrue(from >= begin.Length && to >= from, "docs/diagnostics.md has the generated section");
        string expected = FreezeDiagnostics.ToMarkdown();
        if (System.Environment.GetEnvironmentVariable("FREEZE_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, docs[..from] + expected + docs[to..]);
            return;
        }
        Assert.AreEqual(expected, docs[from..to], "docs/diagnostics.md is out of date: run FREEZE_UPDATE_DOCS=1 eng/test.sh --fast");
    }

    private static bool IsComment(string text, int index)
    {
        int lineStart = text.LastIndexOf('\n', index) + 1;
        string before = text[lineStart..index].TrimStart();
        return before.StartsWith("//", StringComparison.Ordinal) || before.StartsWith("///", StringComparison.Ordinal) || before.StartsWith("<!--", StringComparison.Ordinal) || before.StartsWith('*');
    }

    [GeneratedRegex(@"FRZ[0-9]{4}")]
    private static partial Regex FrzCode();

    /// <summary>#define NAME "text" | 'c' | number, from the bootloader's headers.</summary>
    private static Dictionary<string, string> ReadMacros()
    {
        var macros = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string header in Directory.EnumerateFiles(Path.Combine(Repo.Root, "src", "bootloader"), "*.h"))
        {
            foreach (Match match in Define().Matches(File.ReadAllText(header)))
            {
                string raw = match.Groups["value"].Value.Trim();
                string value = raw.StartsWith('"') ? raw.Trim('"').Replace("\\r", "\r").Replace("\\n", "\n")
                    : raw.StartsWith('\'') ? raw.Trim('\'')
                    : raw;
                string name = match.Groups["name"].Value;
                // Per-architecture values (frz_glibc.h) are defined once per #if branch; shared names are not.
                Assert.IsTrue(macros.TryAdd(name, value) || !SharedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)), $"{name} is defined twice");
            }
        }
        return macros;
    }

    /// <summary>OneFile and ONEFILE, RuntimeTmpdir and RUNTIME_TMPDIR: the same word in both languages.</summary>
    private static string Normal(string name) => name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    [GeneratedRegex(@"^#define (?<name>FRZ_[A-Z0-9_]+) (?<value>""[^""]*""|'.'|\d+)(?:\s|$)", RegexOptions.Multiline)]
    private static partial Regex Define();
}
