using Vigil.Feeds;
using Vigil.History;
using Vigil.Products;
using Vigil.Triage;

namespace Vigil.Application;

/// <summary>One product release as the dashboard shows it: its open findings by risk and by severity, and what needs a person.</summary>
/// <param name="NeedsAttention">Open findings whose decision expired or must be reviewed again (the component or the CVE record changed).</param>
public sealed record ReleaseOverview(
    string Product,
    string Release,
    DateTimeOffset? LastScan,
    int High,
    int Medium,
    int Low,
    IReadOnlyDictionary<string, int> BySeverity,
    int Untriaged,
    int NeedsAttention)
{
    public int Open => High + Medium + Low;
}

/// <summary>Every product release, the open findings per week over all of them (oldest week first), and the feeds, as of now.</summary>
public sealed record Overview(IReadOnlyList<ReleaseOverview> Releases, IReadOnlyList<WeekCount> Trend, IReadOnlyList<FeedState> Feeds)
{
    /// <summary>The open CRA Article 14 reporting cases, most urgent first: what the dashboard shows first.</summary>
    public IReadOnlyList<Cra.CaseStanding> Cases { get; init; } = [];

    public DateTimeOffset At { get; init; }
}

/// <summary>What the team looks at first: where the open findings are, and how fresh the data is.</summary>
public sealed class OverviewUseCases(ProductCatalog catalog, ScanHistory history, TriageService triage, TriageUseCases triageUseCases, FeedUseCases feeds, CraUseCases cra,
    TimeProvider clock)
{
    /// <summary>A quarter: long enough to see a direction, short enough to read week by week.</summary>
    public const int TrendWeeks = 13;

    public async Task<Overview> OverviewAsync(CancellationToken cancellation)
    {
        var releases = new List<ReleaseOverview>();
        var policy = triageUseCases.PolicyOf(null);
        var products = await catalog.ListAsync(cancellation);
        foreach (var product in products)
        {
            var findings = (await triage.FindingsAsync(product, policy, cancellation)).Where(f => f.IsOpen).ToLookup(f => f.Release.Id);
            // The latest scan of each kind is enough to say when a release was last scanned.
            var latest = (await history.LatestScansAsync(product, cancellation)).ToLookup(s => s.ReleaseId);
            foreach (var release in product.Releases.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                var open = findings[release.Id].ToArray();
                var scans = latest[release.Id].ToArray();
                releases.Add(new ReleaseOverview(product.Name, release.Name, scans.Length == 0 ? null : scans.Max(s => s.ScannedAt),
                    open.Count(f => f.Risk == RiskCategory.High), open.Count(f => f.Risk == RiskCategory.Medium), open.Count(f => f.Risk == RiskCategory.Low),
                    open.GroupBy(f => f.Finding.Severity).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                    open.Count(f => f.Standing == TriageStanding.Untriaged),
                    open.Count(f => f.Standing is TriageStanding.Expired or TriageStanding.ReReview)));
            }
        }
        var trend = await history.WeeklyTrendAsync([.. products.SelectMany(p => p.Releases)], clock.GetUtcNow(), TrendWeeks, cancellation);
        return new Overview(releases, trend, await feeds.StatusAsync(cancellation))
        {
            Cases = [.. (await cra.StatusAsync(null, cancellation)).Where(c => !c.IsClosed)],
            At = clock.GetUtcNow(),
        };
    }
}
