using Vigil.Common;
using Vigil.History;
using Vigil.Products;
using Vigil.Scanning;

namespace Vigil.Application;

/// <summary>
/// Which two scans of a product's release to compare: by id, or the later one is the latest and the earlier one
/// the last scan at least <see cref="Since"/> before it, else the one before it.
/// </summary>
public sealed record DiffRequest
{
    public required string Product { get; init; }

    public string? Release { get; init; }

    /// <summary>Debian packages or kernel; the release's packages when it has any, else its kernel.</summary>
    public ScanKind? Kind { get; init; }

    public string? FromScan { get; init; }

    public string? ToScan { get; init; }

    public TimeSpan? Since { get; init; }
}

public sealed record DiffOutcome(string Product, ProductRelease Release, ScanKind Kind, ScanDiff Diff);

/// <summary>Comparing recorded scans, and what they say about one CVE.</summary>
public sealed class HistoryUseCases(ProductCatalog catalog, ScanHistory history)
{
    /// <summary>What the latest scans of every release of a product say about one CVE, also where a kernel scan took it off the open list, and why.</summary>
    public async Task<IReadOnlyList<CurrentFinding>> LatestVerdictsAsync(string product, string cve, CancellationToken cancellation) =>
        await history.CurrentFindingsOfAsync(await catalog.FindAsync(product, cancellation), cve, cancellation);

    public async Task<DiffOutcome> DiffAsync(DiffRequest request, CancellationToken cancellation)
    {
        var release = await catalog.FindReleaseAsync(request.Product, request.Release, cancellation);
        var kind = request.Kind ?? (release.PackagesKind is not null ? ScanKind.Debian : ScanKind.Kernel);
        var scans = await history.ScansAsync(release, kind, cancellation);
        var where = $"{request.Product} {release.Name}";
        ScanRecord Pick(string id) => scans.SingleOrDefault(s => s.Id == id)
            ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ScanUnknown, $"no {kind.Name()} scan {id} for {where}");
        var later = request.ToScan is { } toId ? Pick(toId)
            : scans.Count > 0 ? scans[^1]
            : throw new VigilException(ErrorKind.NotFound, ErrorCodes.ScanMissing, $"{where} has no recorded {kind.Name()} scan");
        ScanRecord? earlier;
        if (request.FromScan is { } fromId)
        {
            earlier = Pick(fromId);
        }
        else if (request.Since is { } age)
        {
            var cutoff = later.ScannedAt - age;
            earlier = scans.LastOrDefault(s => s.ScannedAt <= cutoff) ?? scans.FirstOrDefault(s => s.Id != later.Id && s.ScannedAt < later.ScannedAt);
        }
        else
        {
            earlier = scans.LastOrDefault(s => s.ScannedAt < later.ScannedAt || (s.ScannedAt == later.ScannedAt && string.CompareOrdinal(s.Id, later.Id) < 0));
        }
        if (earlier is null)
        {
            throw new VigilException(ErrorKind.NotFound, ErrorCodes.NothingToCompare, $"{where} has only one {kind.Name()} scan; there is nothing to compare it with yet");
        }
        return new DiffOutcome(request.Product, release, kind, await history.DiffAsync(earlier, later, cancellation));
    }
}
