using Vigil.Feeds.Kernel;
using Vigil.Inventory;
using Vigil.Vulnerabilities;

namespace Vigil.Scanning.Kernel;

/// <summary>
/// Question 3: does it touch code I build? A CVE whose programFiles are all outside the build is "not built" (still
/// reported, never dropped); a CVE with no programFiles stays as it is, since nothing says where it lives.
/// </summary>
public sealed class NotBuiltFilter(KernelBuild build) : IKernelFindingFilter
{
    public (KernelStatus Status, string Reason)? Refine(VulnerabilityId id, KernelCveDetails details, KernelVerdict verdict)
    {
        if (verdict.Status is not (KernelStatus.Affected or KernelStatus.NeedsReview) || details.ProgramFiles.Count == 0
            || details.ProgramFiles.Any(build.Builds))
        {
            return null;
        }
        var files = details.ProgramFiles.Count <= 3 ? string.Join(", ", details.ProgramFiles) : $"{string.Join(", ", details.ProgramFiles.Take(3))} and {details.ProgramFiles.Count - 3} more";
        return (KernelStatus.NotBuilt, $"{files} {(details.ProgramFiles.Count == 1 ? "is" : "are")} not in the build{(build.ConfigDerived ? " (config-derived)" : "")}");
    }
}
