namespace Vigil.Inventory;

/// <summary>Where a product release's Debian packages are listed.</summary>
public enum PackageInventoryKind
{
    /// <summary>A dpkg status file (an Isar image's *.dpkg_status).</summary>
    DpkgStatus,

    /// <summary>A root filesystem: DIR/var/lib/dpkg/status and its os-release.</summary>
    Rootfs,

    /// <summary>An Isar deploy directory with one *.dpkg_status.</summary>
    IsarDeploy,

    /// <summary>An SBOM (CycloneDX or SPDX JSON) listing Debian packages by purl.</summary>
    Sbom,
}

/// <summary>What tells which kernel source files a release's build compiles.</summary>
public enum KernelBuildKind
{
    /// <summary>A list of compiled source files.</summary>
    CompiledFiles,

    /// <summary>A kernel build output directory with its *.o.cmd files.</summary>
    BuildDirectory,

    /// <summary>An SPDX SBOM listing the compiled sources.</summary>
    Spdx,
}

/// <summary>The names these kinds have in the database, reports and JSON: the same words as ever, so nothing stored changes.</summary>
public static class InventoryKindNames
{
    public static string Name(this PackageInventoryKind kind) => kind switch
    {
        PackageInventoryKind.DpkgStatus => "dpkg-status",
        PackageInventoryKind.Rootfs => "rootfs",
        PackageInventoryKind.Sbom => "sbom",
        _ => "isar-deploy",
    };

    public static PackageInventoryKind ParsePackageInventoryKind(string name) => name switch
    {
        "dpkg-status" => PackageInventoryKind.DpkgStatus,
        "rootfs" => PackageInventoryKind.Rootfs,
        "isar-deploy" => PackageInventoryKind.IsarDeploy,
        "sbom" => PackageInventoryKind.Sbom,
        _ => throw new Common.VigilException($"stored inventory kind '{name}' is not dpkg-status, rootfs, isar-deploy or sbom"),
    };

    public static string Name(this KernelBuildKind kind) => kind switch
    {
        KernelBuildKind.CompiledFiles => "compiled-files",
        KernelBuildKind.BuildDirectory => "build-dir",
        _ => "spdx",
    };

    public static KernelBuildKind ParseKernelBuildKind(string name) => name switch
    {
        "compiled-files" => KernelBuildKind.CompiledFiles,
        "build-dir" => KernelBuildKind.BuildDirectory,
        "spdx" => KernelBuildKind.Spdx,
        _ => throw new Common.VigilException($"stored kernel build kind '{name}' is not compiled-files, build-dir or spdx"),
    };
}
