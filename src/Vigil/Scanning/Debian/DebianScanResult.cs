using Vigil.Feeds;
using Vigil.Inventory;
using Vigil.Vulnerabilities;

namespace Vigil.Scanning.Debian;

/// <summary>Everything a Debian scan found, with what it scanned and against which feed.</summary>
public sealed record DebianScanResult(
    ScanTarget Target,
    string Release,
    FeedMetadata Feed,
    DateTimeOffset FeedFreshAsOf,
    DateTimeOffset ScannedAt,
    IReadOnlyList<DebianFinding> Findings)
{
    public TimeSpan FeedAge => ScannedAt - FeedFreshAsOf;

    /// <summary>Stale by the tracker feed's rule (<see cref="FeedCatalog.StaleAfter"/>): scans warn about it.</summary>
    public bool FeedIsStale => FeedAge > FeedCatalog.StaleAfter(FeedKind.DebianTracker);

    /// <summary>Findings in the order people act on them: by package (fixable and most urgent first), then within it.</summary>
    public static IReadOnlyList<IGrouping<string, DebianFinding>> ByPackageMostUrgentFirst(IEnumerable<DebianFinding> findings) =>
        findings
            .OrderBy(f => f.FixAvailable ? 0 : 1).ThenBy(f => f.Severity.UrgencyRank()).ThenBy(f => f.Id)
            .GroupBy(f => f.SourcePackage)
            .OrderBy(g => g.Any(f => f.FixAvailable) ? 0 : 1)
            .ThenBy(g => g.Min(f => f.Severity.UrgencyRank()))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToArray();
}

/// <summary>The table filters (--only-fixed, --hide-unimportant, --severity) and the --fail-on gate over what they keep.</summary>
public sealed record FindingFilter(bool OnlyFixed = false, bool HideUnimportant = false, IReadOnlySet<Severity>? Severities = null)
{
    public bool Keeps(DebianFinding finding) =>
        (!OnlyFixed || finding.FixAvailable)
        && (!HideUnimportant || finding.Severity != Severity.Unimportant)
        && (Severities is null || Severities.Contains(finding.Severity));

    public IReadOnlyList<DebianFinding> Apply(IEnumerable<DebianFinding> findings) => findings.Where(Keeps).ToArray();
}
