namespace Vigil.Products;

/// <summary>A product the team ships, e.g. a CIP Core based gateway.</summary>
public sealed class Product
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public List<ProductRelease> Releases { get; } = [];
}

/// <summary>
/// A release or branch of a product and where its inventory comes from: the Debian packages (a dpkg status file,
/// a root filesystem or an Isar deploy directory) and the kernel (version, git tree, build description).
/// </summary>
public sealed class ProductRelease
{
    /// <summary>Given when the catalog adds the release.</summary>
    public string Id { get; set; } = "";

    public string ProductId { get; set; } = "";

    public Product? Product { get; init; }

    public required string Name { get; set; }

    /// <summary>Null when the release has no Debian packages to scan; stored as "dpkg-status", "rootfs" or "isar-deploy".</summary>
    public Inventory.PackageInventoryKind? PackagesKind { get; set; }

    public string? PackagesPath { get; set; }

    public string? DebianRelease { get; set; }

    public string? KernelVersion { get; set; }

    public string? KernelPackageVersion { get; set; }

    public string? KernelGitRepo { get; set; }

    public string? KernelGitRef { get; set; }

    /// <summary>With <see cref="KernelBuildPath"/>; stored as "compiled-files", "build-dir" or "spdx".</summary>
    public Inventory.KernelBuildKind? KernelBuildKind { get; set; }

    public string? KernelBuildPath { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
