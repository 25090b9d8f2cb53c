using Microsoft.EntityFrameworkCore;
using Vigil.Common;

namespace Vigil.Storage;

/// <summary>Products and their releases: add, list, find. Names are what users type; ids are Vigil's.</summary>
public sealed class ProductCatalog(VigilDb db, TimeProvider clock)
{
    /// <summary>Adds a release (and the product, the first time). A release that exists is an error, not a silent update.</summary>
    public ProductRelease AddRelease(string productName, string? description, ProductRelease release)
    {
        ValidateName(productName, "product");
        ValidateName(release.Name, "release");
        return db.Commit("the release", () =>
        {
            var product = db.Products.Include(p => p.Releases).SingleOrDefault(p => p.Name == productName);
            if (product is null)
            {
                product = new Product { Id = NewId(), Name = productName, Description = description, CreatedAt = clock.GetUtcNow() };
                db.Products.Add(product);
            }
            else if (product.Releases.Any(r => r.Name == release.Name))
            {
                throw new VigilException($"product {productName} already has a release {release.Name}");
            }
            var stored = new ProductRelease
            {
                Id = NewId(),
                ProductId = product.Id,
                Name = release.Name,
                PackagesKind = release.PackagesKind,
                PackagesPath = release.PackagesPath,
                DebianRelease = release.DebianRelease,
                KernelVersion = release.KernelVersion,
                KernelPackageVersion = release.KernelPackageVersion,
                KernelGitRepo = release.KernelGitRepo,
                KernelGitRef = release.KernelGitRef,
                KernelBuildKind = release.KernelBuildKind,
                KernelBuildPath = release.KernelBuildPath,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Releases.Add(stored);
            return stored;
        });
    }

    public IReadOnlyList<Product> List() =>
        [.. db.Products.Include(p => p.Releases).AsNoTracking().AsEnumerable().OrderBy(p => p.Name, StringComparer.Ordinal)];

    public Product Find(string productName) =>
        db.Products.Include(p => p.Releases).AsNoTracking().SingleOrDefault(p => p.Name == productName)
        ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ProductUnknown, $"unknown product '{productName}'");

    /// <summary>The named release, or the product's only one, or its newest when <paramref name="releaseName"/> is null.</summary>
    public ProductRelease FindRelease(string productName, string? releaseName)
    {
        var product = Find(productName);
        if (releaseName is null)
        {
            return product.Releases.OrderByDescending(r => r.CreatedAt).FirstOrDefault()
                ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ProductWithoutRelease, $"product {productName} has no release yet");
        }
        return product.Releases.SingleOrDefault(r => r.Name == releaseName)
            ?? throw new VigilException($"product {productName} has no release '{releaseName}' (it has {string.Join(", ", product.Releases.Select(r => r.Name))})");
    }

    internal static string NewId() => Guid.NewGuid().ToString("N");


    private static void ValidateName(string name, string what)
    {
        if (name.Length is 0 or > 100 || name.Any(c => char.IsControl(c)) || name.Trim() != name)
        {
            throw new VigilException($"invalid {what} name '{name}': 1 to 100 characters, no control characters or surrounding spaces");
        }
    }
}
