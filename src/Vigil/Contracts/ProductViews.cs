using Vigil.Inventory;
using Vigil.Scanning;
using Vigil.History;
using Vigil.Products;

namespace Vigil.Contracts;

/// <summary><c>product show --format json</c> (docs/schemas/product-show.schema.json): a product, its releases and their recorded scans.</summary>
public sealed record ProductView(string Name, string? Description, IReadOnlyList<ProductView.ReleaseView> Releases)
{
    public sealed record ReleaseView(string Name, string? PackagesKind, string? PackagesPath, string? DebianRelease, string? KernelVersion, string? KernelGitRepo, IReadOnlyList<ScanEntry> Scans);

    public sealed record ScanEntry(string Id, string Kind, DateTimeOffset ScannedAt, string InventorySha256, string FeedSha256);

    public static ProductView Of(Product product, Func<ProductRelease, IEnumerable<ScanRecord>> scans) => new(product.Name, product.Description,
        [.. product.Releases.OrderBy(r => r.CreatedAt).Select(r => new ReleaseView(r.Name, r.PackagesKind?.Name(), r.PackagesPath, r.DebianRelease, r.KernelVersion, r.KernelGitRepo,
            [.. scans(r).Select(s => new ScanEntry(s.Id, s.Kind.Name(), s.ScannedAt, s.InventorySha256, s.FeedSha256))]))]);
}

/// <summary><c>product list --format json</c> (docs/schemas/product-list.schema.json): the products, by name, with their releases oldest first.</summary>
public sealed record ProductListEntry(string Name, string? Description, IReadOnlyList<string> Releases)
{
    public static IReadOnlyList<ProductListEntry> Of(IEnumerable<Product> products) =>
        [.. products.Select(p => new ProductListEntry(p.Name, p.Description, [.. p.Releases.OrderBy(r => r.CreatedAt).Select(r => r.Name)]))];
}
