namespace Freeze.Tests;

/// <summary>A temporary folder for one test, with input files under in/; removed with everything in it.</summary>
public sealed class TestFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>A copy of <paramref name="source"/> at in/<paramref name="name"/>.</summary>
    public string Copy(string source, string name)
    {
        string path = Input(name);
        File.Copy(source, path, overwrite: true);
        return path;
    }

    /// <summary>A text file at in/<paramref name="name"/>.</summary>
    public string Text(string name, string content)
    {
        string path = Input(name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private string Input(string name)
    {
        string path = System.IO.Path.Combine(Path, "in", name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }
}
