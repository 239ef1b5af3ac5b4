namespace ClassLib;

public static class Library
{
    public static string Name => "ClassLib";
}
