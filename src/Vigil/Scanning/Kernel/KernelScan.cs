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
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<KernelFeed, KernelRule[]> RulesByFeed = [];

    /// <summary>The rules of a feed's records, indexed as the feed is; made once per opened feed.</summary>
    public static IReadOnlyList<KernelRule> RulesOf(KernelFeed feed) =>
        RulesByFeed.GetValue(feed, f =>
        {
            var rules = new KernelRule[f.Records.Count];
            for (var i = 0; i < rules.Length; i++)
            {
                rules[i] = new KernelRule(f.Records[i]);
            }
            return rules;
        });

    public static KernelScanResult Scan(KernelFeed feed, KernelVersion version, IReadOnlyList<IKernelFindingFilter> filters, DateTimeOffset now, string? tree = null, string? buildSource = null)
    {
        var findings = new List<KernelFinding>();
        var rules = RulesOf(feed);
        for (var index = 0; index < rules.Count; index++)
        {
            if (rules[index].EvaluateUnlessNotAffected(version) is not { } verdict)
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
        return new KernelScanResult(version, tree, feed.Metadata, now, feed.Records.Count, findings, buildSource);
    }

    /// <summary>CVEs a release fixes (strak --fixed): those whose record names it as a branch or mainline fix.</summary>
    public static IReadOnlyList<int> FixedIn(IReadOnlyList<KernelRule> rules, KernelVersion release) =>
        [.. Enumerable.Range(0, rules.Count).Where(i => rules[i].FixReleases().Any(f => f == release))];
}
