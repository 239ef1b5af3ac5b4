using System.Reflection;
using System.Runtime.Loader;

namespace Freeze.IntegrationTests;

/// <summary>
/// Visual Studio builds with MSBuild on .NET Framework (MSBuildRuntimeType Full), which cannot load the .NET task
/// assembly. The targets then ask for Runtime="NET" and the TaskHostFactory, which MSBuild 18 honours by running
/// the tasks in a .NET task host process, and stop older versions with FRZ0014. MSBuildRuntimeType and
/// MSBuildVersion are reserved, so the tests set the private properties the targets derive from them; the .NET
/// MSBuild here honours Runtime="NET" with the TaskHostFactory the same way.
/// </summary>
[TestClass]
public sealed class GivenThatWeWantToPublishFromVisualStudio
{
    [TestMethod]
    public void It_runs_every_task_in_a_dotnet_task_host_under_a_NET_Framework_MSBuild()
    {
        using var project = TestProject.Copy("NuGetApp");
        var publish = project.PublishSucceeds([.. TestProject.FreezeArguments("OneFile"), "-p:_FreezeMSBuildRuntimeType=Full", "-p:_FreezeMSBuildVersion=18.0.5", "-v:d"]);

        foreach (string task in new[] { "CheckFreezeSettings", "ComputeFreezeToc", "GenerateFreezeExecutable", "WriteFreezeReport" })
        {
            StringAssert.Contains(publish.StdOut, $"Launching task \"{task}\" from assembly", task);
        }
        Assert.AreEqual(4, publish.StdOut.Split('\n').Count(l => l.Contains("in an external task host with a runtime of \"NET\"", StringComparison.Ordinal)), publish.StdOut);

        var result = project.Run("a");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "newtonsoft.location=[]");
    }

    [TestMethod]
    public void It_loads_the_tasks_in_process_under_the_dotnet_MSBuild()
    {
        using var project = TestProject.Copy("HelloWorld");
        var publish = project.PublishSucceeds([.. TestProject.FreezeArguments("OneDir"), "-v:d"]);
        Assert.IsFalse(publish.StdOut.Contains("external task host", StringComparison.Ordinal), "no task host for dotnet publish");
    }

    [TestMethod]
    public void It_stops_an_older_Visual_Studio_with_FRZ0014_before_any_task()
    {
        using var project = TestProject.Copy("HelloWorld");
        var publish = project.Publish([.. TestProject.FreezeArguments("OneFile"), "-p:_FreezeMSBuildRuntimeType=Full", "-p:_FreezeMSBuildVersion=17.14.8"]);

        Assert.AreNotEqual(0, publish.ExitCode, publish.ToString());
        StringAssert.Contains(publish.StdOut, "error FRZ0014: Freeze.Sdk's build tasks are .NET assemblies, which this .NET Framework MSBuild (17.14.8) cannot run. Publish from Visual Studio 2026 (MSBuild 18) or newer");
        Assert.AreEqual(1, publish.StdOut.Split('\n').Count(l => l.Contains("error ", StringComparison.Ordinal)), "the one error, no task failing to load");
        Assert.IsFalse(File.Exists(project.Executable), "nothing is published");
    }

    /// <summary>A task host loads the task assembly on its own: every assembly it refers to, however deep, must be in
    /// the package's tools folder, be MSBuild's, or be part of .NET.</summary>
    [TestMethod]
    public void It_resolves_every_dependency_of_the_task_assembly_from_the_package_alone()
    {
        string tools = Path.Combine(Repo.Artifacts, "obj", "tasks");
        string msbuild = MSBuildDirectory();
        var context = new AssemblyLoadContext("freeze-tasks", isCollectible: true);
        context.Resolving += (ctx, name) =>
        {
            foreach (string folder in new[] { tools, msbuild })
            {
                string candidate = Path.Combine(folder, name.Name + ".dll");
                if (File.Exists(candidate))
                {
                    return ctx.LoadFromAssemblyPath(candidate);
                }
            }
            return null;
        };
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Queue<Assembly>([context.LoadFromAssemblyPath(Path.Combine(tools, "Freeze.Sdk.Tasks.dll"))]);
            var unresolved = new List<string>();
            while (pending.TryDequeue(out var assembly))
            {
                foreach (var reference in assembly.GetReferencedAssemblies())
                {
                    if (!seen.Add(reference.FullName))
                    {
                        continue;
                    }
                    try
                    {
                        pending.Enqueue(context.LoadFromAssemblyName(reference));
                    }
                    catch (FileNotFoundException)
                    {
                        unresolved.Add($"{reference.FullName} (referenced by {assembly.GetName().Name})");
                    }
                }
            }
            Assert.AreEqual("", string.Join("\n", unresolved));
            var tasks = context.Assemblies.Single(a => a.GetName().Name == "Freeze.Sdk.Tasks").GetTypes()
                .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.FullName == "Microsoft.Build.Framework.ITask")).ToList();
            CollectionAssert.IsSubsetOf(new[] { "CheckFreezeSettings", "ComputeFreezeToc", "GenerateFreezeExecutable", "WriteFreezeReport" }, tasks.Select(t => t.Name).ToArray());
            foreach (var task in tasks)
            {
                Assert.IsNotNull(Activator.CreateInstance(task), task.Name);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static string MSBuildDirectory()
    {
        var version = ProcessRunner.Run("dotnet", ["--version"], Repo.Root);
        Assert.AreEqual(0, version.ExitCode, version.ToString());
        string dotnetRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string sdk = Path.Combine(dotnetRoot, "sdk", version.StdOut.Trim());
        Assert.IsTrue(File.Exists(Path.Combine(sdk, "Microsoft.Build.Framework.dll")), sdk);
        return sdk;
    }
}
