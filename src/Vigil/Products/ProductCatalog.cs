using Vigil.Common;

namespace Vigil.Products;

/// <summary>Products and their releases: add, list, find. Names are what users type; ids are Vigil's.</summary>
public sealed class ProductCatalog(IProductStore store, TimeProvider clock)
{
    /// <summary>
    /// Adds a release (and the product, the first time), giving it its ids and creation time. A release that exists is
    /// an error, not a silent update.
    /// </summary>
    public async Task<ProductRelease> AddReleaseAsync(string productName, string? description, ProductRelease release, CancellationToken cancellation)
    {
        ValidateName(productName, "product");
        ValidateName(release.Name, "release");
        var product = await store.FindProductAsync(productName, cancellation);
        if (product is not null && product.Releases.Any(r => r.Name == release.Name))
        {
            throw new VigilException(ErrorKind.Conflict, ErrorCodes.ReleaseExists, $"product {productName} already has a release {release.Name}");
        }
        var now = clock.GetUtcNow();
        var newProduct = product is null ? new Product { Id = Ids.New(), Name = productName, Description = description, CreatedAt = now } : null;
        release.Id = Ids.New();
        release.ProductId = (product ?? newProduct)!.Id;
        release.CreatedAt = now;
        // Two writers adding the same name at once: the store's unique keys refuse the second.
        await store.AddReleaseAsync(productName, newProduct, release, cancellation);
        return release;
    }

    public async Task<IReadOnlyList<Product>> ListAsync(CancellationToken cancellation) =>
        [.. (await store.ListProductsAsync(cancellation)).OrderBy(p => p.Name, StringComparer.Ordinal)];

    public async Task<Product> FindAsync(string productName, CancellationToken cancellation) =>
        await store.FindProductAsync(productName, cancellation)
        ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ProductUnknown, $"unknown product '{productName}'");

    /// <summary>The named release, or the product's newest when <paramref name="releaseName"/> is null.</summary>
    public async Task<ProductRelease> FindReleaseAsync(string productName, string? releaseName, CancellationToken cancellation)
    {
        var product = await FindAsync(productName, cancellation);
        if (releaseName is null)
        {
            return product.Releases.OrderByDescending(r => r.CreatedAt).FirstOrDefault()
                ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ProductWithoutRelease, $"product {productName} has no release yet");
        }
        return product.Releases.SingleOrDefault(r => r.Name == releaseName)
            ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ReleaseUnknown, $"product {productName} has no release '{releaseName}' (it has {string.Join(", ", product.Releases.Select(r => r.Name))})");
    }

    /// <summary>The release's last uploaded package inventory, or null when it has none (it names a path, or only a kernel).</summary>
    public Task<ReleaseInventory?> UploadedInventoryAsync(ProductRelease release, CancellationToken cancellation) =>
        store.InventoryOfAsync(release.Id, cancellation);

    private static void ValidateName(string name, string what)
    {
        if (name.Length is 0 or > 100 || name.Any(char.IsControl) || name.Trim() != name)
        {
            throw new VigilException($"invalid {what} name '{name}': 1 to 100 characters, no control characters or surrounding spaces");
        }
    }
}
