namespace LocationLib;

public static class Words
{
    public static string Folder => Path.GetDirectoryName(typeof(Words).Assembly.Location)!;

    public static string[] Load() => File.ReadAllLines(Path.Combine(Folder, "words.txt"));
}
