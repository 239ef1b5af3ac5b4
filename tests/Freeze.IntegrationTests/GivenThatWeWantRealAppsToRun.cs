using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Freeze.IntegrationTests;

/// <summary>
/// The kinds of apps people ship, frozen and run as a user runs them: the OneFile executable copied
/// alone into an empty folder and started from another folder; OneDir folders likewise. Web apps
/// are checked with real HTTP requests over 127.0.0.1.
/// </summary>
[TestClass]
public sealed class GivenThatWeWantRealAppsToRun
{
    public static IEnumerable<object[]> Modes =>
    [
        ["OneFile", true],
        ["OneFile", false],
        ["OneDir", false],
    ];

    [DataTestMethod]
    [DynamicData(nameof(Modes))]
    public void It_runs_a_tool_whose_Program_names_package_types(string mode, bool selfContained)
    {
        using var project = TestProject.Copy("TypedProgramApp");
        var publish = project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));
        StringAssert.Contains(publish.StdOut, "FRZ0009", "the project's PublishSingleFile=true steps aside, saying so");
        using var app = FrozenAppCopy.Of(project, mode);

        var result = app.Run("--compact", "b");
        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "format=None fallback=None\n");
        StringAssert.Contains(result.StdOut, "json={\"name\":\"typed\",\"args\":[\"--compact\",\"b\"]}\n");
        StringAssert.Contains(result.StdOut, "base=Newtonsoft.Json.Converters.StringEnumConverter\n");
        StringAssert.Contains(result.StdOut, "attribute=1\n");
        Assert.AreEqual("", result.StdErr);
        Assert.AreEqual(0, app.ExtractionFoldersLeft().Length);
    }

    [TestMethod]
    public void It_refuses_PublishSingleFile_and_FreezeMode_both_on_the_command_line()
    {
        using var project = TestProject.Copy("TypedProgramApp");
        var result = project.Publish([.. TestProject.FreezeArguments("OneFile"), "-p:PublishSingleFile=true"]);
        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.StdOut, "error FRZ0005");
    }

    [DataTestMethod]
    [DynamicData(nameof(Modes))]
    public void It_serves_a_Razor_Pages_app_with_its_settings_and_static_web_assets_from_any_folder(string mode, bool selfContained)
    {
        using var project = TestProject.Copy("WebApp", ["WebParts"]);
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));
        if (mode == "OneFile")
        {
            CollectionAssert.AreEqual(new[] { "WebApp" }, project.PublishedFiles(), "a web app is one file too");
        }
        using var app = FrozenAppCopy.Of(project, mode);

        string home;
        using (var server = app.StartServer())
        {
            Assert.AreEqual("healthy", server.GetString("/health"));
            string page = server.GetString("/");
            StringAssert.Contains(page, "<p id=\"greeting\">Hello from appsettings.json</p>");

            var info = JsonDocument.Parse(server.GetString("/info")).RootElement;
            home = info.GetProperty("contentRoot").GetString()!;
            Assert.AreEqual("Production", info.GetProperty("environment").GetString());
            Assert.AreEqual("appsettings.Production.json", info.GetProperty("environmentFile").GetString());
            Assert.AreEqual(app.WorkingDirectory, info.GetProperty("currentDirectory").GetString());
            Assert.AreEqual(Path.Combine(home, "wwwroot"), info.GetProperty("webRoot").GetString());
            if (mode == "OneFile")
            {
                StringAssert.StartsWith(home, Path.Combine(app.TempDir, "_FRZ"), "the content root is the unpacked folder");
            }
            else
            {
                Assert.AreEqual(Path.GetDirectoryName(app.Executable), home.TrimEnd('/'), "the content root is the app's folder");
            }

            // MapStaticAssets: the page links fingerprinted URLs of the bundled assets, with compressed variants.
            string css = Regex.Match(page, "href=\"(/css/site\\.[a-z0-9]+\\.css)\"").Groups[1].Value;
            Assert.AreNotEqual("", css, page);
            StringAssert.Contains(server.GetString(css), "site.css of the frozen WebApp");
            using (var gzip = server.Get(css, ("Accept-Encoding", "gzip")))
            {
                Assert.AreEqual(HttpStatusCode.OK, gzip.StatusCode);
                CollectionAssert.Contains(gzip.Content.Headers.ContentEncoding.ToList(), "gzip", "the .gz variant comes from the bundle");
            }
            StringAssert.Contains(server.GetString("/WebApp.styles.css"), ".banner[b-", "the scoped CSS bundle");
            StringAssert.Contains(server.GetString("/js/site.js"), "site.js of the frozen WebApp");
            // UseStaticFiles serves wwwroot from the content root.
            StringAssert.Contains(server.GetString("/robots.txt"), "Disallow: /frozen-webapp");
            // The Razor class library: its controller (an application part) and its static assets.
            StringAssert.Contains(server.GetString("/api/parts"), "\"from\":\"WebParts\"");
            StringAssert.Contains(server.GetString("/_content/WebParts/parts.txt"), "parts from the WebParts Razor class library");
            Assert.AreEqual("", server.GetString("/child-environment"), "no content root variable reaches programs the app starts");

            var stopped = server.Stop();
            Assert.AreEqual(0, stopped.ExitCode, stopped.ToString());
        }
        Assert.AreEqual(0, app.ExtractionFoldersLeft().Length);
    }

    [TestMethod]
    public void It_lets_the_user_choose_the_environment_and_the_content_root_of_a_frozen_web_app()
    {
        using var project = TestProject.Copy("WebApp", ["WebParts"]);
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile"));
        using var app = FrozenAppCopy.Of(project, "OneFile");
        string custom = Directory.CreateDirectory(Path.Combine(app.Root, "custom")).FullName;
        File.WriteAllText(Path.Combine(custom, "appsettings.json"), """{ "Greeting": "Hello from the user's folder" }""");

        using (var development = app.StartServer(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }))
        {
            var info = JsonDocument.Parse(development.GetString("/info")).RootElement;
            Assert.AreEqual("appsettings.Development.json", info.GetProperty("environmentFile").GetString());
            Assert.AreEqual(0, development.Stop().ExitCode);
        }
        using (var variable = app.StartServer(new Dictionary<string, string?> { ["ASPNETCORE_CONTENTROOT"] = custom }))
        {
            var info = JsonDocument.Parse(variable.GetString("/info")).RootElement;
            Assert.AreEqual(custom, info.GetProperty("contentRoot").GetString());
            Assert.AreEqual("Hello from the user's folder", info.GetProperty("greeting").GetString());
            StringAssert.Contains(variable.GetString("/child-environment"), $"ASPNETCORE_CONTENTROOT={custom}", "the user's own variable is inherited as usual");
            Assert.AreEqual(0, variable.Stop().ExitCode);
        }
        using (var argument = app.StartServer(null, "--contentRoot", custom))
        {
            var info = JsonDocument.Parse(argument.GetString("/info")).RootElement;
            Assert.AreEqual(custom, info.GetProperty("contentRoot").GetString());
            Assert.AreEqual("Hello from the user's folder", info.GetProperty("greeting").GetString());
            Assert.AreEqual(0, argument.Stop().ExitCode);
        }
        Assert.AreEqual(0, app.ExtractionFoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("OneFile", true)]
    [DataRow("OneDir", false)]
    public void It_serves_a_web_API_with_EF_Core_Sqlite_and_Swagger_UI(string mode, bool selfContained)
    {
        using var project = TestProject.Copy("WebApiApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));
        using var app = FrozenAppCopy.Of(project, mode);

        using (var server = app.StartServer())
        {
            Assert.AreEqual("healthy", server.GetString("/health"));
            using (var created = server.Post("/todos", """{ "title": "freeze it" }"""))
            {
                Assert.AreEqual(HttpStatusCode.Created, created.StatusCode, created.Content.ReadAsStringAsync().Result);
            }
            StringAssert.Contains(server.GetString("/todos"), "\"title\":\"freeze it\"");
            StringAssert.Matches(server.GetString("/sqlite"), new Regex(@"^3\.\d+"), "the native e_sqlite3 library loads");
            StringAssert.Contains(server.GetString("/swagger/index.html"), "<title>Swagger UI</title>", "embedded resources of a module archive assembly");
            StringAssert.Contains(server.GetString("/swagger/v1/swagger.json"), "\"/todos\"");
            Assert.AreEqual(0, server.Stop().ExitCode);
        }
        Assert.IsTrue(File.Exists(Path.Combine(app.WorkingDirectory, "todos.db")), "a relative database path is the user's current folder, as unfrozen");
        Assert.AreEqual(0, app.ExtractionFoldersLeft().Length);
    }

    /// <summary>A gRPC service and client (code generated from a .proto at build, HTTP/2 over loopback) in one frozen process.</summary>
    [DataTestMethod]
    [DataRow("OneFile", false)]
    [DataRow("OneDir", true)]
    public void It_runs_a_gRPC_service_and_its_generated_client(string mode, bool selfContained)
    {
        using var project = TestProject.Copy("GrpcApp");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));

        var result = project.Run("frozen world");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("grpc: Hello frozen world\n", result.StdOut, result.ToString());
        Assert.AreEqual(0, project.ExtractionFoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_runs_a_trimmed_app_with_startup_hooks_it_needs_and_no_trim_warning_of_its_own(string mode)
    {
        using var project = TestProject.Copy("TrimmedApp");
        var publish = project.PublishSucceeds([.. TestProject.FreezeArguments(mode, selfContained: true), "-p:TreatWarningsAsErrors=true"]);
        Assert.IsFalse(publish.StdOut.Contains("warning IL", StringComparison.Ordinal), publish.StdOut);
        using var app = FrozenAppCopy.Of(project, mode);

        var result = app.Run("--worker");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "json=[{\"Id\":1,\"Text\":\"trimmed\"},{\"Id\":2,\"Text\":\"frozen\"}]\n");
        StringAssert.Matches(result.StdOut, new Regex(@"sqlite=3\.\d+"));
        StringAssert.Contains(result.StdOut, "frozen=True\n");
        StringAssert.Contains(result.StdOut, "worker=49\n", "worker dispatch runs through the startup hook, kept by the trimmer");
        Assert.AreEqual(0, app.ExtractionFoldersLeft().Length);
    }

    [DataTestMethod]
    [DataRow("OneFile")]
    [DataRow("OneDir")]
    public void It_gives_assemblies_whose_location_code_reads_a_real_file(string mode)
    {
        using var project = TestProject.Copy("LocationApp", ["LocationLib"]);
        var publish = project.PublishSucceeds(TestProject.FreezeArguments(mode));
        StringAssert.Contains(publish.StdOut, "FRZ0112: LocationLib.dll is a file");
        StringAssert.Contains(publish.StdOut, "FRZ0112: Newtonsoft.Json.dll is a file");
        Assert.IsFalse(publish.StdOut.Contains("FRZ0106", StringComparison.Ordinal), "Windows libraries Roslyn imports are not missing on Linux\n" + publish.StdOut);
        using var app = FrozenAppCopy.Of(project, mode);

        var result = app.Run();
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "words=frozen,beside,its,assembly\n", "the library finds its data beside its Assembly.Location");
        StringAssert.Contains(result.StdOut, "script=[1,2,3]\n", "Roslyn scripting builds a reference from the package assembly's location");
        StringAssert.Contains(result.StdOut, "newtonsoft.exists=True\n");
        Assert.AreEqual(0, app.ExtractionFoldersLeft().Length);

        var again = project.PublishSucceeds([.. TestProject.FreezeArguments(mode), "-v:d"]);
        StringAssert.Contains(again.StdOut, "Freeze.Sdk analysis skipped");
        StringAssert.Contains(again.StdOut, "FRZ0112: LocationLib.dll is a file", "a publish that skips analysis logs its messages again");
    }

    [TestMethod]
    public void It_keeps_the_runtime_as_files_for_Roslyn_scripting_in_a_self_contained_OneFile_app()
    {
        using var project = TestProject.Copy("LocationApp", ["LocationLib"]);
        var publish = project.PublishSucceeds(TestProject.FreezeArguments("OneFile", selfContained: true));
        StringAssert.Contains(publish.StdOut, "FRZ0118: The runtime's assemblies are files");
        StringAssert.Contains(publish.StdOut, "in Microsoft.CodeAnalysis.Scripting reads");
        using var app = FrozenAppCopy.Of(project, "OneFile");

        var result = app.Run();
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "script=[1,2,3]\n", "Roslyn scripting references the runtime's files");
        Assert.AreEqual(0, app.ExtractionFoldersLeft().Length);
    }

    [TestMethod]
    public void It_keeps_every_assembly_in_the_module_archive_when_forced()
    {
        using var project = TestProject.Copy("LocationApp", ["LocationLib"]);
        var publish = project.PublishSucceeds([.. TestProject.FreezeArguments("OneFile"), "-p:FreezeModuleArchive=force", "-v:n"]);
        StringAssert.Contains(publish.StdOut, "FRZ0113: Newtonsoft.Json.dll stays in the module archive");
        using var app = FrozenAppCopy.Of(project, "OneFile");

        var result = app.Run();
        Assert.AreNotEqual(0, result.ExitCode, "the library cannot find its folder from an empty Assembly.Location");
        StringAssert.Contains(result.StdErr, "at LocationLib.Words.Load()");
    }

    [DataTestMethod]
    [DynamicData(nameof(Modes))]
    public void It_runs_a_Generic_Host_worker_that_reads_its_settings(string mode, bool selfContained)
    {
        using var project = TestProject.Copy("WorkerService");
        project.PublishSucceeds(TestProject.FreezeArguments(mode, selfContained));
        using var app = FrozenAppCopy.Of(project, mode);

        var result = app.Run();
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "tick 2: message from appsettings.json\n");
        StringAssert.Contains(result.StdOut, "DOTNET_CONTENTROOT after build=[]\n", "gone once the host is built");

        var development = app.RunWith(new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Development" });
        Assert.AreEqual(0, development.ExitCode, development.ToString());
        StringAssert.Contains(development.StdOut, "tick 1: message from appsettings.Development.json\n");

        string custom = Directory.CreateDirectory(Path.Combine(app.Root, "custom")).FullName;
        File.WriteAllText(Path.Combine(custom, "appsettings.json"), """{ "Worker": { "Message": "the user's settings", "Iterations": 1 } }""");
        var overridden = app.Run("--contentRoot", custom);
        Assert.AreEqual(0, overridden.ExitCode, overridden.ToString());
        StringAssert.Contains(overridden.StdOut, $"contentRoot={custom}\n");
        StringAssert.Contains(overridden.StdOut, "tick 1: the user's settings\n");
        Assert.AreEqual(0, app.ExtractionFoldersLeft().Length);
    }
}
