using Freeze.Runtime;

namespace Freeze.Runtime.Tests;

[TestClass]
public sealed class WorkerCommandLineTests
{
    [TestMethod]
    public void It_parses_the_entry_and_key_value_arguments()
    {
        var command = WorkerCommandLine.Parse(["--freeze-worker", "My.App.Workers.Sum", "from=1", "to=10", "text=a=b c"]);
        Assert.AreEqual("My.App.Workers", command.TypeName);
        Assert.AreEqual("Sum", command.MethodName);
        Assert.AreEqual("1", command.Arguments["from"]);
        Assert.AreEqual("10", command.Arguments["to"]);
        Assert.AreEqual("a=b c", command.Arguments["text"]);
    }

    [TestMethod]
    public void It_round_trips_through_the_format()
    {
        var arguments = new Dictionary<string, string> { ["x"] = "1 2", ["empty"] = "" };
        var command = WorkerCommandLine.Parse(WorkerCommandLine.Format("Ns.Type.Method", arguments).ToList());
        Assert.AreEqual("Ns.Type.Method", command.Entry);
        CollectionAssert.AreEquivalent(arguments, command.Arguments.ToDictionary());
    }

    [DataTestMethod]
    [DataRow(new[] { "--freeze-worker" }, "needs an entry")]
    [DataRow(new[] { "--freeze-worker", "NoDot" }, "Namespace.Type.Method")]
    [DataRow(new[] { "--freeze-worker", "Type." }, "Namespace.Type.Method")]
    [DataRow(new[] { "--freeze-worker", "Ns.Type.M", "novalue" }, "must be key=value")]
    [DataRow(new[] { "--freeze-worker", "Ns.Type.M", "=x" }, "must be key=value")]
    [DataRow(new[] { "run" }, "must start with --freeze-worker")]
    public void It_says_what_is_wrong_with_a_bad_command_line(string[] args, string expected)
    {
        var error = Assert.ThrowsException<FreezeWorkerException>(() => WorkerCommandLine.Parse(args));
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void It_recognizes_a_worker_only_by_the_first_argument()
    {
        Assert.IsTrue(WorkerCommandLine.IsWorker(["--freeze-worker", "A.B"]));
        Assert.IsFalse(WorkerCommandLine.IsWorker(["x", "--freeze-worker", "A.B"]));
        Assert.IsFalse(WorkerCommandLine.IsWorker([]));
    }

    [TestMethod]
    public void It_refuses_an_argument_name_with_an_equals_sign()
    {
        Assert.ThrowsException<ArgumentException>(() => WorkerCommandLine.Format("A.B", new Dictionary<string, string> { ["a=b"] = "c" }).ToList());
    }

    [TestMethod]
    public void It_turns_a_worker_error_line_into_an_exception_with_the_worker_message()
    {
        var error = FreezeWorker.Failure("Ns.T.M", 70, "some output\nfreeze-worker-error: System.InvalidOperationException: part 3 failed\n   at ...\n");
        Assert.AreEqual("part 3 failed", error.Message);
        Assert.AreEqual("System.InvalidOperationException", error.WorkerExceptionType);
        Assert.AreEqual(70, error.ExitCode);

        var crash = FreezeWorker.Failure("Ns.T.M", 139, "Segmentation fault\n");
        StringAssert.Contains(crash.Message, "exited with code 139");
    }
}

[TestClass]
public sealed class EnvironmentSanitizerTests
{
    private const string Home = "/tmp/_FRZabc123";

    private static Dictionary<string, string?> Environment(params (string Key, string Value)[] variables) =>
        variables.ToDictionary(v => v.Key, v => (string?)v.Value);

    [TestMethod]
    public void It_restores_the_library_path_the_bootloader_saved()
    {
        var env = Environment(("LD_LIBRARY_PATH", $"{Home}:/opt/lib"), ("LD_LIBRARY_PATH_ORIG", "/opt/lib"));
        EnvironmentSanitizer.Sanitize(env, Home);
        Assert.AreEqual("/opt/lib", env["LD_LIBRARY_PATH"]);
        Assert.IsFalse(env.ContainsKey("LD_LIBRARY_PATH_ORIG"));
    }

    [TestMethod]
    public void It_removes_the_library_path_the_user_never_had()
    {
        var env = Environment(("LD_LIBRARY_PATH", Home));
        EnvironmentSanitizer.Sanitize(env, Home);
        Assert.IsFalse(env.ContainsKey("LD_LIBRARY_PATH"));
    }

    [TestMethod]
    public void It_drops_home_entries_from_PATH_and_DYLD_LIBRARY_PATH_only()
    {
        var env = Environment(("PATH", $"{Home}:/usr/bin:{Home}/bin:/tmp/_FRZabc1234:/bin"), ("DYLD_LIBRARY_PATH", $"{Home}/lib"));
        EnvironmentSanitizer.Sanitize(env, Home);
        Assert.AreEqual("/usr/bin:/tmp/_FRZabc1234:/bin", env["PATH"]);
        Assert.IsFalse(env.ContainsKey("DYLD_LIBRARY_PATH"));
    }

    [TestMethod]
    public void It_removes_the_private_variables()
    {
        var env = Environment(("_FREEZE_ARCHIVE_FILE", "/x"), ("_FREEZE_PARENT_PROCESS_LEVEL", "2"), ("_FREEZE_APPLICATION_HOME_DIR", Home), ("FREEZE_STRICT_UNPACK_MODE", "1"));
        EnvironmentSanitizer.Sanitize(env, Home);
        CollectionAssert.AreEqual(new[] { "FREEZE_STRICT_UNPACK_MODE" }, env.Keys.ToArray());
    }

    [TestMethod]
    public void It_leaves_the_library_path_alone_unfrozen()
    {
        var env = Environment(("LD_LIBRARY_PATH", "/opt/lib"), ("PATH", "/usr/bin"), ("_FREEZE_PARENT_PROCESS_LEVEL", "2"));
        EnvironmentSanitizer.Sanitize(env, home: null);
        Assert.AreEqual("/opt/lib", env["LD_LIBRARY_PATH"]);
        Assert.AreEqual("/usr/bin", env["PATH"]);
        Assert.IsFalse(env.ContainsKey("_FREEZE_PARENT_PROCESS_LEVEL"));
    }
}
