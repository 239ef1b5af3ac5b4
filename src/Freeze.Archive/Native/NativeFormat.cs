namespace Freeze.Archive.Native;

/// <summary>The kind of native file a dependency reader recognised.</summary>
public enum NativeFormat
{
    Unknown = 0,
    Elf = 1,
    Pe = 2,
}
