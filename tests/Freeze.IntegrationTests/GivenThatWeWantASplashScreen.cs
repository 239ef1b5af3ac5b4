using System.Diagnostics;
using Freeze.Tests;

namespace Freeze.IntegrationTests;

/// <summary>
/// Issue 12 end to end: SplashApp frozen with a one-colour splash.png, run under an Xvfb of its own
/// per test; screenshots (xwd, ImageMagick) tell whether the splash is on the screen.
/// </summary>
[TestClass]
public sealed class GivenThatWeWantASplashScreen
{
    /// <summary>The splash image's colour, its size, and where the text line is (SplashApp.csproj).</summary>
    private static readonly byte[] ImageColor = [0x1E, 0x64, 0xC8];
    private const int ImageWidth = 300, ImageHeight = 120, ScreenWidth = 800, ScreenHeight = 600;
    private const int Left = (ScreenWidth - ImageWidth) / 2, Top = (ScreenHeight - ImageHeight) / 2;

    private static readonly Dictionary<string, Lazy<TestProject>> Published = new()
    {
        ["OneDir"] = new(() => Publish("OneDir")),
        ["OneFile"] = new(() => Publish("OneFile")),
    };

    private static TestProject Publish(string mode)
    {
        var project = TestProject.Copy("SplashApp", test: "Splash" + mode);
        Tool("convert", "-size", $"{ImageWidth}x{ImageHeight}", "xc:#1E64C8", Path.Combine(project.Directory, "splash.png"));
        project.PublishSucceeds(TestProject.FreezeArguments(mode));
        return project;
    }

    [ClassCleanup]
    public static void RemoveProjects()
    {
        foreach (var project in Published.Values.Where(p => p.IsValueCreated))
        {
            project.Value.Dispose();
        }
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_shows_the_image_and_changes_the_text_until_Close(string mode) => ShowsChangesAndCloses(Published[mode].Value);

    [TestMethod]
    public void It_works_in_a_trimmed_self_contained_app()
    {
        using var project = TestProject.Copy("SplashApp");
        Tool("convert", "-size", $"{ImageWidth}x{ImageHeight}", "xc:#1E64C8", Path.Combine(project.Directory, "splash.png"));
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", selfContained: true, "-p:PublishTrimmed=true"));
        ShowsChangesAndCloses(project);
    }

    /// <summary>The first start fills the extraction cache under the parent's splash; the second runs the verified folder
    /// with no parent process, and its main process shows the splash.</summary>
    [TestMethod]
    public void It_shows_the_splash_on_starts_from_the_extraction_cache()
    {
        using var project = TestProject.Copy("SplashApp");
        Tool("convert", "-size", $"{ImageWidth}x{ImageHeight}", "xc:#1E64C8", Path.Combine(project.Directory, "splash.png"));
        project.PublishSucceeds(TestProject.FreezeArguments("OneFile", false, "-p:FreezeExtractionCache=true"));
        string cacheHome = Path.Combine(project.Root, "cache");
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = cacheHome };

        ShowsChangesAndCloses(project, environment, fromCache: true);
        Assert.AreEqual(1, Directory.GetDirectories(Path.Combine(cacheHome, "Freeze")).Length, "the first start filled the cache");
        ShowsChangesAndCloses(project, environment, fromCache: true);
    }

    private static void ShowsChangesAndCloses(TestProject project, Dictionary<string, string>? environment = null, bool fromCache = false)
    {
        using var display = XServer.Start();
        using var app = SplashRun.Start(project, display, environment);
        StringAssert.StartsWith(app.Ready, "ready ipc=@freeze-splash-");
        if (fromCache)
        {
            Assert.AreEqual(0, project.ExtractionFoldersLeft().Length, "the app runs from the cache folder, not from a private one in TMPDIR");
        }
        var shown = display.WaitFor(s => ImagePixels(s) > ImageWidth * ImageHeight * 8 / 10, "the splash image on the screen");
        Assert.AreEqual((Left, Top), FirstImagePixel(shown), "the window is centred");
        Assert.AreEqual("alive=True", app.Send("alive"));
        Assert.IsTrue(TextPixels(shown) > 0, "the initial text (FreezeSplashText) is drawn in white");

        Assert.AreEqual("text-sent", app.Send("text WWWWWWWWWWWWWWWWWWWWWW"));
        var changed = display.WaitFor(s => TextPixels(s) > TextPixels(shown) * 2, "more white pixels in the text area");
        Assert.IsFalse(TextArea(shown).SequenceEqual(TextArea(changed)), "UpdateText changed the text area");

        Assert.AreEqual("closed alive=False", app.Send("close"));
        display.WaitFor(s => ImagePixels(s) == 0, "no splash after Close()");
        Assert.AreEqual("alive=False", app.Send("alive"), "after Close() the splash is gone for good");
        Assert.AreEqual("exiting", app.Send("exit"));
        Assert.AreEqual(0, app.WaitForExit());
    }

