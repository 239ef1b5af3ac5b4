using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Freeze.UnitTests;

/// <summary>The PE files the Windows resource tests work on: the SDK's apphost.exe, a small mingw program, a compiled app, an .ico.</summary>
internal static class WindowsTestFiles
{
    public static string AppHost { get; } = typeof(WindowsTestFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "WindowsAppHost").Value!;

    public const string MingwGcc = "x86_64-w64-mingw32-gcc";

    public const string MingwManifest = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
          <application xmlns="urn:schemas-microsoft-com:asm.v3"><windowsSettings><activeCodePage xmlns="http://schemas.microsoft.com/SMI/2019/WindowsSettings">UTF-8</activeCodePage></windowsSettings></application>
        </assembly>
        """;

    /// <summary>A console program that prints a line and exits with 3; with <paramref name="resources"/> a manifest and a version resource of its own, as a bootloader built by mingw may have.</summary>
    public static string MingwProgram(string dir, bool resources)
    {
        string source = Path.Combine(dir, "hello.c");
        File.WriteAllText(source, "#include <stdio.h>\nint main(void) { puts(\"hello from mingw\"); return 3; }\n");
        var objects = new List<string> { source };
        if (resources)
        {
            File.WriteAllText(Path.Combine(dir, "app.manifest"), MingwManifest);
            File.WriteAllText(Path.Combine(dir, "app.rc"), """
                1 24 "app.manifest"
                1 VERSIONINFO
                FILEVERSION 9,9,9,9
                BEGIN
                  BLOCK "StringFileInfo"
                  BEGIN
                    BLOCK "040904B0"
                    BEGIN
                      VALUE "FileDescription", "bootloader"
                    END
                  END
                END
                """);
            Run("x86_64-w64-mingw32-windres", dir, "app.rc", "-O", "coff", "-o", "app.res.o");
            objects.Add(Path.Combine(dir, "app.res.o"));
        }
        string exe = Path.Combine(dir, resources ? "hello-rc.exe" : "hello.exe");
        Run(MingwGcc, dir, [.. objects, "-O2", "-s", "-o", exe]);
        return exe;
    }

    /// <summary>
    /// A program that reads its own resources through the Windows API, as Explorer and the shell do: the version
    /// strings (GetFileVersionInfo), the icon (the group's best image, made into an HICON), and a resource by a
    /// name in other case (FindResource).
    /// </summary>
    public static string MingwResourceProbe(string dir)
    {
        string source = Path.Combine(dir, "probe.c");
        File.WriteAllText(source, """
            #include <windows.h>
            #include <stdio.h>
            #include <stdlib.h>

            static BOOL CALLBACK first_name(HMODULE module, LPCWSTR type, LPWSTR name, LONG_PTR found)
            {
                (void)module; (void)type;
                *(LPCWSTR *)found = IS_INTRESOURCE(name) ? name : _wcsdup(name);
                return FALSE;
            }

            int main(void)
            {
                wchar_t path[MAX_PATH];
                GetModuleFileNameW(NULL, path, MAX_PATH);
                DWORD handle = 0, size = GetFileVersionInfoSizeW(path, &handle);
                void *info = malloc(size);
                wchar_t *text;
                VS_FIXEDFILEINFO *fixed;
                UINT length;
                if (size && GetFileVersionInfoW(path, 0, size, info)
                    && VerQueryValueW(info, L"\\StringFileInfo\\000004b0\\CompanyName", (void **)&text, &length)
                    && VerQueryValueW(info, L"\\", (void **)&fixed, &length))
                {
                    printf("company=%ls version=%lu.%lu.%lu.%lu\n", text,
                           (unsigned long)HIWORD(fixed->dwFileVersionMS), (unsigned long)LOWORD(fixed->dwFileVersionMS),
                           (unsigned long)HIWORD(fixed->dwFileVersionLS), (unsigned long)LOWORD(fixed->dwFileVersionLS));
                }
                HMODULE self = GetModuleHandleW(NULL);
                LPCWSTR group = NULL;
                EnumResourceNamesW(self, (LPCWSTR)RT_GROUP_ICON, first_name, (LONG_PTR)&group);
                HRSRC found = group ? FindResourceW(self, group, (LPCWSTR)RT_GROUP_ICON) : NULL;
                if (found)
                {
                    int id = LookupIconIdFromDirectoryEx((PBYTE)LockResource(LoadResource(self, found)), TRUE, 32, 32, LR_DEFAULTCOLOR);
                    HRSRC image = FindResourceW(self, MAKEINTRESOURCEW(id), (LPCWSTR)RT_ICON);
                    HICON icon = image ? CreateIconFromResourceEx((PBYTE)LockResource(LoadResource(self, image)), SizeofResource(self, image), TRUE, 0x00030000, 32, 32, LR_DEFAULTCOLOR) : NULL;
                    printf("icon=%d bytes=%lu made=%s\n", id, image ? (unsigned long)SizeofResource(self, image) : 0UL, icon ? "yes" : "no");
                }
                HRSRC named = FindResourceW(self, L"hello", L"mydata");
                printf("named=%lu\n", named ? (unsigned long)SizeofResource(self, named) : 0UL);
                return 0;
            }
            """);
        string exe = Path.Combine(dir, "probe.exe");
        Run(MingwGcc, dir, source, "-O2", "-s", "-o", exe, "-lversion");
        return exe;
    }

    private static void Run(string tool, string dir, params string[] arguments)
    {
        ProcessResult result;
        try
        {
            result = ProcessRunner.Run(tool, arguments, dir, timeout: TimeSpan.FromMinutes(2));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"{tool} is missing: install gcc-mingw-w64-x86-64 (eng/pack.sh does).");
            throw;
        }
        Assert.AreEqual(0, result.ExitCode, result.ToString());
    }

    /// <summary>An app compiled the way the SDK's Csc task compiles it: the version resource from the assembly attributes, ApplicationIcon as Win32Icon, the default manifest.</summary>
    public static string CompileApp(string dir, byte[]? icon)
    {
        var syntax = CSharpSyntaxTree.ParseText("""
            using System.Reflection;
            [assembly: AssemblyVersion("1.2.3.4")]
            [assembly: AssemblyFileVersion("1.2.3.5")]
            [assembly: AssemblyInformationalVersion("1.2.3-beta+abc")]
            [assembly: AssemblyCompany("Contoso Ltd.")]
            [assembly: AssemblyProduct("Contoso Frozen")]
            [assembly: AssemblyCopyright("© Contoso 2026")]
            [assembly: AssemblyTitle("The frozen app")]
            [assembly: AssemblyDescription("An app that Freeze.Sdk froze")]
            public static class Program { public static int Main() => 0; }
            """);
        var references = new[] { typeof(object), typeof(Console) }.Select(t => MetadataReference.CreateFromFile(t.Assembly.Location))
            .Append(MetadataReference.CreateFromFile(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll")));
        var compilation = CSharpCompilation.Create("FrozenApp", [syntax], references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, deterministic: true, moduleName: "FrozenApp.dll"));
        using var iconStream = icon is null ? null : new MemoryStream(icon);
        using var resources = compilation.CreateDefaultWin32Resources(versionResource: true, noManifest: false, manifestContents: null, iconInIcoFormat: iconStream);
        string path = Path.Combine(dir, "FrozenApp.dll");
        using (var output = File.Create(path))
        {
            var result = compilation.Emit(output, win32Resources: resources);
            Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        }
        return path;
    }
}
