using Vigil.Scanning;
using Microsoft.EntityFrameworkCore;
using Vigil.Common;
using Vigil.Scanning.Debian;
using Vigil.Scanning.Kernel;

namespace Vigil.Storage;

/// <summary>What changed for one finding between two scans of a release.</summary>
public sealed record FindingChange(string Change, string VulnerabilityId, string Component, ScanFindingRecord? Before, ScanFindingRecord? After, string Detail);

public sealed record ScanDiff(ScanRecord From, ScanRecord To, IReadOnlyList<FindingChange> Changes);

/// <summary>Records scans of a product release and compares them.</summary>
public sealed class ScanHistory(VigilDb db)
{
    public ScanRecord RecordDebian(ProductRelease release, DebianScanResult result, CancellationToken cancellation = default)
    {
        var inventory = Sha256Hex.OfLines(result.Target.Packages
            .Select(p => $"{p.Name}\t{p.Architecture}\t{p.Version}\t{p.SourceName}\t{p.SourceVersion}")
            .Order(StringComparer.Ordinal));
        var scan = NewScan(release, ScanKind.Debian, result.ScannedAt, $"{result.Target.Kind} {result.Target.Path} ({result.Release})", inventory, result.Feed.Sha256, result.FeedFreshAsOf);
        foreach (var f in result.Findings)
        {
            scan.Findings.Add(new ScanFindingRecord
            {
                Id = ProductCatalog.NewId(),
                ScanId = scan.Id,
                VulnerabilityId = f.Id.Text,
                Component = f.SourcePackage,
                InstalledVersion = f.InstalledVersion.Text,
                FixedVersion = f.FixedVersion?.Text,
                Status = "open",
                Severity = f.Severity.ToString().ToLowerInvariant(),
                EvidenceSha256 = Sha256Hex.OfLines([f.Urgency ?? "", f.FixedVersion?.Text ?? "", f.Scope ?? "", f.NoDsa ?? "", f.NoDsaReason ?? ""]),
                Summary = Truncate(f.Description ?? ""),
                Scope = f.Scope,
            });
        }
        return Save(scan, cancellation);
    }

    public ScanRecord RecordKernel(ProductRelease release, KernelScanResult result, CancellationToken cancellation = default)
    {
        var inventory = Sha256Hex.OfLines([result.Version.ToString(), result.Tree ?? "", result.BuildSource ?? ""]);
        var scan = NewScan(release, ScanKind.Kernel, result.ScannedAt, $"kernel {result.Version}{(result.Tree is null ? "" : $", {result.Tree}")}", inventory, result.Feed.Sha256, result.Feed.DataAsOf);
        foreach (var f in result.Findings)
        {
            scan.Findings.Add(new ScanFindingRecord
            {
                Id = ProductCatalog.NewId(),
                ScanId = scan.Id,
                VulnerabilityId = f.Id.Text,
                Component = "linux",
                InstalledVersion = result.Version.ToString(),
                FixedVersion = f.Verdict.FixedIn?.Number,
                Status = f.Status.Label(),
                Severity = f.Severity.ToString().ToLowerInvariant(),
                EvidenceSha256 = Sha256Hex.OfLines([f.Status.Label(), f.Reason, f.Details.Cvss?.Vector ?? "", f.Verdict.FixedIn?.Number ?? ""]),
                Summary = Truncate(f.Details.Title),
                ProgramFiles = f.Details.ProgramFiles.Count == 0 ? null : string.Join('\n', f.Details.ProgramFiles),
                Cvss = f.Details.Cvss?.BaseScore,
            });
        }
        return Save(scan, cancellation);
    }

