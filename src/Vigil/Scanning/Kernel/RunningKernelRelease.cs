using System.Text.RegularExpressions;
using Vigil.Common;
using Vigil.Versions;

namespace Vigil.Scanning.Kernel;

/// <summary>Which kernel release a version string names; a Debian ABI name needs the package version to say it.</summary>
public static partial class RunningKernelRelease
{
    public static KernelVersion Resolve(string text, string? packageVersion)
    {
        if (packageVersion is not null)
        {
            if (!DebianVersion.TryParse(packageVersion, out var debian, out var why))
            {
                throw new VigilException($"kernel package version '{packageVersion}': {why}");
            }
            return KernelVersion.TryParse(debian.Upstream, out var fromPackage)
                ? fromPackage
                : throw new VigilException($"kernel package version '{packageVersion}': its upstream part '{debian.Upstream}' is not a kernel release");
        }
        if (!KernelVersion.TryParse(text, out var version))
        {
            throw new VigilException($"invalid kernel version '{text}': expected e.g. 6.1.119-cip33, v4.19.325-cip115, or a Debian ABI name such as 6.1.0-28-amd64 with its package version");
        }
        if (DebianAbiName().IsMatch(text))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.KernelAbiName, $"'{text}' is a Debian kernel ABI name, not the release it runs: the package's version says which release it is "
                + $"(dpkg-query -W -f '${{Version}}' linux-image-{text}), e.g. 6.1.119-1");
        }
        return version;
    }

    /// <summary>The cip-kernel-sec branch a CIP kernel belongs to (cip/6.1, cip/4.19-rt), or null for other kernels.</summary>
    public static string? CipBranchOf(KernelVersion version) => version.LocalVersion.Contains("-cip", StringComparison.Ordinal)
        ? $"cip/{version.Branch.Number}{(version.LocalVersion.Contains("-rt", StringComparison.Ordinal) ? "-rt" : "")}"
        : null;

    // Debian names its kernel packages after the ABI (6.1.0-28-amd64), not the release (6.1.119).
    [GeneratedRegex(@"^\d+\.\d+\.0-\d+(-[a-z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianAbiName();
}
