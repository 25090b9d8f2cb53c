using Vigil.Feeds;
using Vigil.Feeds.Kernel;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Scanning.Kernel;

/// <summary>One CVE's outcome for the scanned kernel. Findings are kept for every CVE that is affected by version,
/// including those a later step filtered (fixed in the tree, ignored, not built), so nothing drops out silently.</summary>
public sealed record KernelFinding(VulnerabilityId Id, KernelCveDetails Details, KernelVerdict Verdict, KernelStatus Status, string Reason, Common.JsonStringLiteral Description)
{
    public Severity Severity => Details.Cvss is { } cvss ? SeverityExtensions.FromCvss(cvss.BaseScore) : Severity.Unknown;

    /// <summary>Still a risk to the product: affected, or a contradiction nobody has resolved.</summary>
    public bool IsOpen => Status is KernelStatus.Affected or KernelStatus.NeedsReview;

    public string Link => $"https://nvd.nist.gov/vuln/detail/{Id.Text}";
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
    (KernelStatus Status, string Reason)? Refine(VulnerabilityId id, KernelCveDetails details, KernelVerdict verdict);
}

/// <summary>Question 1 and the steps after it: every record evaluated for a version, then refined by filters.</summary>
public static class KernelScanner
{
    /// <summary>The rule of one of a feed's records, made when asked for: a scan needs each once.</summary>
    public static KernelRule RuleOf(KernelFeed feed, int index) => new(feed.CompiledRecordOf(index));

    public static KernelScanResult Scan(KernelFeed feed, KernelVersion version, IReadOnlyList<IKernelFindingFilter> filters, DateTimeOffset now, string? tree = null, string? buildSource = null)
    {
        var findings = new List<KernelFinding>();
        var rules = new KernelRuleReader(feed);
        for (var index = 0; index < feed.Ids.Count; index++)
        {
            if (rules.EvaluateUnlessNotAffected(index, version) is not { } verdict)
            {
                continue;
            }
            var id = feed.Ids[index];
            var details = feed.Details(index);
            var status = verdict.Status;
            var reason = verdict.Reason;
            foreach (var filter in filters)
            {
                if (filter.Refine(id, details, verdict) is { } refined)
                {
                    (status, reason) = (refined.Status, $"{refined.Reason} ({verdict.Reason})");
                    break;
                }
            }
            findings.Add(new KernelFinding(id, details, verdict, status, reason, feed.DescriptionOf(index)));
        }
        return new KernelScanResult(version, tree, feed.Metadata, now, feed.Ids.Count, findings, buildSource);
    }

    /// <summary>CVEs a release fixes (strak --fixed): those whose record names it as a branch or mainline fix.</summary>
    public static IReadOnlyList<int> FixedIn(KernelFeed feed, KernelVersion release) =>
        [.. Enumerable.Range(0, feed.Ids.Count).Where(i => RuleOf(feed, i).FixReleases().Any(f => f == release))];
}
