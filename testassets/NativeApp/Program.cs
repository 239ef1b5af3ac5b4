using System.Runtime.InteropServices;

Console.WriteLine($"answer={Native.frz_native_answer()}");
return 0;

internal static partial class Native
{
    [LibraryImport("frzmain")]
    internal static partial int frz_native_answer();
}
