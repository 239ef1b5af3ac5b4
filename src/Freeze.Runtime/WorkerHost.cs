using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Freeze.Runtime;

/// <summary>Runs the worker named on the command line, in the worker process.</summary>
internal static class WorkerHost
{
    /// <summary>The line a failed worker writes to stderr; the parent turns it into a <see cref="FreezeWorkerException"/>.</summary>
    internal const string ErrorMarker = "freeze-worker-error:";

    internal const int FailureExitCode = 70;
    internal const int UsageExitCode = 64;

    /// <summary>Runs the worker and returns its exit code; failures are reported on stderr, never thrown.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        WorkerCommandLine command;
        MethodInfo method;
        try
        {
            command = WorkerCommandLine.Parse(args);
            method = Find(command);
        }
        catch (FreezeWorkerException e)
        {
            ReportFailure(e.GetType().FullName!, e.Message, e.ToString());
            return UsageExitCode;
        }
        try
        {
            object? result = method.Invoke(null, method.GetParameters().Length == 0 ? [] : [command.Arguments]);
            result = result is Task task ? Await(task) : result;
            Console.Out.Flush();
            return result is int code ? code : 0;
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } thrown } ? thrown : e;
            inner = inner is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : inner;
            Console.Out.Flush();
            ReportFailure(inner.GetType().FullName!, inner.Message, inner.ToString());
            return FailureExitCode;
        }
    }

    /// <summary>A worker returns void, int, Task or Task&lt;int&gt; (<see cref="IsSupported"/>).</summary>
    private static object? Await(Task task)
    {
        task.GetAwaiter().GetResult();
        return task is Task<int> withCode ? withCode.Result : null;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "As below: the worker method is kept by the app.")]
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "Worker entries are methods the app names through FreezeWorker: its delegate overloads keep the method in a trimmed app, its string overloads say the app must keep it (RequiresUnreferencedCode).")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above: the worker method is kept by the app.")]
    private static MethodInfo Find(WorkerCommandLine command)
    {
        var type = Assembly.GetEntryAssembly()?.GetType(command.TypeName) ?? Type.GetType(command.TypeName)
            ?? throw new FreezeWorkerException($"worker type '{command.TypeName}' not found in the app");
        var candidates = type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(m => m.Name == command.MethodName && IsSupported(m)).ToList();
        return candidates.Count == 1 ? candidates[0]
            : throw new FreezeWorkerException(candidates.Count == 0
                ? $"'{command.Entry}' is not a static method taking no parameters or an IReadOnlyDictionary<string, string>"
                : $"'{command.Entry}' is overloaded; name a method with one worker signature");
    }

    private static bool IsSupported(MethodInfo method)
    {
        var parameters = method.GetParameters();
        bool parametersOk = parameters.Length == 0
            || parameters.Length == 1 && parameters[0].ParameterType.IsAssignableFrom(typeof(Dictionary<string, string>))
                && parameters[0].ParameterType != typeof(object);
        var returns = method.ReturnType;
        bool returnOk = returns == typeof(void) || returns == typeof(int) || returns == typeof(Task) || returns == typeof(Task<int>);
        return parametersOk && returnOk && !method.ContainsGenericParameters;
    }

    private static void ReportFailure(string type, string message, string details)
    {
        Console.Error.WriteLine($"{ErrorMarker} {type}: {message.ReplaceLineEndings(" ")}");
        Console.Error.WriteLine(details);
        Console.Error.Flush();
    }
}
