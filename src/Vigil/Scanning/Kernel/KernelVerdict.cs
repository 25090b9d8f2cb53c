using Vigil.Versions;

namespace Vigil.Scanning.Kernel;

public enum KernelStatus
{
    /// <summary>The record says this version is vulnerable.</summary>
    Affected,

    /// <summary>The record contradicts itself about this version; a person has to decide.</summary>
    NeedsReview,

    /// <summary>The vulnerable code is not compiled into this kernel.</summary>
    NotBuilt,

    /// <summary>Vulnerable by version, but the fix (or a backport of it) is in the kernel tree.</summary>
    Fixed,

    /// <summary>cip-kernel-sec says this CVE is ignored for the branch.</summary>
    Ignored,

    /// <summary>The record says this version is not vulnerable.</summary>
    NotAffected,
}

/// <summary>What one CVE record says about one kernel version, and why, in words a reviewer can check.</summary>
public sealed record KernelVerdict(
    KernelStatus Status,
    string Reason,
    KernelVersion? IntroducedIn,
    KernelVersion? FixedUpstreamIn,
    KernelVersion? FixedIn,
    string? Contradiction);

public static class KernelStatusExtensions
{
    /// <summary>The statuses a scan reports (all but not-affected), in declaration order.</summary>
    public static readonly IReadOnlyList<KernelStatus> Reported = [KernelStatus.Affected, KernelStatus.NeedsReview, KernelStatus.NotBuilt, KernelStatus.Fixed, KernelStatus.Ignored];

    /// <summary>Every reported status's label with a count of zero, in declaration order (see <see cref="Vulnerabilities.SeverityExtensions.ZeroCounts"/>).</summary>
    public static Dictionary<string, int> ZeroCounts()
    {
        var counts = new Dictionary<string, int>(Reported.Count);
        foreach (var status in Reported)
        {
            counts[status.Label()] = 0;
        }
        return counts;
    }

    public static string Label(this KernelStatus status) => status switch
    {
        KernelStatus.Affected => "affected",
        KernelStatus.NeedsReview => "needs-review",
        KernelStatus.NotBuilt => "not-built",
        KernelStatus.Fixed => "fixed",
        KernelStatus.Ignored => "ignored",
        _ => "not-affected",
    };
}
