using System.CommandLine;
using System.CommandLine.Invocation;

namespace Freeze.Tools;

/// <summary><c>--version</c>: the package version, without the commit that System.CommandLine's own action adds.</summary>
internal sealed class PrintVersion : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Program.Version);
        return 0;
    }
}
