using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Freeze.Analysis;

/// <summary>
/// A bundled assembly that must be a file because code reads <c>Assembly.Location</c> of it: an
/// assembly of the module archive has no file, so its Location is "".
/// </summary>
/// <param name="Assembly">Simple name of the assembly that needs a file.</param>
/// <param name="CallSite">The method that reads the location (Namespace.Type.Method in Assembly).</param>
/// <param name="Through">Null when the method reads the location itself; else the assemblies whose code it hands typeof(T).Assembly to.</param>
public sealed record LocationUse(string Assembly, string CallSite, string? Through);

/// <summary>
/// Code that needs the runtime's own assemblies to be files: it reads the location of a framework
/// assembly (<c>typeof(object).Assembly.Location</c>) or the paths of <c>TRUSTED_PLATFORM_ASSEMBLIES</c>.
/// </summary>
/// <param name="CallSite">The method (Namespace.Type.Method in Assembly).</param>
/// <param name="What">What it reads, for the build message.</param>
public sealed record RuntimeLocationUse(string CallSite, string What);

/// <summary>
/// Finds code that needs assemblies to be files, the way the SDK's single-file analyzer flags IL3000,
/// but acting on it:
/// <list type="bullet">
/// <item>an assembly whose code reads <c>Assembly.Location</c> (or CodeBase, GetFile, AssemblyName.GetAssemblyName)
/// almost always reads its own (data beside it, <c>GetExecutingAssembly()</c>): it needs a file;</item>
/// <item>in the same method, <c>typeof(T)</c> of a bundled type names an assembly whose location is read: T's assembly needs a file;</item>
/// <item>app code that hands <c>typeof(T).Assembly</c> to an assembly that reads locations (Roslyn's
/// <c>ScriptOptions.AddReferences</c>, <c>MetadataReference.CreateFromAssembly</c>): T's assembly needs a file.</item>
/// </list>
/// Only assemblies that reference one of these APIs have their method bodies read. The same
/// rules applied to a framework type, code that reads the <c>TRUSTED_PLATFORM_ASSEMBLIES</c>
/// paths (Roslyn scripting's default references) and calls of <c>RuntimeEnvironment.GetRuntimeDirectory()</c>
/// give <see cref="RuntimeLocationUse"/>s.
/// </summary>
internal static class LocationScanner
{
    private const string TrustedPlatformAssemblies = "TRUSTED_PLATFORM_ASSEMBLIES";

    private static readonly HashSet<string> AssemblyMembers = ["get_Location", "get_CodeBase", "get_EscapedCodeBase", "GetFile", "GetFiles"];

    /// <param name="modules">Simple name → module of every bundled managed assembly the scan reached.</param>
    /// <param name="appAssemblies">Simple names of the app's own assemblies (main assembly, project references).</param>
    /// <param name="framework">Simple names of the assemblies the runtime provides.</param>
    public static (IReadOnlyList<LocationUse> Uses, IReadOnlyList<RuntimeLocationUse> RuntimeUses) Scan(
        IReadOnlyDictionary<string, ModuleDefinition> modules, ISet<string> appAssemblies, ISet<string> framework)
    {
        var uses = new List<LocationUse>();
        var runtimeUses = new List<RuntimeLocationUse>();
        var readers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, module) in modules.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var called = module.GetMemberReferences().OfType<MethodReference>().ToList();
            bool readsLocations = called.Any(IsLocationApi);
            if (!readsLocations && !called.Any(m => IsRuntimeDirectoryApi(m) || IsAppContextGetData(m)))
            {
                continue;
            }
            foreach (var method in MethodsWithBodies(module))
            {
                var body = method.Body.Instructions;
                if (body.Any(i => i.OpCode.Code == Code.Ldstr && i.Operand is TrustedPlatformAssemblies))
                {
                    runtimeUses.Add(new RuntimeLocationUse(CallSite(name, method), TrustedPlatformAssemblies));
                }
                if (body.Any(i => i.Operand is MethodReference called && IsRuntimeDirectoryApi(called)))
                {
                    runtimeUses.Add(new RuntimeLocationUse(CallSite(name, method), "RuntimeEnvironment.GetRuntimeDirectory()"));
                }
                if (!readsLocations || !body.Any(i => i.Operand is MethodReference called && IsLocationApi(called)))
                {
                    continue;
                }
                string site = CallSite(name, method);
                readers.Add(name);
                uses.Add(new LocationUse(name, site, null));
                var named = TypeOfAssemblies(body, name);
                uses.AddRange(named.Where(a => modules.ContainsKey(a) && a != name).Select(a => new LocationUse(a, site, null)));
                runtimeUses.AddRange(named.Where(framework.Contains).Select(a => new RuntimeLocationUse(site, $"the location of {a}")));
            }
        }
        foreach (var name in appAssemblies.Where(modules.ContainsKey).Order(StringComparer.Ordinal))
        {
            foreach (var method in MethodsWithBodies(modules[name]))
            {
                var body = method.Body.Instructions;
                var through = body.Select(i => (i.Operand as MethodReference)?.DeclaringType.Scope is AssemblyNameReference scope && readers.Contains(scope.Name) ? scope.Name : null)
                    .OfType<string>().Where(r => r != name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
                if (through.Count == 0)
                {
                    continue;
                }
                string site = CallSite(name, method);
                var named = TypeOfAssemblies(body, name);
                uses.AddRange(named.Where(a => modules.ContainsKey(a) && !through.Contains(a)).Select(a => new LocationUse(a, site, string.Join(", ", through))));
                runtimeUses.AddRange(named.Where(framework.Contains).Select(a => new RuntimeLocationUse(site, $"the location of {a}, through {string.Join(", ", through)}")));
            }
        }
        return (uses.Distinct().ToList(), runtimeUses.Distinct().ToList());
    }

    private static IEnumerable<MethodDefinition> MethodsWithBodies(ModuleDefinition module) =>
        module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody);

    /// <summary>The folder of CoreLib's location: "" when CoreLib is mapped from the executable.</summary>
    private static bool IsRuntimeDirectoryApi(MethodReference method) =>
        method.Name == "GetRuntimeDirectory" && method.DeclaringType is { Namespace: "System.Runtime.InteropServices", Name: "RuntimeEnvironment" };

    /// <summary>How code reads <c>TRUSTED_PLATFORM_ASSEMBLIES</c>.</summary>
    private static bool IsAppContextGetData(MethodReference method) =>
        method.Name == "GetData" && method.DeclaringType is { Namespace: "System", Name: "AppContext" };

    private static bool IsLocationApi(MemberReference member) =>
        member is MethodReference && member.DeclaringType is { Namespace: "System.Reflection" } type
        && (type.Name == "Assembly" && AssemblyMembers.Contains(member.Name)
            || type.Name == "AssemblyName" && member.Name == "GetAssemblyName"
            || type.Name == "Module" && member.Name == "get_FullyQualifiedName");

    /// <summary>Assemblies of the types a method names with ldtoken (typeof); the method's own is <paramref name="self"/>.</summary>
    private static List<string> TypeOfAssemblies(IEnumerable<Instruction> body, string self) =>
        body.Where(i => i.OpCode.Code == Code.Ldtoken && i.Operand is TypeReference)
            .Select(i => ((TypeReference)i.Operand).GetElementType().Scope switch
            {
                AssemblyNameReference reference => reference.Name,
                ModuleDefinition => self,
                _ => null,
            })
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static string CallSite(string assembly, MethodDefinition method) => $"{method.DeclaringType.FullName}.{method.Name} in {assembly}";
}
