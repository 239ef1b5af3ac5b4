using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;

namespace TypedProgramApp;

/// <summary>
/// The runtime lays this class out before Main runs: the enum-typed auto-property and field, and the
/// base class, make it load Newtonsoft.Json while it prepares the entry point.
/// </summary>
[JsonObject(MemberSerialization.OptIn)]
public class Program : StringEnumConverter
{
    private static readonly List<JToken> Tokens = [];
    private readonly Formatting _fallback = Formatting.None;

    [JsonProperty]
    public Formatting Format { get; init; } = Formatting.Indented;

    public static int Main(string[] args)
    {
        var program = new Program { Format = args.Contains("--compact") ? Formatting.None : Formatting.Indented };
        Tokens.Add(JToken.FromObject(new { name = "typed", args }));
        Console.WriteLine($"format={program.Format} fallback={program._fallback}");
        Console.WriteLine($"json={Tokens[0].ToString(Formatting.None)}");
        Console.WriteLine($"base={typeof(Program).BaseType!.FullName}");
        Console.WriteLine($"attribute={typeof(Program).GetCustomAttributes(typeof(JsonObjectAttribute), false).Length}");
        return args.Length;
    }
}
