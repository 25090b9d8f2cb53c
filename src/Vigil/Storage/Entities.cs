namespace Vigil.Storage;

/// <summary>A product the team ships, e.g. a CIP Core based gateway.</summary>
public sealed class Product
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public List<ProductRelease> Releases { get; } = [];
}

/// <summary>
/// A release or branch of a product and where its inventory comes from: the Debian packages (a dpkg status file,
/// a root filesystem or an Isar deploy directory) and the kernel (version, git tree, build description).
/// </summary>
public sealed class ProductRelease
{
    public required string Id { get; init; }

    public required string ProductId { get; init; }

    public Product? Product { get; init; }

    public required string Name { get; set; }

    /// <summary>Null when the release has no Debian packages to scan; stored as "dpkg-status", "rootfs" or "isar-deploy".</summary>
    public Inventory.PackageInventoryKind? PackagesKind { get; set; }

    public string? PackagesPath { get; set; }

    public string? DebianRelease { get; set; }

    public string? KernelVersion { get; set; }

    public string? KernelPackageVersion { get; set; }

    public string? KernelGitRepo { get; set; }

    public string? KernelGitRef { get; set; }

    /// <summary>With <see cref="KernelBuildPath"/>; stored as "compiled-files", "build-dir" or "spdx".</summary>
    public Inventory.KernelBuildKind? KernelBuildKind { get; set; }

    public string? KernelBuildPath { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }
}

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

    public List<ScanFindingRecord> Findings { get; } = [];
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

    /// <summary>"open" for Debian findings; the kernel status (affected, needs-review, fixed, ...) otherwise.</summary>
    public required string Status { get; init; }

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
}

/// <summary>
/// One triage decision about a CVE in a component of a product. Decisions are never changed or deleted: a new one
/// supersedes the last, so the history of who decided what, when and why stays complete.
/// </summary>
public sealed class TriageDecision
{
    public required string Id { get; init; }

    public required string ProductId { get; init; }

    public required string VulnerabilityId { get; init; }

    public required string Component { get; init; }

    /// <summary>in_triage, affected, not_affected, fixed or false_positive.</summary>
    public required string State { get; init; }

    /// <summary>For not_affected: the OpenVEX/CycloneDX justification.</summary>
    public string? Justification { get; init; }

    /// <summary>update, workaround, will_not_fix, rollback, can_not_fix.</summary>
    public string? Response { get; init; }

    public required string Detail { get; init; }

    /// <summary>The threat-model entry or mitigation an affected medium/high finding is handled by.</summary>
    public string? ThreatReference { get; init; }

    public required string Author { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The component version the decision was made for; another version needs a fresh look.</summary>
    public string? ComponentVersion { get; init; }

    /// <summary>The CVE record as it was then (<see cref="ScanFindingRecord.EvidenceSha256"/>); a changed record needs a fresh look.</summary>
    public string? EvidenceSha256 { get; init; }

    /// <summary>"cli" or "vex:FILE".</summary>
    public required string Source { get; init; }
}

/// <summary>A report that was mailed, so the same state is not mailed twice.</summary>
public sealed class NotificationRecord
{
    public required string Id { get; init; }

    /// <summary>The product name, or "digest:" and the product names for a digest.</summary>
    public required string Subject { get; init; }

    public required string Scope { get; init; }

    public required string StateKey { get; init; }

    public required string Recipients { get; init; }

    public required DateTimeOffset SentAt { get; init; }
}
