namespace Freeze.Archive;

/// <summary>The bytes are not a valid Freeze.Sdk package or module archive.</summary>
#if FREEZE_RUNTIME
internal
#else
public
#endif
sealed class InvalidArchiveException(string message) : Exception(message);
