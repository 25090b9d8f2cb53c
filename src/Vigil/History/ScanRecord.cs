using Vigil.Common;

namespace Vigil.History;

/// <summary>One recorded scan of a release: what was scanned, against which feed, and what it found.</summary>
public sealed class ScanRecord
{
    public required string Id { get; init; }

    public required string ReleaseId { get; init; }

    /// <summary>Stored as "debian" or "kernel".</summary>
    public required Scanning.ScanKind Kind { get; init; }

    public required DateTimeOffset ScannedAt { get; init; }

    public required string Target { get; init; }

    /// <summary>SHA-256 of the inventory as scanned (sorted package list, or kernel version, tree commit and build).</summary>
    public required string InventorySha256 { get; init; }

    public required string FeedSha256 { get; init; }

    public required DateTimeOffset FeedDataAsOf { get; init; }

    /// <summary>How many findings the scanner left open (before triage), kept so trends need not read every finding.</summary>
    public int OpenCount { get; set; }

    public List<ScanFindingRecord> Findings { get; } = [];

    /// <summary>The scan without its findings.</summary>
    public ScanRecord Header() => new()
    {
        Id = Id, ReleaseId = ReleaseId, Kind = Kind, ScannedAt = ScannedAt, Target = Target, InventorySha256 = InventorySha256,
        FeedSha256 = FeedSha256, FeedDataAsOf = FeedDataAsOf, OpenCount = OpenCount,
    };
}

/// <summary>One finding of a recorded scan, with enough to tell later what changed.</summary>
public sealed class ScanFindingRecord
{
    public required string Id { get; init; }

    public required string ScanId { get; init; }

    public required string VulnerabilityId { get; init; }

    /// <summary>The source package, or "linux" for the kernel.</summary>
    public required string Component { get; init; }

    public required string InstalledVersion { get; init; }

    public string? FixedVersion { get; init; }

    /// <summary>Stored as "open" for Debian findings; the kernel status ("affected", "needs-review", "fixed", ...) otherwise.</summary>
    public required FindingStatus Status { get; init; }

    /// <summary>Still to be dealt with: open (Debian), affected, or needing a person's review (kernel).</summary>
    public bool IsOpen => Status is FindingStatus.Open or FindingStatus.Affected or FindingStatus.NeedsReview;

    public required string Severity { get; init; }

    /// <summary>SHA-256 of what the feed said (urgency, CVSS, fix, reason): a change with the same inventory is the feed's.</summary>
    public required string EvidenceSha256 { get; init; }

    public required string Summary { get; init; }

    /// <summary>"local" or "remote" (Debian tracker scope); null when the feed does not say.</summary>
    public string? Scope { get; init; }

    /// <summary>CVSS base score where the feed gives one (kernel CNA records).</summary>
    public double? Cvss { get; init; }

    /// <summary>Kernel source files the CVE touches, newline-separated; null for packages.</summary>
    public string? ProgramFiles { get; init; }

    /// <summary>Why the kernel scan judged it so (the version rule, a backport commit in the tree, files not built, ...); null for packages.</summary>
    public string? Reason { get; init; }
}

/// <summary>Where a recorded finding stood when it was scanned.</summary>
public enum FindingStatus
{
    /// <summary>A Debian package finding: the tracker lists the CVE as open for the installed version.</summary>
    Open,

    Affected,

    NeedsReview,

    NotBuilt,

    Fixed,

    Ignored,

    NotAffected,
}

public static class FindingStatuses
{
    /// <summary>The words statuses have in the database and reports (the kernel scan's labels, and "open").</summary>
    public static readonly EnumWords<FindingStatus> Words = new(
        (FindingStatus.Open, "open"), (FindingStatus.Affected, "affected"), (FindingStatus.NeedsReview, "needs-review"),
        (FindingStatus.NotBuilt, "not-built"), (FindingStatus.Fixed, "fixed"), (FindingStatus.Ignored, "ignored"),
        (FindingStatus.NotAffected, "not-affected"));

    public static string Name(this FindingStatus status) => Words[status];

    public static FindingStatus Of(Scanning.Kernel.KernelStatus status) => Words.Parse(Scanning.Kernel.KernelStatusExtensions.Label(status), "kernel status");
}
