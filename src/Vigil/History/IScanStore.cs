using Vigil.Scanning;

namespace Vigil.History;

/// <summary>Where recorded scans are kept (Storage/ implements it on the team database).</summary>
public interface IScanStore
{
    /// <summary>
    /// Stores a scan with its findings, and the inventory it scanned when that was uploaded (it becomes the
    /// release's), in one transaction: whole or not at all.
    /// </summary>
    Task AddScanAsync(ScanRecord scan, Products.ReleaseInventory? uploaded, CancellationToken cancellation);

    /// <summary>A release's scans of one kind, oldest first (ties by id).</summary>
    Task<IReadOnlyList<ScanRecord>> ScansAsync(string releaseId, ScanKind kind, CancellationToken cancellation);

    /// <summary>The latest scan of each kind of each of the product's releases (by time, then id), in one look-up.</summary>
    Task<IReadOnlyList<ScanRecord>> LatestScansAsync(Products.Product product, CancellationToken cancellation);

    /// <summary>Every scan of these releases, without its findings.</summary>
    Task<IReadOnlyList<ScanRecord>> ScanHeadersAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellation);

    Task<IReadOnlyList<ScanFindingRecord>> FindingsAsync(IReadOnlyCollection<string> scanIds, CancellationToken cancellation);

    /// <summary>When these releases' scans found a CVE, each with whether a fixed version was known then.</summary>
    Task<IReadOnlyList<(DateTimeOffset ScannedAt, bool FixKnown)>> SightingsAsync(IReadOnlyCollection<string> releaseIds, string vulnerabilityId, CancellationToken cancellation);
}
