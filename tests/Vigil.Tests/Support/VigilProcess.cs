namespace Vigil.Tests.Support;

/// <summary>The vigil command as a separate process, for what only a real process shows: signals, descriptors, mounts, users.</summary>
public static class VigilProcess
{
    /// <summary>
    /// The CLI project's own build (tests/Vigil.Tests/bin/CONFIG/TFM → src/Vigil.Cli/bin/CONFIG/TFM): the test output
    /// lacks some of its dependencies, which the ASP.NET framework supplies to the tests but not to vigil.
    /// </summary>
    public static string Dll { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Vigil.Cli/bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, new DirectoryInfo(AppContext.BaseDirectory).Name, "vigil.dll"));

    /// <summary>
    /// Runs vigil (arguments as shell words) with <paramref name="directory"/> read-only, bounded at 60 s. Root ignores
    /// permission bits, so for root the directory becomes a read-only bind mount in a private mount namespace (EROFS,
    /// as on a read-only root file system); for anyone else it, and the files directly in it, lose their write bits.
    /// </summary>
    public static (int ExitCode, string Out, string Error) RunWithReadOnly(string directory, string args, string environment = "")
    {
        var command = $"{environment} exec timeout 60 dotnet '{Dll}' {args}";
        if (Environment.UserName == "root")
        {
            return Tool.Run("/", "unshare", "-m", "sh", "-c", $"mount --bind '{directory}' '{directory}' && mount -o remount,bind,ro '{directory}' && {command}");
        }
        var modes = Directory.EnumerateFiles(directory).Append(directory).ToDictionary(p => p, File.GetUnixFileMode);
        try
        {
            foreach (var (path, mode) in modes)
            {
                File.SetUnixFileMode(path, mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
            }
            return Tool.Run("/", "sh", "-c", command);
        }
        finally
        {
            foreach (var (path, mode) in modes)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
    }
}
