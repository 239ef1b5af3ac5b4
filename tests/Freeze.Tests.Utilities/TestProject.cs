namespace Freeze.Tests;

/// <summary>
/// A copy of a testassets/ app in its own temporary root, with a nuget.config that adds the freshly
/// packed Freeze.Sdk and a global.json that pins it as an MSBuild SDK, as a user would have.
/// </summary>
public sealed class TestProject : IDisposable
{
    private TestProject(string root, string name)
    {
        Root = root;
        Name = name;
        Directory = Path.Combine(root, name);
        PublishDir = Path.Combine(root, "publish");
        TempDir = Path.Combine(root, "tmp");
        System.IO.Directory.CreateDirectory(TempDir);
    }

    public string Root { get; }
    public string Name { get; }
    public string Directory { get; }
    public string PublishDir { get; }

    /// <summary>TMPDIR of every frozen app this test runs, so the test can see what it leaves behind.</summary>
    public string TempDir { get; }

    public string Executable => Path.Combine(PublishDir, Name);

    /// <param name="with">Other testassets the project refers to (project references), copied beside it.</param>
    public static TestProject Copy(string asset, string[]? with = null, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        string root = System.IO.Directory.CreateTempSubdirectory($"frz-{test[..Math.Min(test.Length, 40)]}-").FullName;
        string version = Repo.PackageVersion;
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="freeze-local" value="{Repo.Packages}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(root, "global.json"), $$"""
            { "msbuild-sdks": { "Freeze.Sdk": "{{version}}" } }
            """);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup><FreezeSdkVersion>{version}</FreezeSdkVersion></PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />");
        foreach (string name in (with ?? []).Append(asset))
        {
            CopyDirectory(Path.Combine(Repo.Root, "testassets", name), Path.Combine(root, name));
        }
        return new TestProject(root, asset);
    }

    /// <summary>The publish arguments of a frozen linux-x64 app: <c>-r linux-x64 -p:FreezeMode=… --self-contained=…</c> and more.</summary>
    public static string[] FreezeArguments(string mode, bool selfContained = false, params string[] more) =>
        ["-r", "linux-x64", $"-p:FreezeMode={mode}", $"--self-contained={(selfContained ? "true" : "false")}", .. more];

    public ProcessResult Publish(params string[] properties) => PublishWith(new Dictionary<string, string?>(), properties);

    /// <summary>Publishes with more environment variables (SOURCE_DATE_EPOCH).</summary>
    public ProcessResult PublishWith(IDictionary<string, string?> environment, params string[] properties)
    {
        var arguments = new List<string> { "publish", Directory, "-c", "Release", "-o", PublishDir, "-nologo", $"-bl:{Path.Combine(Root, "publish.binlog")}" };
        arguments.AddRange(properties);
        return ProcessRunner.Run("dotnet", arguments, Root, new Dictionary<string, string?>(environment)
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        });
    }

    public ProcessResult PublishSucceeds(params string[] properties)
    {
        var result = Publish(properties);
        Assert.AreEqual(0, result.ExitCode, $"publish failed\n{result}");
        return result;
    }

    public ProcessResult Run(params string[] arguments) => RunWith(new Dictionary<string, string?>(), arguments);

    public ProcessResult RunWith(IDictionary<string, string?> environment, params string[] arguments)
    {
        var env = new Dictionary<string, string?>(environment) { ["TMPDIR"] = TempDir };
        foreach (string key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("_FREEZE_", StringComparison.Ordinal)))
        {
            env[key] = null;
        }
        return ProcessRunner.Run(Executable, arguments, Root, env, TimeSpan.FromMinutes(2));
    }

    public string[] PublishedFiles() =>
        System.IO.Directory.EnumerateFiles(PublishDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(PublishDir, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public string[] ExtractionFoldersLeft() =>
        System.IO.Directory.EnumerateDirectories(TempDir, "_FRZ*").ToArray();

    private static void CopyDirectory(string source, string destination)
    {
        foreach (string file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"))
            {
                continue;
            }
            string target = Path.Combine(destination, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("FREEZE_KEEP_TEST_ROOTS") != "1")
        {
            try
            {
                System.IO.Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
