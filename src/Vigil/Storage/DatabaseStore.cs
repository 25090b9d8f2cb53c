using Microsoft.EntityFrameworkCore;
using Vigil.History;
using Vigil.Notifications;
using Vigil.Products;
using Vigil.Scanning;
using Vigil.Triage;

namespace Vigil.Storage;

/// <summary>
/// The domain's stores on the team database: each write is one transaction, reads are untracked. The database is
/// opened on first use, so work that never needs it (a scan of a file) never opens it.
/// </summary>
public sealed class DatabaseStore(VigilDatabase.Connector connector) : IProductStore, IScanStore, ITriageStore, INotificationStore, IDisposable
{
    private VigilDb? opened;

    private VigilDb Db => opened ??= connector.Open();

    public void Dispose() => opened?.Dispose();

    public Task<Product?> FindProductAsync(string name, CancellationToken cancellation) =>
        Db.Products.Include(p => p.Releases).AsNoTracking().SingleOrDefaultAsync(p => p.Name == name, cancellation);

    public async Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellation) =>
        await Db.Products.Include(p => p.Releases).AsNoTracking().ToListAsync(cancellation);

    public Task AddReleaseAsync(Product? newProduct, ProductRelease release, CancellationToken cancellation) =>
        Db.CommitAsync("the release", () =>
        {
            if (newProduct is not null)
            {
                Db.Products.Add(newProduct);
            }
            Db.Releases.Add(release);
        }, cancellation);

    public Task AddScanAsync(ScanRecord scan, CancellationToken cancellation) =>
        Db.CommitAsync("the scan", () => Db.Scans.Add(scan), cancellation);

    public async Task<IReadOnlyList<ScanRecord>> ScansAsync(string releaseId, ScanKind kind, CancellationToken cancellation) =>
        [.. (await Db.Scans.AsNoTracking().Where(s => s.ReleaseId == releaseId && s.Kind == kind).ToListAsync(cancellation))
            .OrderBy(s => s.ScannedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<ScanFindingRecord>> FindingsAsync(IReadOnlyCollection<string> scanIds, CancellationToken cancellation) =>
        await Db.Findings.AsNoTracking().Where(f => scanIds.Contains(f.ScanId)).ToListAsync(cancellation);

    public Task AddDecisionsAsync(IReadOnlyList<TriageDecision> decisions, CancellationToken cancellation) =>
        Db.CommitAsync("the decisions", () => Db.Decisions.AddRange(decisions), cancellation);

    public async Task<IReadOnlyList<TriageDecision>> DecisionsAsync(string productId, string? vulnerabilityId, CancellationToken cancellation) =>
        [.. (await Db.Decisions.AsNoTracking().Where(d => d.ProductId == productId && (vulnerabilityId == null || d.VulnerabilityId == vulnerabilityId)).ToListAsync(cancellation))
            .OrderBy(d => d.DecidedAt).ThenBy(d => d.Id, StringComparer.Ordinal)];

    public async Task<NotificationRecord?> LastSentAsync(string scope, string stateKey, CancellationToken cancellation) =>
        (await Db.Notifications.AsNoTracking().Where(n => n.Scope == scope && n.StateKey == stateKey).ToListAsync(cancellation))
            .OrderBy(n => n.SentAt).LastOrDefault();

    public Task AddNotificationAsync(NotificationRecord record, CancellationToken cancellation) =>
        Db.CommitAsync("the notification record", () => Db.Notifications.Add(record), cancellation);
}
