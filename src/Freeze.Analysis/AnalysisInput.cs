namespace Freeze.Analysis;

public enum FreezeMode
{
    OneDir,
    OneFile,
}

/// <summary>FreezeModuleArchive.</summary>
public enum ModuleArchivePolicy
{
    /// <summary>Managed dependencies in the module archive, but those whose location code reads stay files.</summary>
    True,
    /// <summary>Every managed assembly a file.</summary>
    False,
    /// <summary>The module archive even for assemblies whose location code reads.</summary>
    Force,
}

/// <summary>A publish item (ResolvedFileToPublish): its path in the publish folder and where the SDK found it.</summary>
public sealed record PublishFile(string RelativePath, string Source)
{
    public string PackageId { get; init; } = "";

    public string PackageVersion { get; init; } = "";

    public string PathInPackage { get; init; } = "";

    /// <summary>The project that produced it (a ProjectReference), when not this one.</summary>
    public string SourceProject { get; init; } = "";

    /// <summary>ExcludeFromFreeze: OneDir keeps it beside the executable, OneFile leaves it out.</summary>
    public bool ExcludeFromFreeze { get; init; }
}

/// <summary>A FreezeData or FreezeBinary item.</summary>
public sealed record UserFile(string Source, string? Destination = null);

/// <summary>A FreezeTree item: every file under <see cref="Folder"/>, under <see cref="Prefix"/>, minus <see cref="Excludes"/>.</summary>
public sealed record UserTree(string Folder, string Prefix = "", IReadOnlyList<string>? Excludes = null, string? TypeCode = null);

/// <summary>What the app asks of Freeze.Runtime and the bootloader at run time; they become package options.</summary>
public sealed record RuntimeSettings
{
    /// <summary>FreezeRuntimeHook types, in order.</summary>
    public IReadOnlyList<string> Hooks { get; init; } = [];

    /// <summary>FreezeRuntimeOption items: runtime property name and value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = [];

    public bool WorkerAutoDispatch { get; init; } = true;

    public bool AllowStartupHooks { get; init; }

    /// <summary>The project's StartupHookSupport: false when the runtime ignores startup hooks.</summary>
    public bool StartupHookSupport { get; init; } = true;

    public bool HostingContentRoot { get; init; } = true;

    /// <summary>FreezeRuntimeTmpDir, expanded by the bootloader (OneFile).</summary>
    public string TmpDir { get; init; } = "";

    /// <summary>FreezeExtractionCache: OneFile unpacks once into the per-user cache and reuses the verified folder.</summary>
    public bool ExtractionCache { get; init; }
}

/// <summary>Everything analysis reads: the publish set, the user's Freeze items and settings. No MSBuild types.</summary>
public sealed record AnalysisInput
{
    public required FreezeMode Mode { get; init; }

    /// <summary>The main assembly's file name (App.dll).</summary>
    public required string MainAssembly { get; init; }

    /// <summary>The apphost's name in the publish set; the frozen executable takes its place.</summary>
    public required string AppHostName { get; init; }

    /// <summary>Freeze.Runtime.dll from the package, added when the publish set lacks it.</summary>
    public required string StartupHookAssembly { get; init; }

    /// <summary>Where rewritten files go (the host's deps.json).</summary>
    public required string IntermediateDirectory { get; init; }

    public IReadOnlyList<PublishFile> Files { get; init; } = [];

    public string? ProjectAssetsFile { get; init; }

    public string? TargetFrameworkMoniker { get; init; }

    public string? RuntimeIdentifier { get; init; }

    /// <summary>Package ids of the runtime packs (self-contained): their files stay files.</summary>
    public IReadOnlyCollection<string> RuntimePackIds { get; init; } = [];

    /// <summary>Simple names of the shared framework's assemblies the app compiles against.</summary>
    public IReadOnlyCollection<string> FrameworkAssemblies { get; init; } = [];

    public bool SelfContained { get; init; }

    public ModuleArchivePolicy ModuleArchive { get; init; } = ModuleArchivePolicy.True;

    public bool IncludeSymbols { get; init; }

    public IReadOnlyList<UserFile> Data { get; init; } = [];

    public IReadOnlyList<UserFile> Binaries { get; init; } = [];

    public IReadOnlyList<UserTree> Trees { get; init; } = [];

    /// <summary>FreezeExclude: destination names, file names or assembly names.</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>FreezeHiddenAssembly: assemblies loaded by name that the scan cannot see.</summary>
    public IReadOnlyList<string> HiddenAssemblies { get; init; } = [];

    /// <summary>Full paths of project items marked ExcludeFromFreeze.</summary>
    public IReadOnlyCollection<string> ExcludedSources { get; init; } = [];

    /// <summary>The bootloader the executable starts with: its glibc needs count too.</summary>
    public string? Bootloader { get; init; }

    /// <summary>FreezeMinimumGlibc, parsed.</summary>
    public Version? MinimumGlibc { get; init; }

    public RuntimeSettings Runtime { get; init; } = new();
}
