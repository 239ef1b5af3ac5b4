using System.CommandLine;
using System.Text;
using System.Text.Json;
using Freeze.Archive.Native;

namespace Freeze.Tools;

/// <summary><c>freeze bindepend</c>: pyi-bindepend, the load-time dependencies of ELF and PE files.</summary>
internal static class BindependCommand
{
    public const string Name = "bindepend";

    public const string Summary = "print the libraries ELF and PE files need (DT_NEEDED, RPATH/RUNPATH, imported DLLs)";

    public const string Notes = """
        Prints what each FILE needs at load time:
          ELF: DT_NEEDED libraries, RPATH, RUNPATH, SONAME and symbol versions
          PE:  DLLs of the import table and of the delay-load import table

        A file that cannot be read is reported on standard error; the others are still printed,
        and the exit code is 1.
        """;

    public static Command Create(ToolConsole console)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "ELF or PE files",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json")
        {
            Description = "one JSON array, an object per file",
            Arity = ArgumentArity.Zero,
        };
        var command = new Command(Name, Summary) { files, json };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(files), parsed.GetValue(json), console));
        return command;
    }

    private static int Run(IReadOnlyList<string> files, bool json, ToolConsole console)
    {
        var results = new List<(string File, NativeDependencies Dependencies)>();
        int status = 0;
        foreach (string file in files)
        {
            try
            {
                results.Add((file, ReadOne(file)));
            }
            catch (ToolException e)
            {
                console.ReportError(e.Diagnostic, e.Message);
                status = 1;
            }
        }
        if (json)
        {
            WriteJson(results, console.Out);
        }
        else
        {
            foreach (var (file, dependencies) in results)
            {
                WriteText(file, dependencies, console.Out);
            }
        }
        return status;
    }

    private static NativeDependencies ReadOne(string file)
    {
        NativeDependencies dependencies;
        try
        {
            dependencies = NativeDependencyReader.Read(file);
        }
        catch (InvalidNativeFileException e)
        {
            throw new ToolException(FreezeDiagnostics.ToolDamagedNative, $"{file} is damaged: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(FreezeDiagnostics.ToolCannotRead, $"cannot read {file}: {e.Message}");
        }
        return dependencies.Format == NativeFormat.Unknown
            ? throw new ToolException(FreezeDiagnostics.ToolNotNative, $"{file} is neither an ELF nor a PE file")
            : dependencies;
    }

    private static void WriteText(string file, NativeDependencies d, TextWriter output)
    {
        string managed = d.IsManaged ? ", .NET assembly" : "";
        output.WriteLine($"{file}: {d.Format.ToString().ToUpperInvariant()} {d.Bits}-bit {d.Machine}{managed}");
        if (d.SoName is not null)
        {
            output.WriteLine($"    soname   {d.SoName}");
        }
        foreach (string name in d.Needed)
        {
            output.WriteLine($"    needed   {name}");
        }
        foreach (string name in d.DelayNeeded)
        {
            output.WriteLine($"    delayed  {name}");
        }
        foreach (string path in d.RPath)
        {
            output.WriteLine($"    rpath    {path}");
        }
        foreach (string path in d.RunPath)
        {
            output.WriteLine($"    runpath  {path}");
        }
        foreach (var need in d.VersionNeeds)
        {
            output.WriteLine($"    version  {need.Version} ({need.Library}){(need.Symbols.Count > 0 ? ": " + string.Join(", ", need.Symbols) : "")}");
        }
    }

    private static void WriteJson(List<(string File, NativeDependencies Dependencies)> results, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var (file, d) in results)
            {
                json.WriteStartObject();
                json.WriteString("file", file);
                json.WriteString("format", d.Format.ToString().ToLowerInvariant());
                json.WriteString("machine", d.Machine);
                json.WriteNumber("bits", d.Bits);
                json.WriteString("soname", d.SoName);
                WriteArray(json, "needed", d.Needed);
                WriteArray(json, "delayNeeded", d.DelayNeeded);
                WriteArray(json, "rpath", d.RPath);
                WriteArray(json, "runpath", d.RunPath);
                json.WriteStartArray("versionNeeds");
                foreach (var need in d.VersionNeeds)
                {
                    json.WriteStartObject();
                    json.WriteString("library", need.Library);
                    json.WriteString("version", need.Version);
                    WriteArray(json, "symbols", need.Symbols);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteBoolean("managed", d.IsManaged);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
