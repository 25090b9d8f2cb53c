namespace Vigil.Tests.Support;

/// <summary>
/// An installation made by scripts/install.sh, named by VIGIL_NATIVE_INSTALL (.ci/run makes one): the native vigil
/// and the managed one it hands commands to. Building it takes minutes, so the suite does not; tests that need it are
/// marked <see cref="RequiresNativeInstallFactAttribute"/> and are skipped without it.
/// </summary>
public static class NativeInstall
{
    public static string? Directory { get; } = Environment.GetEnvironmentVariable("VIGIL_NATIVE_INSTALL") is { Length: > 0 } d ? d : null;

    /// <summary>Why a test that needs the installation was skipped.</summary>
    public const string Missing = "needs the native build: scripts/install.sh DIR, then VIGIL_NATIVE_INSTALL=DIR (.ci/run does both)";

    /// <summary>The native front end.</summary>
    public static string Native => Checked(Path.Combine(Directory!, "vigil"));

    /// <summary>The managed vigil installed with it.</summary>
    public static string Managed => Checked(Path.Combine(Directory!, "managed", "vigil"));

    /// <summary>Runs a vigil binary, bounded at 60 s; <paramref name="environment"/> holds NAME=value settings.</summary>
    public static (int ExitCode, string Out, string Error) Run(string binary, string workingDirectory, string[] args, params string[] environment) =>
        Tool.Run(workingDirectory, "env", [.. environment, "timeout", "60", binary, .. args]);

    // An installation without its native part (no toolchain: install.sh falls back) must fail these tests, not pass them.
    private static string Checked(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"VIGIL_NATIVE_INSTALL has no {path}: not an installation with the native front end");
}

public sealed class RequiresNativeInstallFactAttribute : FactAttribute
{
    public RequiresNativeInstallFactAttribute()
    {
        if (NativeInstall.Directory is null)
        {
            Skip = NativeInstall.Missing;
        }
    }
}

public sealed class RequiresNativeInstallTheoryAttribute : TheoryAttribute
{
    public RequiresNativeInstallTheoryAttribute()
    {
        if (NativeInstall.Directory is null)
        {
            Skip = NativeInstall.Missing;
        }
    }
}
