namespace Freeze.Archive.Windows;

/// <summary>A resource type or name: a number, or a string (compared the way Windows looks names up, ignoring case).</summary>
public readonly record struct ResourceName(ushort Id, string? Name) : IComparable<ResourceName>
{
    public static ResourceName FromId(ushort id) => new(id, null);

    public static ResourceName FromName(string name) => new(0, name);

    public bool IsName => Name is not null;

    /// <summary>Named entries first, in ordinal order of their upper case (Windows looks them up so), then numbered ones ascending: the order of a resource directory.</summary>
    public int CompareTo(ResourceName other) => (Name, other.Name) switch
    {
        (null, null) => Id.CompareTo(other.Id),
        (null, _) => 1,
        (_, null) => -1,
        var (a, b) => string.CompareOrdinal(a.ToUpperInvariant(), b.ToUpperInvariant()),
    };

    public override string ToString() => Name ?? $"#{Id}";
}

/// <summary>The resource types Freeze treats specially.</summary>
public static class ResourceType
{
    public static readonly ResourceName Icon = ResourceName.FromId(3);
    public static readonly ResourceName GroupIcon = ResourceName.FromId(14);
    public static readonly ResourceName Version = ResourceName.FromId(16);
    public static readonly ResourceName Manifest = ResourceName.FromId(24);
}

/// <summary>One leaf of a resource tree: type, name and language, with its bytes.</summary>
public sealed record Win32Resource(ResourceName Type, ResourceName Name, ushort Language, byte[] Data, uint CodePage = 0);