    [DataTestMethod]
    [DataRow("OneDir", "exit")]
    [DataRow("OneFile", "exit")]
    [DataRow("OneDir", "kill")]
    [DataRow("OneFile", "kill")]
    [DataRow("OneDir", "crash")]
    [DataRow("OneFile", "crash")]
    public void It_removes_the_splash_when_the_app_ends(string mode, string how)
    {
        using var display = XServer.Start();
        using var app = SplashRun.Start(Published[mode].Value, display);
        display.WaitFor(s => ImagePixels(s) > 0, "the splash image on the screen");
        switch (how)
        {
            case "exit":
                Assert.AreEqual("exiting", app.Send("exit"));
                Assert.AreEqual(0, app.WaitForExit());
                break;
            case "kill":
                // SIGKILL to the process that runs the app: the OneFile parent's child, or the OneDir process itself.
                Process.GetProcessById(int.Parse(app.Send("pid")[4..])).Kill();
                Assert.AreNotEqual(0, app.WaitForExit());
                break;
            default:
                Assert.AreEqual("crashing", app.Send("crash"));
                Assert.AreNotEqual(0, app.WaitForExit());
                break;
        }
        display.WaitFor(s => ImagePixels(s) == 0, $"no splash after the app ended ({how})");
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_shows_nothing_when_suppressed(string mode)
    {
        using var display = XServer.Start();
        using var app = SplashRun.Start(Published[mode].Value, display, new() { ["FREEZE_SUPPRESS_SPLASH_SCREEN"] = "1" });
        Assert.AreEqual("ready ipc=0", app.Ready);
        Assert.AreEqual("alive=False", app.Send("alive"));
        Assert.AreEqual("text-sent", app.Send("text no-op"));
        Thread.Sleep(500);
        Assert.AreEqual(0, ImagePixels(display.Capture()), "nothing on the screen");
        Assert.AreEqual("closed alive=False", app.Send("close"));
        Assert.AreEqual("exiting", app.Send("exit"));
        Assert.AreEqual(0, app.WaitForExit());
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_shows_nothing_in_a_worker(string mode)
    {
        using var display = XServer.Start();
        using var app = SplashRun.Start(Published[mode].Value, display);
        display.WaitFor(s => ImagePixels(s) > 0, "the splash image on the screen");
        Assert.AreEqual("closed alive=False", app.Send("close"));
        display.WaitFor(s => ImagePixels(s) == 0, "no splash after Close()");

        Assert.AreEqual("worker ipc=0 alive=False", app.Send("worker"), "a worker gets _FREEZE_SPLASH_IPC=0");
        Thread.Sleep(500);
        Assert.AreEqual(0, ImagePixels(display.Capture()), "the running worker shows no splash");
        Assert.AreEqual("released 0", app.Send("release"));
        Assert.AreEqual("exiting", app.Send("exit"));
        Assert.AreEqual(0, app.WaitForExit());
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_runs_as_usual_without_a_display(string mode)
    {
        var project = Published[mode].Value;
        var result = project.RunWith(new Dictionary<string, string?> { ["DISPLAY"] = null, ["FREEZE_TRACE"] = "1" }, "print");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("hello\nalive=False\n", result.StdOut);
        StringAssert.Contains(result.StdErr, "splash: not shown: DISPLAY is not set");
    }

    [DataTestMethod]
    [DataRow("OneDir")]
    [DataRow("OneFile")]
    public void It_runs_as_usual_when_the_display_cannot_be_opened(string mode)
    {
        var project = Published[mode].Value;
        var result = project.RunWith(new Dictionary<string, string?> { ["DISPLAY"] = ":249", ["FREEZE_TRACE"] = "1" }, "print");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("hello\nalive=False\n", result.StdOut);
        StringAssert.Contains(result.StdErr, "splash: not shown: cannot open the display :249");
    }

    [TestMethod]
    public void It_fails_the_build_naming_a_file_that_is_not_an_image()
    {
        using var project = TestProject.Copy("SplashApp");
        File.WriteAllText(Path.Combine(project.Directory, "splash.png"), "not a picture");
        var result = project.Publish(TestProject.FreezeArguments("OneDir"));
        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.StdOut, "error FRZ0020");
        StringAssert.Contains(result.StdOut, Path.Combine(project.Directory, "splash.png"));
    }

    private static int ImagePixels(Screenshot screen) => screen.Count(ImageColor, 0, 0, ScreenWidth, ScreenHeight);

    /// <summary>White pixels of the text line (FreezeSplashTextPosition 10,100; size 14).</summary>
    private static int TextPixels(Screenshot screen) => screen.Count([0xFF, 0xFF, 0xFF], Left, Top + 80, ImageWidth, 35);

    private static byte[] TextArea(Screenshot screen) => screen.Region(Left, Top + 80, ImageWidth, 35);

    private static (int X, int Y) FirstImagePixel(Screenshot screen)
    {
        for (int y = 0; y < ScreenHeight; y++)
        {
            for (int x = 0; x < ScreenWidth; x++)
            {
                if (screen.Count(ImageColor, x, y, 1, 1) == 1)
                {
                    return (x, y);
                }
            }
        }
        return (-1, -1);
    }

    internal static void Tool(string program, params string[] arguments)
    {
        var result = ProcessRunner.Run(program, arguments, timeout: TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, result.ExitCode, $"{program} {string.Join(' ', arguments)}\n{result}");
    }
}

/// <summary>An RGB screenshot of the whole screen.</summary>
internal sealed class Screenshot(byte[] rgb, int screenWidth)
{
    public int Count(byte[] color, int left, int top, int width, int height)
    {
        int count = 0;
        for (int y = top; y < top + height; y++)
        {
            for (int x = left; x < left + width; x++)
            {
                int i = (y * screenWidth + x) * 3;
                count += rgb[i] == color[0] && rgb[i + 1] == color[1] && rgb[i + 2] == color[2] ? 1 : 0;
            }
        }
        return count;
    }

    public byte[] Region(int left, int top, int width, int height) =>
        Enumerable.Range(top, height).SelectMany(y => rgb.AsSpan((y * screenWidth + left) * 3, width * 3).ToArray()).ToArray();
}

/// <summary>An Xvfb of one test (800x600, 24 bits), so tests running at once never see each other's windows.</summary>
internal sealed class XServer : IDisposable
{
    private static int _next = 40 + Environment.ProcessId % 100 * 10;
    private readonly Process _process;
    private readonly string _folder = Directory.CreateTempSubdirectory("frz-xvfb-").FullName;

    private XServer(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public static XServer Start()
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            int number = Interlocked.Increment(ref _next);
            if (File.Exists($"/tmp/.X11-unix/X{number}") || File.Exists($"/tmp/.X{number}-lock"))
            {
                continue;
            }
            var start = new ProcessStartInfo("Xvfb") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string argument in new[] { $":{number}", "-screen", "0", "800x600x24", "-nolisten", "tcp" })
            {
                start.ArgumentList.Add(argument);
            }
            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            var stopwatch = Stopwatch.StartNew();
            while (!process.HasExited && stopwatch.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (File.Exists($"/tmp/.X11-unix/X{number}"))
                {
                    return new XServer(process, $":{number}");
                }
                Thread.Sleep(50);
            }
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        Assert.Fail("Xvfb did not start (is it installed? eng/test.sh installs xvfb)");
        return null!;
    }

    public Screenshot Capture()
    {
        string xwd = Path.Combine(_folder, "screen.xwd"), rgb = Path.Combine(_folder, "screen.rgb");
        // Xvfb refuses a connection now and then (EAGAIN, ECONNRESET: "unable to open display" for 2 of 200 xwd
        // runs in a row), and xwd does not try again: a failed capture is taken again.
        ProcessResult? failed = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var result = ProcessRunner.Run("xwd", ["-root", "-silent", "-display", Name, "-out", xwd], timeout: TimeSpan.FromMinutes(1));
            if (result.ExitCode == 0)
            {
                failed = null;
                break;
            }
            failed = result;
            Thread.Sleep(100);
        }
        Assert.IsNull(failed, $"xwd could not capture {Name} five times: {failed}");
        GivenThatWeWantASplashScreen.Tool("convert", xwd, "-depth", "8", $"rgb:{rgb}");
        return new Screenshot(File.ReadAllBytes(rgb), 800);
    }

