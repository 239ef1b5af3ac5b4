namespace Freeze.Archive;

/// <summary>The bytes are not a valid Freeze.Sdk package or module archive.</summary>
public sealed class InvalidArchiveException(string message) : Exception(message);
