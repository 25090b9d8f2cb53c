using Vigil.Common;
using Vigil.Products;
using Vigil.Scanning;
using Vigil.Scanning.Debian;
using Vigil.Scanning.Kernel;
using Vigil.Vulnerabilities;

namespace Vigil.History;

/// <summary>What changed for one finding between two scans of a release.</summary>
public sealed record FindingChange(string Change, string VulnerabilityId, string Component, ScanFindingRecord? Before, ScanFindingRecord? After, string Detail);

public sealed record ScanDiff(ScanRecord From, ScanRecord To, IReadOnlyList<FindingChange> Changes);

/// <summary>An open finding of a release's latest scan of one kind.</summary>
public sealed record CurrentFinding(ProductRelease Release, ScanRecord Scan, ScanFindingRecord Finding);

/// <summary>Records scans of a product release and compares them.</summary>
public sealed class ScanHistory(IScanStore store)
{
    public async Task<ScanRecord> RecordDebianAsync(ProductRelease release, DebianScanResult result, ReleaseInventory? uploaded, CancellationToken cancellation)
    {
        var inventory = Sha256Hex.OfLines(result.Target.Packages
            .Select(p => $"{p.Name}\t{p.Architecture}\t{p.Version}\t{p.SourceName}\t{p.SourceVersion}")
            .Order(StringComparer.Ordinal));
        var scan = NewScan(release, ScanKind.Debian, result.ScannedAt, $"{result.Target.Kind} {result.Target.Path} ({result.Release})", inventory, result.Feed.Sha256, result.FeedFreshAsOf);
        foreach (var f in result.Findings)
        {
            scan.Findings.Add(new ScanFindingRecord
            {
                Id = Ids.New(),
                ScanId = scan.Id,
                VulnerabilityId = f.Id.Text,
                Component = f.SourcePackage,
                InstalledVersion = f.InstalledVersion.Text,
                FixedVersion = f.FixedVersion?.Text,
                Status = FindingStatus.Open,
                Severity = f.Severity.Label(),
                EvidenceSha256 = Sha256Hex.OfLines([f.Urgency ?? "", f.FixedVersion?.Text ?? "", f.Scope ?? "", f.NoDsa ?? "", f.NoDsaReason ?? ""]),
                Summary = Truncate(f.Description?.ToString() ?? ""),
                Scope = f.Scope,
            });
        }
        await StoreAsync(scan, uploaded, cancellation);
        return scan;
    }

    public async Task<ScanRecord> RecordKernelAsync(ProductRelease release, KernelScanResult result, CancellationToken cancellation)
    {
        var inventory = Sha256Hex.OfLines([result.Version.ToString(), result.Tree ?? "", result.BuildSource ?? ""]);
        var scan = NewScan(release, ScanKind.Kernel, result.ScannedAt, $"kernel {result.Version}{(result.Tree is null ? "" : $", {result.Tree}")}", inventory, result.Feed.Sha256, result.Feed.DataAsOf);
        foreach (var f in result.Findings)
        {
            scan.Findings.Add(new ScanFindingRecord
            {
                Id = Ids.New(),
                ScanId = scan.Id,
                VulnerabilityId = f.Id.Text,
                Component = "linux",
                InstalledVersion = result.Version.ToString(),
                FixedVersion = f.Verdict.FixedIn?.Number,
                Status = FindingStatuses.Of(f.Status),
                Severity = f.Severity.Label(),
                EvidenceSha256 = Sha256Hex.OfLines([f.Status.Label(), f.Reason, f.Details.Cvss?.Vector ?? "", f.Verdict.FixedIn?.Number ?? ""]),
                Summary = Truncate(f.Details.Title),
                ProgramFiles = f.Details.ProgramFiles.Count == 0 ? null : string.Join('\n', f.Details.ProgramFiles),
                Cvss = f.Details.Cvss?.BaseScore,
                Reason = Truncate(f.Reason, 500),
            });
        }
        await StoreAsync(scan, null, cancellation);
        return scan;
    }

    public Task<IReadOnlyList<ScanRecord>> ScansAsync(ProductRelease release, ScanKind kind, CancellationToken cancellation) =>
        store.ScansAsync(release.Id, kind, cancellation);

    /// <summary>
    /// new: open now, not before (and never open earlier); reopened: open now, not before, but open in an earlier scan;
    /// fixed: open before, not now; severity-changed; feed-changed: same inventory, the feed said something else;
    /// changed: the inventory moved but the finding stayed open.
    /// </summary>
    public async Task<ScanDiff> DiffAsync(ScanRecord from, ScanRecord to, CancellationToken cancellation)
    {
        if (from.ReleaseId != to.ReleaseId || from.Kind != to.Kind)
        {
            throw new VigilException($"scans {from.Id} and {to.Id} are not of the same release and kind");
        }
        var before = Open(await AllFindingsAsync(from.Id, cancellation));
        var allAfter = await AllFindingsAsync(to.Id, cancellation);
        var after = Open(allAfter);
        var earlierScans = (await store.ScansAsync(from.ReleaseId, from.Kind, cancellation)).Where(s => s.ScannedAt < from.ScannedAt).Select(s => s.Id).ToArray();
        var everOpen = earlierScans.Length == 0
            ? []
            : (await store.FindingsAsync(earlierScans, cancellation)).Where(f => f.IsOpen).Select(f => (f.Component, f.VulnerabilityId)).ToHashSet();
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
        foreach (var (key, then) in before)
        {
            if (!after.ContainsKey(key))
            {
                var detail = allAfter.TryGetValue(key, out var closed)
                    ? $"now {closed.Status.Name()}"
                    : then.FixedVersion is { } f ? $"gone (fixed in {f})" : "gone";
                changes.Add(new FindingChange("fixed", key.Item2, key.Item1, then, null, detail));
            }
        }
        return new ScanDiff(from, to, [.. changes.OrderBy(c => c.Change, StringComparer.Ordinal).ThenBy(c => c.Component, StringComparer.Ordinal).ThenBy(c => c.VulnerabilityId, StringComparer.Ordinal)]);
    }

