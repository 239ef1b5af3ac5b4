using System.Runtime.InteropServices;

Console.WriteLine("started");
if (args.Contains("--use-lib"))
{
    Console.WriteLine(ClassLib.Library.Name);
}
if (args.Contains("--call-native"))
{
    Native.frz_not_there();
}
return 0;

internal static class Native
{
    [DllImport("libfrz_not_there")]
    internal static extern void frz_not_there();
}
