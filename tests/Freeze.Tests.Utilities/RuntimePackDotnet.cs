namespace Freeze.Tests;

/// <summary>
/// A DOTNET_ROOT for another RID (host/fxr and shared/Microsoft.NETCore.App) laid out from the runtime pack of this
/// machine's .NET version, which a PackageDownload restores into the NuGet cache: framework-dependent apps frozen for
/// linux-arm64 run on it under qemu-user, those for win-x64 under wine. Made once per machine, under the temp folder.
/// </summary>
public static class RuntimePackDotnet
{
    /// <param name="rid">the runtime identifier of the pack, e.g. win-x64</param>
    /// <param name="hostfxr">the pack's hostfxr file name (libhostfxr.so, hostfxr.dll)</param>
    /// <param name="coreclr">the pack's coreclr file name, whose presence says the layout is complete</param>
    public static string Make(string rid, string hostfxr, string coreclr)
    {
        string version = Path.GetFileName(Path.TrimEndingDirectorySeparator(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory()));
        string root = Path.Combine(Path.GetTempPath(), $"frz-{rid}-dotnet-{version}");
        if (File.Exists(Path.Combine(root, "shared", "Microsoft.NETCore.App", version, coreclr)))
        {
            return root;
        }
        string restore = Directory.CreateTempSubdirectory($"frz-{rid}-pack-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(restore, "pack.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup><PackageDownload Include="Microsoft.NETCore.App.Runtime.{rid}" Version="[{version}]" /></ItemGroup>
                </Project>
                """);
            var restored = ProcessRunner.Run("dotnet", ["restore", restore, "-nologo"], restore);
            Assert.AreEqual(0, restored.ExitCode, restored.ToString());
            var locals = ProcessRunner.Run("dotnet", ["nuget", "locals", "global-packages", "--list"], restore);
            string packages = locals.StdOut.Trim()[(locals.StdOut.Trim().IndexOf(':') + 1)..].Trim();
            string pack = Path.Combine(packages, $"microsoft.netcore.app.runtime.{rid}", version, "runtimes", rid);
            // Laid out beside the final folder and moved into place: a test killed half-way leaves no half root.
            string staging = root + $".{Environment.ProcessId}.tmp";
            Directory.CreateDirectory(Path.Combine(staging, "host", "fxr", version));
            File.Copy(Path.Combine(pack, "native", hostfxr), Path.Combine(staging, "host", "fxr", version, hostfxr), true);
            string stagingShared = Path.Combine(staging, "shared", "Microsoft.NETCore.App", version);
            Directory.CreateDirectory(stagingShared);
            foreach (string file in Directory.EnumerateFiles(Path.Combine(pack, "lib", "net10.0")).Concat(Directory.EnumerateFiles(Path.Combine(pack, "native"))))
            {
                File.Copy(file, Path.Combine(stagingShared, Path.GetFileName(file)), true);
            }
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
            Directory.Move(staging, root);
            return root;
        }
        finally
        {
            Directory.Delete(restore, recursive: true);
        }
    }
}
