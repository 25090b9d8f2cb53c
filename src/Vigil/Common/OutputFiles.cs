namespace Vigil.Common;

/// <summary>
/// Files Vigil writes inside a folder it was given (records, checklists, keys): a name from input never leads out of
/// the folder ("../../etc/x", an absolute path, a symbolic link to elsewhere), and a failed write is one line.
/// </summary>
public static class OutputFiles
{
    /// <summary>The full path of <paramref name="name"/> inside <paramref name="folder"/>, or an error when it would lie outside.</summary>
    public static string Inside(string folder, string name)
    {
        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new VigilException($"'{name}' would be written outside {folder}; expected a name inside it");
        }
        for (var directory = Path.GetDirectoryName(full); directory is not null && directory.Length > root.Length; directory = Path.GetDirectoryName(directory))
        {
            if (InputFiles.KindOf(directory) == "symbolic link")
            {
                throw new VigilException($"'{name}' would be written through the symbolic link {directory}, which may lead outside {folder}");
            }
        }
        return full;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, creating its directory.</summary>
    public static void WriteText(string path, string text)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot write {path}: {Reason(e)}", e);
        }
    }

    /// <summary>Why a write failed, in words: never the runtime's message, which may be a resource key.</summary>
    public static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied, or a read-only file system",
        DirectoryNotFoundException => "its directory does not exist",
        IOException { HResult: 28 } => "the disk is full",
        IOException { HResult: 30 } => "the file system is read-only",
        IOException { HResult: 17 } => "it already exists",
        IOException { HResult: 32 } => "the pipe's reader closed it before the end (as head does)",
        _ => "an input/output error",
    };
}
