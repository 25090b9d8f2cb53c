using Vigil.History;
using Vigil.Inventory;
using Vigil.Products;
using Vigil.Scanning;
using Vigil.Scanning.Kernel;

namespace Vigil.Application;

/// <summary>A release to add, with where its inventory comes from (paths absolute); the product is created the first time.</summary>
public sealed record AddReleaseRequest
{
    public required string Product { get; init; }

    public string? Description { get; init; }

    public required string Release { get; init; }

    public PackageInventoryKind? PackagesKind { get; init; }

    public string? PackagesPath { get; init; }

    public string? DebianRelease { get; init; }

    public string? KernelVersion { get; init; }

    public string? KernelPackageVersion { get; init; }

    public string? KernelGitRepository { get; init; }

    public string? KernelGitReference { get; init; }

    public KernelBuildKind? KernelBuildKind { get; init; }

    public string? KernelBuildPath { get; init; }
}

/// <summary>A product with every release's scans, oldest first.</summary>
public sealed record ProductDetails(Product Product, IReadOnlyDictionary<string, IReadOnlyList<ScanRecord>> ScansByRelease)
{
    public IReadOnlyList<ScanRecord> ScansOf(ProductRelease release, ScanKind kind) =>
        [.. ScansByRelease.GetValueOrDefault(release.Id, []).Where(s => s.Kind == kind)];
}

/// <summary>Products and their releases.</summary>
public sealed class ProductUseCases(ProductCatalog catalog, ScanHistory history)
{
    public Task<ProductRelease> AddReleaseAsync(AddReleaseRequest request, CancellationToken cancellation)
    {
        if (request.KernelVersion is { } version)
        {
            // A version that names no release is refused now, not at the first scan.
            RunningKernelRelease.Resolve(version, request.KernelPackageVersion);
        }
        return catalog.AddReleaseAsync(request.Product, request.Description, new ProductRelease
        {
            Name = request.Release,
            PackagesKind = request.PackagesKind,
            PackagesPath = request.PackagesPath,
            DebianRelease = request.DebianRelease,
            KernelVersion = request.KernelVersion,
            KernelPackageVersion = request.KernelPackageVersion,
            KernelGitRepo = request.KernelGitRepository,
            KernelGitRef = request.KernelGitReference,
            KernelBuildKind = request.KernelBuildKind,
            KernelBuildPath = request.KernelBuildPath,
        }, cancellation);
    }

    public Task<IReadOnlyList<Product>> ListAsync(CancellationToken cancellation) => catalog.ListAsync(cancellation);

    public async Task<ProductDetails> ShowAsync(string product, CancellationToken cancellation)
    {
        var found = await catalog.FindAsync(product, cancellation);
        var scans = new Dictionary<string, IReadOnlyList<ScanRecord>>();
        foreach (var release in found.Releases)
        {
            var all = new List<ScanRecord>();
            foreach (var kind in ScanKindNames.All)
            {
                all.AddRange(await history.ScansAsync(release, kind, cancellation));
            }
            scans[release.Id] = all;
        }
        return new ProductDetails(found, scans);
    }
}
