using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Freeze.Analysis;

internal static class FileUtilities
{
    /// <summary>Writes the file only when its content changes, so its time stamp drives incremental builds.</summary>
    public static void WriteTextIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(content);
        });
    }

    /// <summary>Writes to a temporary file beside the target and renames it, so no half-written file is ever left.</summary>
    public static void WriteAtomically(string path, Action<FileStream> write)
    {
        string temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static bool IsManagedAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            // Metadata without IL is no assembly to load: a composite ReadyToRun image
            // (PublishReadyToRunComposite, CorFlags neither ILOnly nor ILLibrary), which the runtime
            // opens as a file beside its component assemblies.
            return pe.HasMetadata && pe.GetMetadataReader().IsAssembly &&
                (pe.PEHeaders.CorHeader!.Flags & (CorFlags.ILOnly | CorFlags.ILLibrary)) != 0;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    public static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
