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
}
