namespace Vigil.Common;

/// <summary>Where Vigil keeps its cached feeds and state: --data-dir, else VIGIL_DATA_DIR, else $XDG_DATA_HOME/vigil.</summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string FeedsPath => System.IO.Path.Combine(Path, "feeds");

    public static DataDirectory Resolve(string? explicitPath, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return new DataDirectory(explicitPath);
        }
        var fromVigil = environment("VIGIL_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(fromVigil))
        {
            return new DataDirectory(fromVigil);
        }
        var xdg = environment("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && System.IO.Path.IsPathRooted(xdg))
        {
            return new DataDirectory(System.IO.Path.Combine(xdg, "vigil"));
        }
        var home = environment("HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }
        if (string.IsNullOrWhiteSpace(home))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.DataDirectoryUnknown, "cannot find a data directory: HOME is not set");
        }
        return new DataDirectory(System.IO.Path.Combine(home, ".local", "share", "vigil"));
    }

    public string EnsureFeedsDirectory()
    {
        try
        {
            Directory.CreateDirectory(FeedsPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot create data directory {FeedsPath}: {e.Message}", e);
        }
        return FeedsPath;
    }
}
