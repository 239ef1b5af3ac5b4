// Reads the data files and the tree that Freeze.Sdk bundles, the way an app finds its files:
// through AppContext.BaseDirectory.
string home = AppContext.BaseDirectory;
Console.WriteLine($"settings={File.ReadAllText(Path.Combine(home, "config", "settings.json")).Trim()}");
string assets = Path.Combine(home, "assets");
foreach (string file in Directory.EnumerateFiles(assets, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
{
    Console.WriteLine($"asset={Path.GetRelativePath(home, file).Replace('\\', '/')}:{File.ReadAllText(file).Trim()}");
}
string same = Path.Combine(home, "same.txt");
if (File.Exists(same))
{
    Console.WriteLine($"same={File.ReadAllText(same).Trim()}");
}
Console.WriteLine($"beside-in-home={File.Exists(Path.Combine(home, "beside.txt"))}");
return 0;
