namespace Vigil.Scanning;

/// <summary>What a recorded scan looked at: the Debian packages or the kernel of a release.</summary>
public enum ScanKind
{
    Debian,
    Kernel,
}

/// <summary>The words scan kinds have in the database, options and JSON ("debian", "kernel"), as they always had.</summary>
public static class ScanKindNames
{
    public static readonly IReadOnlyList<ScanKind> All = [ScanKind.Debian, ScanKind.Kernel];

    public static string Name(this ScanKind kind) => kind == ScanKind.Kernel ? "kernel" : "debian";

    public static ScanKind Parse(string name) => name switch
    {
        "debian" => ScanKind.Debian,
        "kernel" => ScanKind.Kernel,
        _ => throw new Common.VigilException($"scan kind '{name}' is not debian or kernel"),
    };
}
