namespace Vigil.Products;

/// <summary>Where products and releases are kept (Storage/ implements it on the team database).</summary>
public interface IProductStore
{
    /// <summary>The product with its releases, or null.</summary>
    Task<Product?> FindProductAsync(string name, CancellationToken cancellation);

    Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellation);

    /// <summary>The release's last uploaded package inventory, or null.</summary>
    Task<ReleaseInventory?> InventoryOfAsync(string releaseId, CancellationToken cancellation);

    /// <summary>Stores a release, and its product when <paramref name="newProduct"/> is given, in one transaction.</summary>
    Task AddReleaseAsync(string productName, Product? newProduct, ProductRelease release, CancellationToken cancellation);
}
