using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Freeze.IntegrationTests;

/// <summary>
/// A frozen app as a user ships it: a OneFile executable copied alone into an empty folder (a OneDir
/// folder as it was published), started from another folder, with a TMPDIR of its own so the test
/// sees what it leaves behind.
/// </summary>
internal sealed class FrozenAppCopy : IDisposable
{
    private FrozenAppCopy(string root, string executable)
    {
        Root = root;
        Executable = executable;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(root, "elsewhere")).FullName;
        TempDir = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
    }

    public string Root { get; }
    public string Executable { get; }
    public string WorkingDirectory { get; }
    public string TempDir { get; }

    public static FrozenAppCopy Of(TestProject project, string mode)
    {
        string root = Directory.CreateTempSubdirectory($"frz-copy-{project.Name}-").FullName;
        string folder = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;
        var files = mode == "OneFile" ? [project.Name] : project.PublishedFiles();
        foreach (string file in files)
        {
            string target = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(project.PublishDir, file), target);
        }
        return new FrozenAppCopy(root, Path.Combine(folder, project.Name));
    }

    public string[] ExtractionFoldersLeft() => Directory.GetDirectories(TempDir, "_FRZ*");

    public ProcessResult Run(params string[] arguments) => RunWith(new Dictionary<string, string?>(), arguments);

    public ProcessResult RunWith(IDictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.Run(Executable, arguments, WorkingDirectory, Environment(environment), TimeSpan.FromMinutes(2));

    /// <summary>Starts a web app on a free loopback port and waits until it listens.</summary>
    public WebServer StartServer(IDictionary<string, string?>? environment = null, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        foreach (string argument in arguments.Concat(["--urls", "http://127.0.0.1:0"]))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in Environment(environment ?? new Dictionary<string, string?>()))
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        return new WebServer(Process.Start(start)!);
    }

    private Dictionary<string, string?> Environment(IDictionary<string, string?> extra)
    {
        var env = new Dictionary<string, string?>
        {
            ["TMPDIR"] = TempDir,
            ["ASPNETCORE_ENVIRONMENT"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_CONTENTROOT"] = null,
            ["DOTNET_CONTENTROOT"] = null,
        };
        foreach (string key in System.Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("_FREEZE_", StringComparison.Ordinal)))
        {
            env[key] = null;
        }
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }
        return env;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A frozen web app that listens on 127.0.0.1; stopped with SIGTERM as a service manager stops it.</summary>
internal sealed class WebServer : IDisposable
{
    private const int SIGTERM = 15;
    private readonly StringBuilder _output = new();
    private readonly Task<string> _errors;
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public WebServer(Process process)
    {
        Process = process;
        _errors = process.StandardError.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var line = process.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(90) - deadline.Elapsed) || line.Result is null)
            {
                Process.Kill(entireProcessTree: true);
                Assert.Fail($"the app did not start listening\n{_output}\n{(_errors.Wait(2000) ? _errors.Result : "")}");
            }
            _output.Append(line.Result).Append('\n');
            int at = line.Result.IndexOf("Now listening on: ", StringComparison.Ordinal);
            if (at >= 0)
            {
                BaseAddress = new Uri(line.Result[(at + "Now listening on: ".Length)..].Trim());
                break;
            }
        }
        _client.BaseAddress = BaseAddress;
    }

    public Process Process { get; }
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public HttpResponseMessage Get(string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return _client.Send(request);
    }

    public string GetString(string path)
    {
        using var response = Get(path);
        string body = response.Content.ReadAsStringAsync().Result;
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode, $"GET {path}: {body}");
        return body;
    }

    public HttpResponseMessage Post(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).Result;

    /// <summary>SIGTERM, then the exit code and what the app printed.</summary>
    public ProcessResult Stop()
    {
        Assert.AreEqual(0, kill(Process.Id, SIGTERM), "kill failed");
        if (!Process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            Process.Kill(entireProcessTree: true);
            Assert.Fail("the app did not stop on SIGTERM");
        }
        Process.WaitForExit();
        _output.Append(Process.StandardOutput.ReadToEnd());
        return new ProcessResult(Process.ExitCode, _output.ToString(), _errors.Result);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
        _client.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
