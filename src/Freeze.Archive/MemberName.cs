namespace Freeze.Archive;

/// <summary>The rule every member name follows: relative, '/'-separated, no empty, '.' or '..' segment.</summary>
public static class MemberName
{
    public static bool IsValid(string name)
    {
        if (name.Length == 0 || name[0] == '/' || name.Contains('\\') || name.Contains('\0'))
        {
            return false;
        }
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return false;
            }
        }
        return true;
    }
}
