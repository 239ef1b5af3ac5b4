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
/// Finds code that needs assemblies to be files, the way the SDK's single-file analyzer flags IL3000,
/// but acting on it:
/// <list type="bullet">
/// <item>an assembly whose code reads <c>Assembly.Location</c> (or CodeBase, GetFile, AssemblyName.GetAssemblyName)
/// almost always reads its own (data beside it, <c>GetExecutingAssembly()</c>): it needs a file;</item>
/// <item>in the same method, <c>typeof(T)</c> of a bundled type names an assembly whose location is read: T's assembly needs a file;</item>
/// <item>app code that hands <c>typeof(T).Assembly</c> to an assembly that reads locations (Roslyn's
/// <c>ScriptOptions.AddReferences</c>, <c>MetadataReference.CreateFromAssembly</c>): T's assembly needs a file.</item>
/// </list>
/// Only assemblies that reference a location API have their method bodies read.
/// </summary>
internal static class LocationScanner
{
    private static readonly HashSet<string> AssemblyMembers = ["get_Location", "get_CodeBase", "get_EscapedCodeBase", "GetFile", "GetFiles"];

    /// <param name="modules">Simple name → module of every bundled managed assembly the scan reached.</param>
    /// <param name="appAssemblies">Simple names of the app's own assemblies (main assembly, project references).</param>
    public static IReadOnlyList<LocationUse> Scan(IReadOnlyDictionary<string, ModuleDefinition> modules, ISet<string> appAssemblies)
    {
        var uses = new List<LocationUse>();
        var readers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, module) in modules.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (!module.GetMemberReferences().Any(IsLocationApi))
            {
                continue;
            }
            foreach (var method in MethodsWithBodies(module))
            {
                var body = method.Body.Instructions;
                if (!body.Any(i => i.Operand is MethodReference called && IsLocationApi(called)))
                {
                    continue;
                }
                string site = CallSite(name, method);
                readers.Add(name);
                uses.Add(new LocationUse(name, site, null));
                uses.AddRange(TypeOfAssemblies(body, name, modules).Where(a => a != name).Select(a => new LocationUse(a, site, null)));
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
                uses.AddRange(TypeOfAssemblies(body, name, modules).Where(a => !through.Contains(a)).Select(a => new LocationUse(a, site, string.Join(", ", through))));
            }
        }
        return uses.Distinct().ToList();
    }

    private static IEnumerable<MethodDefinition> MethodsWithBodies(ModuleDefinition module) =>
        module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody);

    private static bool IsLocationApi(MemberReference member) =>
        member is MethodReference && member.DeclaringType is { Namespace: "System.Reflection" } type
        && (type.Name == "Assembly" && AssemblyMembers.Contains(member.Name)
            || type.Name == "AssemblyName" && member.Name == "GetAssemblyName"
            || type.Name == "Module" && member.Name == "get_FullyQualifiedName");

    /// <summary>Bundled assemblies of the types a method names with ldtoken (typeof).</summary>
    private static IEnumerable<string> TypeOfAssemblies(IEnumerable<Instruction> body, string self, IReadOnlyDictionary<string, ModuleDefinition> modules) =>
        body.Where(i => i.OpCode.Code == Code.Ldtoken && i.Operand is TypeReference)
            .Select(i => ((TypeReference)i.Operand).GetElementType().Scope switch
            {
                AssemblyNameReference reference => reference.Name,
                ModuleDefinition => self,
                _ => null,
            })
            .OfType<string>()
            .Where(modules.ContainsKey)
            .Distinct(StringComparer.OrdinalIgnoreCase);

    private static string CallSite(string assembly, MethodDefinition method) => $"{method.DeclaringType.FullName}.{method.Name} in {assembly}";
}
