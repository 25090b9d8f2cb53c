using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Debian;

public enum TrackerStatus : byte
{
    Open,
    Resolved,
    Undetermined,
}

/// <summary>One release's view of a vulnerability in a source package, as the Debian Security Tracker states it.</summary>
public sealed record TrackerRelease(
    string Release,
    TrackerStatus Status,
    DebianVersion? FixedVersion,
    string? Urgency,
    string? NoDsa,
    string? NoDsaReason)
{
    /// <summary>The tracker writes fixed_version "0" for "this release never had the vulnerable code".</summary>
    public bool NeverAffected => IsNeverAffected(Status, FixedVersion);

    internal static bool IsNeverAffected(TrackerStatus status, DebianVersion? fixedVersion) =>
        status == TrackerStatus.Resolved && fixedVersion?.Text == "0";
}

/// <summary>One vulnerability (CVE or TEMP id) of one source package, across the releases the tracker lists.</summary>
/// <param name="Description">As the JSON string reports write: a scan copies it into the report.</param>
public sealed record TrackerEntry(
    VulnerabilityId Id,
    Common.JsonStringLiteral? Description,
    string? Scope,
    long? DebianBug,
    IReadOnlyList<TrackerRelease> Releases)
{
    public TrackerRelease? ForRelease(string release)
    {
        foreach (var candidate in Releases)
        {
            if (candidate.Release == release)
            {
                return candidate;
            }
        }
        return null;
    }
}

public sealed record TrackerSourcePackage(string Name, IReadOnlyList<TrackerEntry> Entries);
