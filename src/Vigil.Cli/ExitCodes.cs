namespace Vigil.Cli;

/// <summary>The exit codes CI scripts rely on.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad input, missing data, an unreachable server: anything the user must fix.</summary>
    public const int Error = 1;

    /// <summary>The scan ran, and findings at or above the --fail-on level remain.</summary>
    public const int GateFailed = 2;

    /// <summary>Stopped by Ctrl-C (SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM, as shells report it.</summary>
    public const int Terminated = 143;
}
