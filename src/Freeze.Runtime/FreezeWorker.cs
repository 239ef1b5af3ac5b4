using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Freeze.Runtime;

/// <summary>
/// Starts the app's own executable as a worker that runs one static method, the way Python's
/// multiprocessing starts <c>sys.executable</c>. Workers of a OneFile app reuse the unpacked
/// folder; unfrozen, the worker is the same app started again. Data goes in through key=value
/// arguments and standard input, and comes back through standard output.
/// </summary>
public static class FreezeWorker
{
    private const string EntryByName = "The worker process finds the method by its name: in a trimmed app, keep it (or pass the method as a delegate, which keeps it).";

    /// <summary>A start info for a worker running <paramref name="entry"/> (<c>Namespace.Type.Method</c>), with standard streams redirected.</summary>
    [RequiresUnreferencedCode(EntryByName)]
    public static ProcessStartInfo CreateStartInfo(string entry, IReadOnlyDictionary<string, string>? arguments = null) =>
        StartInfoFor(entry, arguments);

    /// <summary>A start info for a worker running <paramref name="method"/>, with standard streams redirected.</summary>
    public static ProcessStartInfo CreateStartInfo(Delegate method, IReadOnlyDictionary<string, string>? arguments = null) =>
        StartInfoFor(EntryOf(method), arguments);

    private static ProcessStartInfo StartInfoFor(string entry, IReadOnlyDictionary<string, string>? arguments)
    {
        var (fileName, prefix) = SelfCommand();
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in prefix.Concat(WorkerCommandLine.Format(entry, arguments)))
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    /// <summary>The entry name of a static method, for <see cref="CreateStartInfo(string, IReadOnlyDictionary{string, string}?)"/> and <see cref="RunAsync(string, IReadOnlyDictionary{string, string}?, string?, CancellationToken)"/>.</summary>
    public static string EntryOf(Delegate method)
    {
        var info = method.Method;
        if (!info.IsStatic || info.DeclaringType?.FullName is not string type)
        {
            throw new ArgumentException("a worker entry must be a static method of a named type", nameof(method));
        }
        return $"{type.Replace('+', '.')}.{info.Name}";
    }

    /// <summary>Runs a worker to the end and returns what it wrote to standard output; a failed worker throws <see cref="FreezeWorkerException"/> with its message.</summary>
    public static Task<string> RunAsync(Delegate method, IReadOnlyDictionary<string, string>? arguments = null, string? input = null, CancellationToken cancellationToken = default) =>
        RunEntryAsync(EntryOf(method), arguments, input, cancellationToken);

    /// <inheritdoc cref="RunAsync(Delegate, IReadOnlyDictionary{string, string}?, string?, CancellationToken)"/>
    [RequiresUnreferencedCode(EntryByName)]
    public static Task<string> RunAsync(string entry, IReadOnlyDictionary<string, string>? arguments = null, string? input = null, CancellationToken cancellationToken = default) =>
        RunEntryAsync(entry, arguments, input, cancellationToken);

    private static async Task<string> RunEntryAsync(string entry, IReadOnlyDictionary<string, string>? arguments, string? input, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfoFor(entry, arguments))
            ?? throw new FreezeWorkerException($"worker '{entry}' could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        string output = await stdout.ConfigureAwait(false);
        string errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw Failure(entry, process.ExitCode, errors);
        }
        return output;
    }

    internal static FreezeWorkerException Failure(string entry, int exitCode, string errors)
    {
        string? line = errors.Split('\n').FirstOrDefault(l => l.StartsWith(WorkerHost.ErrorMarker, StringComparison.Ordinal));
        if (line is null)
        {
            return new FreezeWorkerException($"worker '{entry}' exited with code {exitCode}", exitCode, null, errors);
        }
        string detail = line[WorkerHost.ErrorMarker.Length..].Trim();
        int colon = detail.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0
            ? new FreezeWorkerException(detail, exitCode, null, errors)
            : new FreezeWorkerException(detail[(colon + 2)..], exitCode, detail[..colon], errors);
    }

    /// <summary>The frozen executable; unfrozen, this process again (with the app's assembly when it runs through dotnet).</summary>
    private static (string FileName, string[] Prefix) SelfCommand()
    {
        string executable = FreezeRuntime.ExecutablePath ?? throw new FreezeWorkerException("the path of this process is unknown");
        if (!FreezeRuntime.IsFrozen && Path.GetFileNameWithoutExtension(executable) == "dotnet"
            && System.Reflection.Assembly.GetEntryAssembly()?.Location is { Length: > 0 } app)
        {
            return (executable, [app]);
        }
        return (executable, []);
    }
}