    public IReadOnlyList<ScanRecord> Scans(ProductRelease release, ScanKind kind) =>
        [.. db.Scans.AsNoTracking().Where(s => s.ReleaseId == release.Id && s.Kind == kind).AsEnumerable().OrderBy(s => s.ScannedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];

    /// <summary>
    /// new: open now, not before (and never open earlier); reopened: open now, not before, but open in an earlier scan;
    /// fixed: open before, not now; severity-changed; feed-changed: same inventory, the feed said something else;
    /// changed: the inventory moved but the finding stayed open.
    /// </summary>
    public ScanDiff Diff(ScanRecord from, ScanRecord to)
    {
        if (from.ReleaseId != to.ReleaseId || from.Kind != to.Kind)
        {
            throw new VigilException($"scans {from.Id} and {to.Id} are not of the same release and kind");
        }
        var before = OpenFindings(from.Id);
        var after = OpenFindings(to.Id);
        var earlierScans = db.Scans.AsNoTracking().Where(s => s.ReleaseId == from.ReleaseId && s.Kind == from.Kind).AsEnumerable()
            .Where(s => s.ScannedAt < from.ScannedAt).Select(s => s.Id).ToArray();
        var everOpen = earlierScans.Length == 0
            ? new HashSet<(string, string)>()
            : db.Findings.AsNoTracking().Where(f => earlierScans.Contains(f.ScanId)).AsEnumerable().Where(IsOpen).Select(f => (f.Component, f.VulnerabilityId)).ToHashSet();
        var sameInventory = from.InventorySha256 == to.InventorySha256;

        var changes = new List<FindingChange>();
        foreach (var (key, now) in after)
        {
            if (!before.TryGetValue(key, out var then))
            {
                changes.Add(everOpen.Contains(key)
                    ? new FindingChange("reopened", key.Item2, key.Item1, null, now, "open again after being fixed")
                    : new FindingChange("new", key.Item2, key.Item1, null, now, now.FixedVersion is { } f ? $"fix available in {f}" : "no fix yet"));
            }
            else if (then.Severity != now.Severity)
            {
                changes.Add(new FindingChange("severity-changed", key.Item2, key.Item1, then, now, $"{then.Severity} -> {now.Severity}"));
            }
            else if (then.EvidenceSha256 != now.EvidenceSha256 || then.InstalledVersion != now.InstalledVersion || then.Status != now.Status)
            {
                changes.Add(sameInventory
                    ? new FindingChange("feed-changed", key.Item2, key.Item1, then, now, "the feed's record changed; the inventory did not")
                    : new FindingChange("changed", key.Item2, key.Item1, then, now, $"installed {then.InstalledVersion} -> {now.InstalledVersion}"));
            }
        }
        var allAfter = AllFindings(to.Id);
        foreach (var (key, then) in before)
        {
            if (!after.ContainsKey(key))
            {
                var detail = allAfter.TryGetValue(key, out var closed)
                    ? $"now {closed.Status}"
                    : then.FixedVersion is { } f ? $"gone (fixed in {f})" : "gone";
                changes.Add(new FindingChange("fixed", key.Item2, key.Item1, then, null, detail));
            }
        }
        return new ScanDiff(from, to, [.. changes.OrderBy(c => c.Change, StringComparer.Ordinal).ThenBy(c => c.Component, StringComparer.Ordinal).ThenBy(c => c.VulnerabilityId, StringComparer.Ordinal)]);
    }

    private Dictionary<(string, string), ScanFindingRecord> OpenFindings(string scanId) =>
        AllFindings(scanId).Where(kv => IsOpen(kv.Value)).ToDictionary();

    private Dictionary<(string, string), ScanFindingRecord> AllFindings(string scanId) =>
        db.Findings.AsNoTracking().Where(f => f.ScanId == scanId).AsEnumerable().ToDictionary(f => (f.Component, f.VulnerabilityId));

    /// <summary>The open findings of the latest scan of each kind of every release of a product.</summary>
    public IReadOnlyList<(ProductRelease Release, ScanRecord Scan, ScanFindingRecord Finding)> CurrentOpenFindings(Product product)
    {
        var result = new List<(ProductRelease, ScanRecord, ScanFindingRecord)>();
        foreach (var release in product.Releases)
        {
            foreach (var kind in ScanKindNames.All)
            {
                var scans = Scans(release, kind);
                if (scans.Count == 0)
                {
                    continue;
                }
                var latest = scans[^1];
                result.AddRange(AllFindings(latest.Id).Values.Where(IsOpen).Select(f => (release, latest, f)));
            }
        }
        return result;
    }

    internal static bool IsOpen(ScanFindingRecord finding) => finding.Status is "open" or "affected" or "needs-review";

    private static ScanRecord NewScan(ProductRelease release, ScanKind kind, DateTimeOffset at, string target, string inventory, string feed, DateTimeOffset feedAsOf) => new()
    {
        Id = ProductCatalog.NewId(),
        ReleaseId = release.Id,
        Kind = kind,
        ScannedAt = at,
        Target = target,
        InventorySha256 = inventory,
        FeedSha256 = feed,
        FeedDataAsOf = feedAsOf,
    };

    /// <summary>One transaction per scan: a scan is stored whole or not at all, whoever else writes at the same time.</summary>
    private ScanRecord Save(ScanRecord scan, CancellationToken cancellation) => db.Commit("the scan", () => db.Scans.Add(scan).Entity, cancellation);

    private static string Truncate(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length <= 200 ? line : line[..197] + "...";
    }
}
