using Vigil.History;

namespace Vigil.Contracts;

/// <summary><c>diff --format json</c> (docs/schemas/diff.schema.json): what changed between two recorded scans of a release.</summary>
public sealed record DiffReport(string From, string To, bool SameInventory, bool SameFeed, IReadOnlyList<DiffReport.ChangeEntry> Changes)
{
    /// <summary>One change: new, fixed, reopened, severity-changed, feed-changed or changed, with the finding before and after.</summary>
    public sealed record ChangeEntry(string Change, string Cve, string Component, string? SeverityBefore, string? SeverityAfter, string? InstalledBefore, string? InstalledAfter, string Detail);

    public static DiffReport Of(ScanDiff diff) => new(diff.From.Id, diff.To.Id, diff.From.InventorySha256 == diff.To.InventorySha256, diff.From.FeedSha256 == diff.To.FeedSha256,
        [.. diff.Changes.Select(c => new ChangeEntry(c.Change, c.VulnerabilityId, c.Component, c.Before?.Severity, c.After?.Severity, c.Before?.InstalledVersion, c.After?.InstalledVersion, c.Detail))]);
}
