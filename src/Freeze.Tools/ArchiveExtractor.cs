using Freeze.Archive;

namespace Freeze.Tools;

/// <summary>
/// Writes every file member of an archive below one folder. Names are checked again here, whatever
/// the reader accepted: nothing is written outside the folder, through a symbolic link, or over a file.
/// </summary>
internal static class ArchiveExtractor
{
    private const UnixFileMode PermissionBits = (UnixFileMode)0b111_111_111;

    public static int ExtractAll(ArchiveView view, string directory)
    {
        string root = Path.GetFullPath(directory);
        CreateDirectory(root, refuseLink: false);
        int count = 0;
        foreach (var item in view.Items)
        {
            if (item.FileName is null)
            {
                continue;
            }
            string target = ResolveTarget(root, item.FileName, view.DisplayPath);
            byte[] content;
            try
            {
                content = view.Read(item);
            }
            catch (InvalidArchiveException e)
            {
                throw new ToolException(FreezeDiagnostics.ToolDamagedArchive, $"{NestedArchive.PathOf(view, item)} cannot be read: {e.Message}");
            }
            if (item.TypeCode == PackageTypeCode.Symlink)
            {
                CreateLink(target, item.FileName, content, view.DisplayPath);
            }
            else
            {
                WriteNewFile(target, content, item.Mode);
            }
            count++;
        }
        return count;
    }

    private static string ResolveTarget(string root, string name, string archive)
    {
        if (!MemberName.IsValid(name))
        {
            throw new ToolException(FreezeDiagnostics.ToolDamagedArchive, $"{archive} has a member named '{name}', which would be written outside the folder");
        }
        string target = Path.GetFullPath(Path.Combine(root, name));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ToolException(FreezeDiagnostics.ToolDamagedArchive, $"{archive} has a member named '{name}', which would be written outside the folder");
        }
        string parent = root;
        foreach (string segment in name.Split('/')[..^1])
        {
            parent = Path.Combine(parent, segment);
            CreateDirectory(parent, refuseLink: true);
        }
        return target;
    }

    private static void CreateDirectory(string path, bool refuseLink)
    {
        try
        {
            var info = new DirectoryInfo(path);
            if (refuseLink && info.LinkTarget is not null)
            {
                throw new ToolException(FreezeDiagnostics.ToolCannotWrite, $"{path} is a symbolic link; nothing is extracted through it");
            }
            if (!info.Exists)
            {
                Directory.CreateDirectory(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(FreezeDiagnostics.ToolCannotWrite, $"cannot create {path}: {e.Message}");
        }
    }

    /// <summary>
    /// A link member becomes a link only when its target is some leading '..' that do not climb above the
    /// folder, then plain names: as folders are never links, the link cannot lead outside, even through other links.
    /// </summary>
    private static void CreateLink(string path, string name, byte[] content, string archive)
    {
        string linkTarget = System.Text.Encoding.UTF8.GetString(content);
        string[] segments = linkTarget.Split('/');
        int climbs = segments.TakeWhile(s => s == "..").Count();
        string rest = string.Join('/', segments.Skip(climbs));
        bool inside = climbs <= name.Count(c => c == '/') && (rest.Length == 0 ? climbs > 0 : MemberName.IsValid(rest));
        if (!inside)
        {
            throw new ToolException(FreezeDiagnostics.ToolDamagedArchive, $"{archive} has a link '{name}' to '{linkTarget}', outside the folder");
        }
        try
        {
            File.CreateSymbolicLink(path, linkTarget);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(FreezeDiagnostics.ToolCannotWrite, $"cannot create the link {path}: {e.Message}");
        }
    }

    private static void WriteNewFile(string path, byte[] content, int mode)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = ((UnixFileMode)mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var stream = new FileStream(path, options);
            stream.Write(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(FreezeDiagnostics.ToolCannotWrite, $"cannot write {path}: {e.Message}");
        }
    }
}
