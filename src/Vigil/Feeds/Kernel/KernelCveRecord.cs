using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

public enum AffectedStatus : byte
{
    Unaffected,
    Affected,
    Unknown,
}

/// <summary>CVE JSON 5 versionType values the kernel CNA writes.</summary>
public enum RangeType : byte
{
    None,
    Git,
    Semver,
    OriginalCommitForFix,
    Other,
}

/// <summary>One entry of an affected block's "versions": a single version or a range, with its status.</summary>
public sealed record VersionRange(string Version, string? LessThan, string? LessThanOrEqual, AffectedStatus Status, RangeType Type);

/// <summary>One element of the CNA container's "affected" array.</summary>
public sealed record AffectedBlock(AffectedStatus DefaultStatus, IReadOnlyList<VersionRange> Versions);

/// <summary>A line of the .dyad file: the version and commit that introduced the bug and the ones that fixed it
/// ("0" where there is none).</summary>
public sealed record DyadPair(string IntroducedVersion, string IntroducedCommit, string FixedVersion, string FixedCommit);

public sealed record CvssScore(string Version, double BaseScore, string Vector);

/// <summary>What Vigil evaluates of one published kernel CVE; the long description is stored apart and read on demand.</summary>
public sealed record KernelCveRecord(
    VulnerabilityId Id,
    string Title,
    CvssScore? Cvss,
    IReadOnlyList<string> ProgramFiles,
    IReadOnlyList<AffectedBlock> Affected,
    IReadOnlyList<DyadPair> Dyad)
{
    /// <summary>Every commit the record names as a fix: the ends of git ranges and the dyad's fixing commits.</summary>
    public IEnumerable<string> FixCommits() =>
        Affected.SelectMany(b => b.Versions).Where(v => v.Type == RangeType.Git && v.LessThan is not null).Select(v => v.LessThan!)
            .Concat(Dyad.Where(d => d.FixedCommit != "0").Select(d => d.FixedCommit))
            .Distinct(StringComparer.Ordinal);
}

/// <summary>A record as parsed from its JSON, with the parts that are not needed to evaluate it.</summary>
public sealed record ParsedKernelCve(KernelCveRecord Record, string Description, DateTimeOffset? Updated);

/// <summary>What a report shows of a record besides the verdict, read from the store only for findings.</summary>
/// <remarks>Without the fix commits, which only a tree check asks for (<see cref="KernelFeed.FixCommitsOf"/>): a 6.1 scan's
/// 4,787 findings would hold 30,165 of them, 3 MB.</remarks>
public sealed record KernelCveDetails(string Title, CvssScore? Cvss, IReadOnlyList<string> ProgramFiles);
