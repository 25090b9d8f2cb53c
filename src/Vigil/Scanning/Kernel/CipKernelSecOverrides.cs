using Vigil.Feeds.Kernel;
using Vigil.Feeds.CipKernelSec;
using Vigil.Vulnerabilities;

namespace Vigil.Scanning.Kernel;

/// <summary>
/// cip-kernel-sec's verdicts for one branch (cip/4.19, cip/4.19-rt, ...): a CVE it ignores there is "ignored" with
/// its reason; a CVE it lists a fix for there is "fixed" when no git tree is given to check against. With a tree,
/// its fix commits (for every branch) join the CNA's as commits to look for.
/// </summary>
public sealed class CipKernelSecOverrides(CipKernelSecData data, string branch, bool treeChecksFixes) : IKernelFindingFilter
{
    private readonly Dictionary<VulnerabilityId, CipKernelSecIssue> issues = data.Issues
        .Where(i => VulnerabilityId.TryParse(i.Id, out _))
        .ToDictionary(i => VulnerabilityId.Parse(i.Id));

    public string Branch { get; } = branch;

    /// <summary>Full commit ids cip-kernel-sec names as fixes of a CVE, on any branch.</summary>
    public IEnumerable<string> FixCommits(VulnerabilityId id) =>
        issues.TryGetValue(id, out var issue)
            ? issue.FixedBy.Values.SelectMany(c => c).Where(c => c.Length == 40 && c.All(char.IsAsciiHexDigit))
            : [];

    public (KernelStatus Status, string Reason)? Refine(VulnerabilityId id, KernelCveDetails details, KernelVerdict verdict)
    {
        if (verdict.Status is not (KernelStatus.Affected or KernelStatus.NeedsReview) || !issues.TryGetValue(id, out var issue))
        {
            return null;
        }
        if (issue.Ignore.TryGetValue(Branch, out var reason))
        {
            return (KernelStatus.Ignored, $"cip-kernel-sec ignores it for {Branch}: {reason}");
        }
        if (!treeChecksFixes && issue.FixedBy.TryGetValue(Branch, out var commits) && commits.Length > 0)
        {
            return (KernelStatus.Fixed, $"cip-kernel-sec lists fix {string.Join(", ", commits.Select(c => c.Length > 12 ? c[..12] : c))} for {Branch} (not checked against a git tree)");
        }
        return null;
    }
}