    public Screenshot WaitFor(Func<Screenshot, bool> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var screen = Capture();
            if (condition(screen))
            {
                return screen;
            }
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Fail($"waited 15 s for {what}");
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>SIGTERM, so that Xvfb removes its socket and lock file (SIGKILL would leave them in /tmp).</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            ProcessRunner.Run("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill();
            }
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>SplashApp running on a display, driven line by line over stdin and stdout.</summary>
internal sealed class SplashRun : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _trace = new();

    private SplashRun(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_trace)
            {
                _trace.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        Ready = ReadLine();
    }

    /// <summary>The app's first line: "ready ipc=…".</summary>
    public string Ready { get; }

    public static SplashRun Start(TestProject project, XServer display, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(project.Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = project.Root,
        };
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("_FREEZE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["DISPLAY"] = display.Name;
        start.Environment["TMPDIR"] = project.TempDir;
        // The bootloader's trace says why a splash was or was not shown; Dispose prints it into the test's output.
        start.Environment["FREEZE_TRACE"] = "1";
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }
        return new SplashRun(Process.Start(start)!);
    }

    public string Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return ReadLine();
    }

    public int WaitForExit()
    {
        Assert.IsTrue(_process.WaitForExit(TimeSpan.FromSeconds(30)), "the app ended");
        return _process.ExitCode;
    }

    private string ReadLine()
    {
        var line = _process.StandardOutput.ReadLineAsync();
        Assert.IsTrue(line.Wait(TimeSpan.FromSeconds(60)), "the app answered");
        return line.Result ?? "(end of output)";
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        lock (_trace)
        {
            Console.WriteLine($"--- the app's standard error (FREEZE_TRACE=1) ---\n{_trace}");
        }
        _process.Dispose();
    }
}
