namespace Freeze.Runtime;

/// <summary>
/// The worker command line: <c>--freeze-worker &lt;entry&gt; [key=value …]</c>, where the entry is
/// <c>Namespace.Type.Method</c> of a static method.
/// </summary>
internal sealed record WorkerCommandLine(string TypeName, string MethodName, IReadOnlyDictionary<string, string> Arguments)
{
    public const string Switch = FreezeContract.WorkerSwitch;

    public string Entry => $"{TypeName}.{MethodName}";

    /// <summary>True when <paramref name="args"/> (Main's arguments) start a worker.</summary>
    public static bool IsWorker(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Switch;

    /// <summary>Parses Main's arguments; throws <see cref="FreezeWorkerException"/> with what is wrong.</summary>
    public static WorkerCommandLine Parse(IReadOnlyList<string> args)
    {
        if (!IsWorker(args))
        {
            throw new FreezeWorkerException($"not a worker command line: it must start with {Switch}");
        }
        if (args.Count < 2 || args[1].Length == 0)
        {
            throw new FreezeWorkerException($"{Switch} needs an entry: {Switch} Namespace.Type.Method [key=value ...]");
        }
        string entry = args[1];
        int dot = entry.LastIndexOf('.');
        if (dot <= 0 || dot == entry.Length - 1)
        {
            throw new FreezeWorkerException($"worker entry '{entry}' must name a static method as Namespace.Type.Method");
        }
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in args.Skip(2))
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new FreezeWorkerException($"worker argument '{pair}' must be key=value");
            }
            arguments[pair[..equals]] = pair[(equals + 1)..];
        }
        return new WorkerCommandLine(entry[..dot], entry[(dot + 1)..], arguments);
    }

    /// <summary>The arguments that start <paramref name="entry"/> as a worker.</summary>
    public static IEnumerable<string> Format(string entry, IReadOnlyDictionary<string, string>? arguments)
    {
        yield return Switch;
        yield return entry;
        foreach (var (key, value) in arguments ?? new Dictionary<string, string>())
        {
            if (key.Length == 0 || key.Contains('='))
            {
                throw new ArgumentException($"worker argument name '{key}' must be non-empty and without '='", nameof(arguments));
            }
            yield return $"{key}={value}";
        }
    }
}
