using System.Collections.Concurrent;

namespace Vigil.Storage;

/// <summary>
/// The few reads every request makes (its token's holder, the product, its latest scans, its decisions' state), kept
/// in memory for as long as <see cref="DatabaseChanges"/> says the part of the database they came from is unchanged.
/// A stamp is taken before the read, so a change committed during it leaves the entry stale, never wrong. Bounded:
/// the table is cleared beyond <see cref="MaxEntries"/>.
/// </summary>
public sealed class CachedReads(DatabaseChanges changes)
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ChangeStamp Stamp, object Value)> entries = new(StringComparer.Ordinal);

    /// <summary>Product ids by name: a product is never renamed or removed, so the part a name's read depends on is known before it.</summary>
    private readonly ConcurrentDictionary<string, string> productIds = new(StringComparer.Ordinal);

    public async Task<T?> ReadAsync<T>(string key, string scope, Func<Task<T?>> read) where T : class
    {
        if (entries.TryGetValue(key, out var held) && changes.IsCurrent(held.Stamp))
        {
            return (T)held.Value;
        }
        var stamp = changes.Stamp(scope);
        var value = await read();
        if (stamp is not null && value is not null)
        {
            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }
            entries[key] = (stamp, value);
        }
        return value;
    }

    /// <summary>A product by name: cached once its id is known, since its id names the part it is read from.</summary>
    public async Task<Products.Product?> ProductAsync(string name, Func<Task<Products.Product?>> read)
    {
        if (!productIds.TryGetValue(name, out var id))
        {
            var product = await read();
            if (product is not null)
            {
                productIds[name] = product.Id;
            }
            return product;
        }
        return await ReadAsync("product:" + name, ChangeScopes.Product(id), read);
    }
}
