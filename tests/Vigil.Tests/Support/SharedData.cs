namespace Vigil.Tests.Support;

/// <summary>
/// The team's shared data (../shared beside the checkout), present for developers and CI but not on a user's
/// machine. Tests that need it are marked <see cref="RequiresSharedDataFactAttribute"/> and are skipped without it.
/// </summary>
public static class SharedData
{
    public static string? Directory { get; } = Find();

    public static string Path(string relative) => System.IO.Path.Combine(Directory ?? throw new InvalidOperationException("no shared data"), relative);

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("VIGIL_SHARED_DIR") is { Length: > 0 } explicitDirectory)
        {
            return explicitDirectory;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                var shared = System.IO.Path.Combine(dir.FullName, "..", "shared");
                return System.IO.Directory.Exists(System.IO.Path.Combine(shared, "tools")) ? System.IO.Path.GetFullPath(shared) : null;
            }
        }
        return null;
    }
}

public sealed class RequiresSharedDataFactAttribute : FactAttribute
{
    public RequiresSharedDataFactAttribute()
    {
        if (SharedData.Directory is null)
        {
            Skip = "needs ../shared (the team's data directory) beside the checkout";
        }
    }
}
