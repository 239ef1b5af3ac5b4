[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]
// The end-to-end and bootloader tests run on the Unix RIDs built here.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
