using Vigil.Feeds;
using Vigil.Feeds.Kernel;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Scanning.Kernel;

/// <summary>One CVE's outcome for the scanned kernel. Findings are kept for every CVE that is affected by version,
/// including those a later step filtered (fixed in the tree, ignored, not built), so nothing drops out silently.</summary>
public sealed record KernelFinding(KernelCveRecord Record, KernelVerdict Verdict, KernelStatus Status, string Reason, string Description)
{
    public Severity Severity => Record.Cvss is { } cvss ? SeverityExtensions.FromCvss(cvss.BaseScore) : Severity.Unknown;

    /// <summary>Still a risk to the product: affected, or a contradiction nobody has resolved.</summary>
    public bool IsOpen => Status is KernelStatus.Affected or KernelStatus.NeedsReview;

    public string Link => $"https://nvd.nist.gov/vuln/detail/{Record.Id.Text}";
}

public sealed record KernelScanResult(
    KernelVersion Version,
    string? Tree,
    FeedMetadata Feed,
    DateTimeOffset ScannedAt,
    int RecordsEvaluated,
    IReadOnlyList<KernelFinding> Findings,
    string? BuildSource);

/// <summary>A later step that may take an affected-by-version CVE off the open list, saying why.</summary>
public interface IKernelFindingFilter
{
    /// <summary>Returns a new status and reason for the finding, or null to leave it as it is.</summary>
    (KernelStatus Status, string Reason)? Refine(KernelCveRecord record, KernelVerdict verdict);
}

/// <summary>Question 1 and the steps after it: every record evaluated for a version, then refined by filters.</summary>
public static class KernelScanner
{
    public static IReadOnlyList<(int Index, KernelVerdict Verdict)> Evaluate(IReadOnlyList<KernelCveRecord> records, KernelVersion version)
    {
        var results = new List<(int, KernelVerdict)>();
        for (var i = 0; i < records.Count; i++)
        {
            var verdict = new KernelRecordEvaluator(records[i]).Evaluate(version);
            if (verdict.Status != KernelStatus.NotAffected)
            {
                results.Add((i, verdict));
            }
        }
        return results;
    }

    public static KernelScanResult Scan(KernelFeed feed, KernelVersion version, IReadOnlyList<IKernelFindingFilter> filters, DateTimeOffset now, string? tree = null, string? buildSource = null)
    {
        var findings = new List<KernelFinding>();
        foreach (var (index, verdict) in Evaluate(feed.Records, version))
        {
            var record = feed.Records[index];
            var status = verdict.Status;
            var reason = verdict.Reason;
            foreach (var filter in filters)
            {
                if (filter.Refine(record, verdict) is { } refined)
                {
                    (status, reason) = (refined.Status, $"{refined.Reason} ({verdict.Reason})");
                    break;
                }
            }
            findings.Add(new KernelFinding(record, verdict, status, reason, feed.DescriptionOf(index)));
        }
        return new KernelScanResult(version, tree, feed.Metadata, now, feed.Records.Count, findings, buildSource);
    }

    /// <summary>CVEs a release fixes (strak --fixed): those whose record names it as a branch or mainline fix.</summary>
    public static IReadOnlyList<KernelCveRecord> FixedIn(IReadOnlyList<KernelCveRecord> records, KernelVersion release) =>
        [.. records.Where(r => new KernelRecordEvaluator(r).FixReleases().Any(f => f == release))];
}