    private static Dictionary<(string, string), ScanFindingRecord> Open(Dictionary<(string, string), ScanFindingRecord> findings) =>
        findings.Where(kv => kv.Value.IsOpen).ToDictionary();

    private async Task<Dictionary<(string, string), ScanFindingRecord>> AllFindingsAsync(string scanId, CancellationToken cancellation) =>
        (await store.FindingsAsync([scanId], cancellation)).ToDictionary(f => (f.Component, f.VulnerabilityId));

    /// <summary>The latest scan of each kind of each of the product's releases.</summary>
    public Task<IReadOnlyList<ScanRecord>> LatestScansAsync(Product product, CancellationToken cancellation) =>
        store.LatestScansAsync(product, cancellation);

    /// <summary>The open findings of the latest scan of each kind of every release of a product.</summary>
    public Task<IReadOnlyList<CurrentFinding>> CurrentOpenFindingsAsync(Product product, CancellationToken cancellation) =>
        CurrentFindingsAsync(product, f => f.IsOpen, cancellation);

    /// <summary>Every finding of the latest scan of each kind of every release, open or not (a kernel scan keeps what it filtered, and why).</summary>
    public Task<IReadOnlyList<CurrentFinding>> CurrentFindingsAsync(Product product, CancellationToken cancellation) =>
        CurrentFindingsAsync(product, _ => true, cancellation);

    /// <summary>What the latest scan of each kind of every release of a product says about one CVE, open or not (a kernel scan keeps what it filtered).</summary>
    public Task<IReadOnlyList<CurrentFinding>> CurrentFindingsOfAsync(Product product, string cve, CancellationToken cancellation) =>
        CurrentFindingsAsync(product, f => f.VulnerabilityId == cve, cancellation);

    /// <summary>When the product's scans first found a CVE, and first found it with a fixed version to upgrade to.</summary>
    public async Task<(DateTimeOffset? Seen, DateTimeOffset? FixSeen)> FirstSeenAsync(Product product, string cve, CancellationToken cancellation)
    {
        var sightings = await store.SightingsAsync([.. product.Releases.Select(r => r.Id)], cve, cancellation);
        return (sightings.Count == 0 ? null : sightings.Min(s => s.ScannedAt),
            sightings.Where(s => s.FixKnown).Select(s => (DateTimeOffset?)s.ScannedAt).Min());
    }

    private async Task<IReadOnlyList<CurrentFinding>> CurrentFindingsAsync(Product product, Func<ScanFindingRecord, bool> which, CancellationToken cancellation)
    {
        var releases = product.Releases.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var latest = (await store.LatestScansAsync(product, cancellation))
            .OrderBy(s => product.Releases.IndexOf(releases[s.ReleaseId])).ThenBy(s => s.Kind).ToArray();
        var findings = (await store.FindingsAsync([.. latest.Select(s => s.Id)], cancellation)).ToLookup(f => f.ScanId, StringComparer.Ordinal);
        return [.. latest.SelectMany(scan => findings[scan.Id].Where(which).Select(f => new CurrentFinding(releases[scan.ReleaseId], scan, f)))];
    }

    private Task StoreAsync(ScanRecord scan, ReleaseInventory? uploaded, CancellationToken cancellation)
    {
        scan.OpenCount = scan.Findings.Count(f => f.IsOpen);
        return store.AddScanAsync(scan, uploaded, cancellation);
    }

    /// <summary>Open findings per week over these releases (see <see cref="FindingTrend"/>), from the scans' open counts alone.</summary>
    public async Task<IReadOnlyList<WeekCount>> WeeklyTrendAsync(IReadOnlyCollection<ProductRelease> releases, DateTimeOffset now, int weeks, CancellationToken cancellation) =>
        FindingTrend.Weekly(await store.ScanHeadersAsync([.. releases.Select(r => r.Id)], cancellation), now, weeks);

    private static ScanRecord NewScan(ProductRelease release, ScanKind kind, DateTimeOffset at, string target, string inventory, string feed, DateTimeOffset feedAsOf) => new()
    {
        Id = Ids.New(),
        ReleaseId = release.Id,
        Kind = kind,
        ScannedAt = at,
        Target = target,
        InventorySha256 = inventory,
        FeedSha256 = feed,
        FeedDataAsOf = feedAsOf,
    };

    private static string Truncate(string text, int length = 200)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length <= length ? line : line[..(length - 3)] + "...";
    }
}
