using Mono.Cecil;

namespace Freeze.Analysis;

/// <summary>An assembly reference that nothing in the bundle or the framework provides.</summary>
public sealed record MissingReference(string Name, string ReferencedBy);

/// <summary>A native library named by a DllImport (or a LibraryImport, which compiles to one).</summary>
public sealed record NativeImport(string Library, string Caller)
{
    /// <summary>Simple name of the assembly whose method imports it.</summary>
    public string Assembly { get; init; } = "";
}

/// <summary>A reference between two bundled assemblies (simple names): <see cref="ReferencedBy"/> references <see cref="Name"/>.</summary>
public sealed record BundledReference(string Name, string ReferencedBy);

/// <summary>
/// Walks the managed assemblies from the entry assembly (and the hidden ones) through their
/// references with Mono.Cecil, the way PyInstaller's Analysis follows imports.
/// </summary>
internal static class ManagedScanner
{
    public sealed record Result(IReadOnlyList<MissingReference> Missing, IReadOnlyList<NativeImport> NativeImports, IReadOnlyList<LocationUse> LocationUses,
        IReadOnlyList<RuntimeLocationUse> RuntimeLocationUses, IReadOnlyList<BundledReference> References);

    /// <param name="roots">Simple names to start from: the entry assembly and hidden assemblies.</param>
    /// <param name="bundled">Simple name → path of every managed assembly the app carries (not the framework).</param>
    /// <param name="framework">Simple names the runtime provides.</param>
    /// <param name="appAssemblies">Simple names of the app's own assemblies (main assembly, project references).</param>
    public static Result Scan(IEnumerable<string> roots, IReadOnlyDictionary<string, string> bundled, ISet<string> framework, ISet<string> appAssemblies)
    {
        var missing = new List<MissingReference>();
        var imports = new List<NativeImport>();
        var references = new List<BundledReference>();
        var modules = new Dictionary<string, ModuleDefinition>(StringComparer.OrdinalIgnoreCase);
        try
        {
            Walk(roots, bundled, framework, modules, missing, imports, references);
            var (uses, runtimeUses) = LocationScanner.Scan(modules, appAssemblies, framework);
            return new Result(missing, imports, uses, runtimeUses, references);
        }
        finally
        {
            foreach (var module in modules.Values)
            {
                module.Dispose();
            }
        }
    }

    private static void Walk(IEnumerable<string> roots, IReadOnlyDictionary<string, string> bundled, ISet<string> framework,
        Dictionary<string, ModuleDefinition> modules, List<MissingReference> missing, List<NativeImport> imports, List<BundledReference> references)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>(roots.Where(r => bundled.ContainsKey(r)));
        foreach (string root in queue)
        {
            seen.Add(root);
        }
        while (queue.Count > 0)
        {
            string name = queue.Dequeue();
            var module = ModuleDefinition.ReadModule(bundled[name], new ReaderParameters { ReadingMode = ReadingMode.Deferred, ReadSymbols = false });
            modules[name] = module;
            foreach (var reference in module.AssemblyReferences.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                if (bundled.ContainsKey(reference.Name))
                {
                    references.Add(new BundledReference(reference.Name, name));
                    if (seen.Add(reference.Name))
                    {
                        queue.Enqueue(reference.Name);
                    }
                }
                else if (!IsFramework(reference.Name, framework))
                {
                    missing.Add(new MissingReference(reference.Name, module.Assembly.Name.Name));
                }
            }
            foreach (var type in module.GetTypes())
            {
                foreach (var method in type.Methods.Where(m => m.HasPInvokeInfo))
                {
                    imports.Add(new NativeImport(method.PInvokeInfo.Module.Name, $"{module.Assembly.Name.Name}: {type.FullName}.{method.Name}") { Assembly = name });
                }
            }
        }
    }

    private static bool IsFramework(string name, ISet<string> framework) =>
        framework.Contains(name) || name.StartsWith("System.Private.", StringComparison.Ordinal)
        || name is "mscorlib" or "netstandard" or "System" or "System.Core" or "WindowsBase";
}
