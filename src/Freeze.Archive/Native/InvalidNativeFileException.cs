namespace Freeze.Archive.Native;

/// <summary>The file starts like an ELF or PE file, but its headers or tables are damaged.</summary>
public sealed class InvalidNativeFileException(string message) : Exception(message);
