using Vigil.Common;
using Vigil.Versions;

namespace Vigil.Scanning.Kernel;

/// <summary>Which kernel release a version string names; a Debian ABI name needs the package version to say it.</summary>
public static class RunningKernelRelease
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
        if (IsDebianAbiName(text))
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

    /// <summary>
    /// Debian names its kernel packages after the ABI (6.1.0-28-amd64, 6.1.0-28-rt-amd64), not the release (6.1.119):
    /// digits.digits.0-digits, then one or more dash-separated lowercase words. Read by hand, not by a regular
    /// expression, whose construction cost every kernel scan 13 ms.
    /// </summary>
    private static bool IsDebianAbiName(string text)
    {
        var at = 0;
        if (!(Digits(text, ref at) && Is(text, ref at, '.') && Digits(text, ref at) && Is(text, ref at, '.') && Is(text, ref at, '0')
            && Is(text, ref at, '-') && Digits(text, ref at)))
        {
            return false;
        }
        var words = 0;
        while (Is(text, ref at, '-'))
        {
            var start = at;
            while (at < text.Length && (char.IsAsciiDigit(text[at]) || char.IsAsciiLetterLower(text[at])))
            {
                at++;
            }
            if (at == start)
            {
                return false;
            }
            words++;
        }
        return words > 0 && at == text.Length;

        static bool Is(string text, ref int at, char expected)
        {
            var found = at < text.Length && text[at] == expected;
            at += found ? 1 : 0;
            return found;
        }

        static bool Digits(string text, ref int at)
        {
            var start = at;
            while (at < text.Length && char.IsAsciiDigit(text[at]))
            {
                at++;
            }
            return at > start;
        }
    }
}
