using Vigil.Common;
using Vigil.Feeds;
using Vigil.Feeds.CipKernelSec;
using Vigil.Feeds.Debian;
using Vigil.Feeds.Kernel;
using Vigil.History;
using Vigil.Inventory;
using Vigil.Products;
using Vigil.Scanning;
using Vigil.Scanning.Debian;
using Vigil.Scanning.Kernel;
using Vigil.Triage;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Application;

/// <summary>
/// What to scan for Debian package CVEs: a package list (a kind and a path, or a status file's content), a
/// product's release (its recorded inventory; the scan is then recorded), or, with neither, this machine.
/// </summary>
public sealed record DebianScanRequest
{
    public PackageInventoryKind? InventoryKind { get; init; }

    public string? InventoryPath { get; init; }

    /// <summary>A dpkg status file's or an SBOM's content (read from a pipe, uploaded), named <see cref="InventoryContentName"/> in messages.</summary>
    public byte[]? InventoryContent { get; init; }

    public string InventoryContentName { get; init; } = "standard input";

    public string? Product { get; init; }

    /// <summary>Which release of <see cref="Product"/>; the newest when null.</summary>
    public string? ProductRelease { get; init; }

    /// <summary>The Debian release to judge against; else the product's, the target's os-release or file name.</summary>
    public string? DebianRelease { get; init; }

    /// <summary>Never fetch a feed that is not cached.</summary>
    public bool Offline { get; init; }

    public FindingFilter Filter { get; init; } = new();

    /// <summary>Findings shown at this urgency or above fail the gate (unknown urgency always fails it).</summary>
    public Severity? FailOn { get; init; }

    /// <summary>VEX documents (OpenVEX, CycloneDX) whose statements take findings off the shown list for this scan.</summary>
    public IReadOnlyList<string> VexFiles { get; init; } = [];
}

/// <param name="Shown">The findings the filter keeps.</param>
/// <param name="Recorded">The recorded scan, for a product's release.</param>
/// <param name="Failing">The shown findings that fail the gate.</param>
public sealed record DebianScanOutcome(DebianScanResult Result, IReadOnlyList<DebianFinding> Shown, ScanRecord? Recorded, ProductRelease? Release, IReadOnlyList<DebianFinding> Failing)
{
    /// <summary>The findings the filter kept that a VEX statement took off the list, with the statement.</summary>
    public IReadOnlyList<(DebianFinding Finding, VexStatement Statement)> Cleared { get; init; } = [];

    /// <summary>The VEX documents applied, if any.</summary>
    public VexFilter? Vex { get; init; }

    /// <summary>What the cached KEV catalog and EPSS scores say of each CVE.</summary>
    public Feeds.Exploits.ExploitSignals Exploits { get; init; } = Feeds.Exploits.ExploitSignals.None;
}

/// <summary>
/// What to scan for kernel CVEs: a version (or a product's recorded kernel), optionally judged against a git tree
/// (fixes and backports present count as fixed), a build description (code not built is not affected) and
/// cip-kernel-sec (per-branch fixes and ignores). Options given override the product's recorded ones.
/// </summary>
public sealed record KernelScanRequest
{
    public string? Version { get; init; }

    /// <summary>An SBOM naming the kernel (by CPE, purl, linux-image package or name); a Yocto SPDX one listing files also gives the build.</summary>
    public string? SbomPath { get; init; }

    /// <summary>The Debian package version, which says which release a Debian ABI name (6.1.0-28-amd64) runs.</summary>
    public string? PackageVersion { get; init; }

    public string? Product { get; init; }

    public string? ProductRelease { get; init; }

    public bool Offline { get; init; }

    public string? GitRepository { get; init; }

    /// <summary>The commit to judge; the product's recorded one, else HEAD, when null.</summary>
    public string? GitReference { get; init; }

    /// <summary>Where the branch left mainline; the tag v MAJOR.MINOR when null.</summary>
    public string? BranchPoint { get; init; }

    /// <summary>The cip-kernel-sec branch; derived from a CIP version (cip/6.1, cip/4.19-rt) when null.</summary>
    public string? CipBranch { get; init; }

    public KernelBuildKind? BuildKind { get; init; }

    public string? BuildPath { get; init; }

    /// <summary>A compiled-files list's content (an upload), named <see cref="CompiledFilesName"/> in what the scan reports.</summary>
    public byte[]? CompiledFiles { get; init; }

    public string CompiledFilesName { get; init; } = "the uploaded file list";

    /// <summary>A .config with <see cref="KernelSource"/>: the built files are derived from the Kbuild Makefiles.</summary>
    public string? Kconfig { get; init; }

    public string? KernelSource { get; init; }

    public string? Architecture { get; init; }

    /// <summary>Which statuses to show; all but not-affected when null.</summary>
    public IReadOnlySet<KernelStatus>? Show { get; init; }

    public Severity? FailOn { get; init; }

    /// <summary>VEX documents whose statements on the kernel (pkg:generic/linux, a linux_kernel CPE) take open findings off the list.</summary>
    public IReadOnlyList<string> VexFiles { get; init; } = [];
}

public sealed record KernelScanOutcome(KernelScanResult Result, IReadOnlyList<KernelFinding> Shown, ScanRecord? Recorded, ProductRelease? Release, IReadOnlyList<KernelFinding> Failing)
{
    /// <summary>Open findings a VEX statement took off the list, with the statement.</summary>
    public IReadOnlyList<(KernelFinding Finding, VexStatement Statement)> Cleared { get; init; } = [];

    /// <summary>The VEX documents applied, if any.</summary>
    public VexFilter? Vex { get; init; }

    /// <summary>What the cached KEV catalog and EPSS scores say of each CVE.</summary>
    public Feeds.Exploits.ExploitSignals Exploits { get; init; } = Feeds.Exploits.ExploitSignals.None;
}

/// <summary>One kernel CVE record as the feed keeps it and, for a version, what it means for it.</summary>
public sealed record KernelRecordView(VulnerabilityId Id, KernelCveRecord Record, string Description, KernelVersion? Version, KernelVerdict? Verdict);

/// <summary>What a rescan did for one release and kind of scan.</summary>
public sealed record RescanItem(string Product, string Release, ScanKind Kind, RescanResult Result, string Detail);

public enum RescanResult
{
    /// <summary>Scanned against the current feed and recorded.</summary>
    Scanned,

    /// <summary>Its latest scan already used the current feed.</summary>
    UpToDate,

    /// <summary>The scan could not be made (the detail says why); the others went on.</summary>
    Failed,
}

public static class RescanWords
{
    public static readonly EnumWords<RescanResult> Results = new((RescanResult.Scanned, "scanned"), (RescanResult.UpToDate, "up to date"), (RescanResult.Failed, "failed"));
}

/// <summary>Debian package and kernel scans, recorded in the history when they scan a product's release.</summary>
public sealed class ScanUseCases(VigilSettings settings, FeedUseCases feeds, ProductCatalog catalog, ScanHistory history, TimeProvider clock, IWorkObserver observer)
{
    // A build without the database (the native command line) must compile no path to it: the catalog and the
    // history are used only behind BuildFeatures.Database, which that build's compiler knows is false.
    private async Task<ProductRelease?> ReleaseAsync(string? product, string? release, CancellationToken cancellation) =>
        product is null ? null
        : BuildFeatures.Database ? await catalog.FindReleaseAsync(product, release, cancellation)
        : throw BuildFeatures.NoDatabase();

    public async Task<DebianScanOutcome> ScanDebianAsync(DebianScanRequest request, CancellationToken cancellation)
    {
        var release = await ReleaseAsync(request.Product, request.ProductRelease, cancellation);
        // Content given with a product is a new inventory of its release (an upload, kept for rescans); else the
        // release's recorded one: the last upload, or the path it names.
        var uploaded = release is not null && request.InventoryContent is { } content
            ? new ReleaseInventory { ReleaseId = release.Id, Content = content, Sha256 = Sha256Hex.Of(content), UploadedAt = clock.GetUtcNow() }
            : null;
        var target = request.InventoryContent is not null || release is null || !BuildFeatures.Database ? TargetOf(request) : await TargetOfAsync(release, request.Product!, cancellation);
        await feeds.EnsureAsync(FeedKind.DebianTracker, request.Offline, cancellation);
        var result = DebianScanner.Scan(target, new DebianFeedStore(settings.DataDirectory), request.DebianRelease ?? release?.DebianRelease, clock.GetUtcNow());
        var recorded = release is null || !BuildFeatures.Database ? null : await history.RecordDebianAsync(release, result, uploaded, cancellation);
        var vex = request.VexFiles.Count == 0 ? null : VexFilter.Read(request.VexFiles, new VexProductMatcher(target.Packages, null));
        var (shown, cleared) = vex is null ? (request.Filter.Apply(result.Findings), []) : vex.Apply(request.Filter.Apply(result.Findings), f => (f.SourcePackage, f.Id));
        var failing = request.FailOn is { } gate ? shown.Where(f => f.Severity.FailsGate(gate)).ToArray() : [];
        return new DebianScanOutcome(result, shown, recorded, release, failing) { Cleared = cleared, Vex = vex, Exploits = Feeds.Exploits.ExploitSignals.Load(settings.DataDirectory) };
    }

    public async Task<KernelScanOutcome> ScanKernelAsync(KernelScanRequest request, CancellationToken cancellation)
    {
        var release = await ReleaseAsync(request.Product, request.ProductRelease, cancellation);
        var inSbom = request.Version is null && request.SbomPath is { } sbom ? SbomKernel.Find(sbom) : null;
        var versionText = request.Version ?? inSbom?.Version ?? release?.KernelVersion
            ?? throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.ReleaseWithoutKernel, $"release {release!.Name} of {request.Product} records no kernel, and no kernel version was given");
        var version = RunningKernelRelease.Resolve(versionText, request.PackageVersion ?? inSbom?.PackageVersion ?? release?.KernelPackageVersion);
        if (inSbom is not null)
        {
            observer.Notice($"kernel {inSbom.Version}{(inSbom.PackageVersion is null ? "" : $" (package {inSbom.PackageVersion})")} from {request.SbomPath}: {inSbom.Component}");
        }
        using var feed = await OpenKernelFeedAsync(request.Offline, cancellation);

        var filters = new List<IKernelFindingFilter>();
        var repository = request.GitRepository ?? release?.KernelGitRepo;
        var cip = CipOverrides(request.CipBranch, version, treeChecksFixes: repository is not null);
        string? tree = null;
        if (repository is not null)
        {
            var point = request.BranchPoint ?? $"v{version.Branch.Number}";
            var reference = request.GitReference ?? release?.KernelGitRef ?? "HEAD";
            // The record's fixes, read only for findings the tree is asked about, and cip-kernel-sec's.
            IEnumerable<string> FixCommits(VulnerabilityId id) => feed.FixCommitsOf(feed.IndexOf(id)).Concat(cip?.FixCommits(id) ?? []);
            var fixes = await observer.WithProgressAsync(progress => Task.Run(() => KernelTreeFixes.Load(repository, reference, point, settings.DataDirectory, progress, FixCommits), cancellation));
            observer.Notice($"{fixes.Description}: {fixes.Commits} commits since {point} ({fixes.CommitsFromCache} from cache), {fixes.Backports} cite an upstream commit");
            filters.Add(fixes);
            tree = fixes.Description;
        }
        if (cip is not null)
        {
            filters.Add(cip);
        }
        var build = LoadBuild(request, release) ?? (inSbom is { ListsFiles: true } ? KernelBuild.FromSbomFiles(request.SbomPath!, inSbom.Files) : null);
        if (build is not null)
        {
            filters.Add(new NotBuiltFilter(build));
        }
        var result = KernelScanner.Scan(feed, version, filters, clock.GetUtcNow(), tree, build?.Source);
        var recorded = release is null || !BuildFeatures.Database ? null : await history.RecordKernelAsync(release, result, cancellation);
        var vex = request.VexFiles.Count == 0 ? null : VexFilter.Read(request.VexFiles, new VexProductMatcher([], versionText));
        var cleared = vex is null ? [] : vex.Apply(result.Findings, f => ("linux", f.Id)).Cleared;
        // Loops over the cleared pairs: LINQ over value tuples is code compiled at run time, in every scan.
        var clearedOpen = new List<(KernelFinding Finding, VexStatement Statement)>();
        var clearedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in cleared)
        {
            if (pair.Finding.IsOpen)
            {
                clearedOpen.Add(pair);
                clearedIds.Add(pair.Finding.Id.Text);
            }
        }
        var shown = result.Findings.Where(f => !clearedIds.Contains(f.Id.Text) && (request.Show is null || request.Show.Contains(f.Status))).ToArray();
        var failing = request.FailOn is { } gate ? result.Findings.Where(f => f.IsOpen && !clearedIds.Contains(f.Id.Text) && f.Severity.FailsGate(gate)).ToArray() : [];
        return new KernelScanOutcome(result, shown, recorded, release, failing)
        {
            Cleared = clearedOpen, Vex = vex, Exploits = Feeds.Exploits.ExploitSignals.Load(settings.DataDirectory),
        };
    }

    /// <summary>
    /// Scans every product release whose latest scan of a kind used another feed than the cached one: the packages
    /// of releases that record them (a path, or an upload), the kernel of releases that record one. A release
    /// scanned against the current feed is left alone, so a repeated or retried rescan redoes only what failed.
    /// </summary>
    public async Task<IReadOnlyList<RescanItem>> RescanAsync(CancellationToken cancellation)
    {
        var current = (await feeds.StatusAsync(cancellation)).Where(f => f.Metadata is not null).ToDictionary(f => f.Kind, f => f.Metadata!.Sha256);
        var items = new List<RescanItem>();
        foreach (var product in await catalog.ListAsync(cancellation))
        {
            var latest = (await history.LatestScansAsync(product, cancellation)).ToDictionary(s => (s.ReleaseId, s.Kind));
            foreach (var release in product.Releases.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                var kinds = new List<(ScanKind Kind, FeedKind Feed)>();
                if (release.PackagesKind is not null || latest.ContainsKey((release.Id, ScanKind.Debian)))
                {
                    kinds.Add((ScanKind.Debian, FeedKind.DebianTracker));
                }
                if (release.KernelVersion is not null)
                {
                    kinds.Add((ScanKind.Kernel, FeedKind.KernelCna));
                }
                foreach (var (kind, feed) in kinds)
                {
                    items.Add(await RescanAsync(product.Name, release, kind, current.GetValueOrDefault(feed), latest.GetValueOrDefault((release.Id, kind)), cancellation));
                }
            }
        }
        return items;
    }

    private async Task<RescanItem> RescanAsync(string product, ProductRelease release, ScanKind kind, string? feedSha256, ScanRecord? latest, CancellationToken cancellation)
    {
        if (feedSha256 is not null && latest?.FeedSha256 == feedSha256)
        {
            return new RescanItem(product, release.Name, kind, RescanResult.UpToDate, $"scanned {latest.ScannedAt:yyyy-MM-dd HH:mm} UTC against the current feed");
        }
        try
        {
            var open = kind == ScanKind.Debian
                ? (await ScanDebianAsync(new DebianScanRequest { Product = product, ProductRelease = release.Name, Offline = true }, cancellation)).Result.Findings.Count
                : (await ScanKernelAsync(new KernelScanRequest { Product = product, ProductRelease = release.Name, Offline = true }, cancellation)).Result.Findings.Count(f => f.IsOpen);
            return new RescanItem(product, release.Name, kind, RescanResult.Scanned, $"{open} open");
        }
        catch (VigilException e) when (e.Kind is not ErrorKind.Unavailable)
        {
            // One release's missing inventory must not keep the others unscanned; an unreachable database does.
            return new RescanItem(product, release.Name, kind, RescanResult.Failed, e.Message);
        }
    }

    /// <summary>The CVEs a kernel release fixes, by the CNA's records (like strak --fixed).</summary>
    public async Task<Contracts.KernelFixedInReport> KernelFixedInAsync(string releaseText, CancellationToken cancellation)
    {
        if (!KernelVersion.TryParse(releaseText, out var version) || version.LocalVersion.Length > 0 || version.IsReleaseCandidate)
        {
            throw new VigilException($"invalid kernel release '{releaseText}': expected a release number such as 6.1.120 or 6.12");
        }
        using var feed = await OpenKernelFeedAsync(offline: false, cancellation);
        return new(version.Number, [.. KernelScanner.FixedIn(feed, version).Select(i => new Contracts.KernelFixedInReport.FixedCve(feed.Ids[i].Text, feed.Details(i).Title))]);
    }

    /// <summary>One kernel CVE record, and with a version, the verdict and why.</summary>
    public async Task<KernelRecordView> KernelRecordAsync(string cve, string? versionText, CancellationToken cancellation)
    {
        if (!VulnerabilityId.TryParse(cve, out var id) || !id.IsCve)
        {
            throw new VigilException($"invalid CVE id '{cve}': expected CVE-YYYY-NNNN");
        }
        using var feed = await OpenKernelFeedAsync(offline: false, cancellation);
        var index = feed.IndexOf(id);
        if (index < 0)
        {
            throw new VigilException(ErrorKind.NotFound, ErrorCodes.KernelCveUnknown, feed.Rejected.Contains(id) ? $"{id} was rejected by the kernel CNA" : $"{id} is not in the kernel CVE feed");
        }
        KernelVersion? version = versionText is null ? null : RunningKernelRelease.Resolve(versionText, null);
        return new KernelRecordView(id, feed.Record(index), feed.DescriptionOf(index).ToString(), version, version is null ? null : KernelScanner.RuleOf(feed, index).Evaluate(version.Value));
    }

    private async Task<KernelFeed> OpenKernelFeedAsync(bool offline, CancellationToken cancellation)
    {
        await feeds.EnsureAsync(FeedKind.KernelCna, offline, cancellation);
        return new KernelFeedStore(settings.DataDirectory).Open();
    }

    /// <summary>A release's packages: the status file or SBOM uploaded for it, else the inventory it was added with.</summary>
    internal async Task<ScanTarget> TargetOfAsync(ProductRelease release, string product, CancellationToken cancellation) =>
        await catalog.UploadedInventoryAsync(release, cancellation) is { } uploaded
            ? ScanTarget.FromContent(uploaded.Content, $"the inventory uploaded for {product}/{release.Name} on {uploaded.UploadedAt:yyyy-MM-dd HH:mm} UTC")
            : TargetOf(release, product);

    private static ScanTarget TargetOf(ProductRelease release, string product) => release.PackagesKind is null
        ? throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.ReleaseWithoutPackages, $"release {release.Name} of {product} has no Debian packages to scan (it records only a kernel)")
        : TargetOf(release.PackagesKind, release.PackagesPath);

    private static ScanTarget TargetOf(DebianScanRequest request) => request.InventoryContent is { } content
        ? ScanTarget.FromContent(content, request.InventoryContentName)
        : TargetOf(request.InventoryKind, request.InventoryPath);

    /// <summary>A package list of the given kind, or this machine's when none is given.</summary>
    internal static ScanTarget TargetOf(PackageInventoryKind? kind, string? path) => (kind, path) switch
    {
        (PackageInventoryKind.DpkgStatus, { } file) => ScanTarget.FromStatusFile(file),
        (PackageInventoryKind.Rootfs, { } root) => ScanTarget.FromRootFilesystem(root),
        (PackageInventoryKind.IsarDeploy, { } deploy) => ScanTarget.FromIsarDeployDirectory(deploy),
        (PackageInventoryKind.Sbom, { } sbom) => ScanTarget.FromSbom(sbom),
        _ => ScanTarget.FromThisSystem(),
    };

    private CipKernelSecOverrides? CipOverrides(string? branch, KernelVersion version, bool treeChecksFixes)
    {
        var store = new CipKernelSecStore(settings.DataDirectory);
        if (branch is null && (!store.Exists || (branch = RunningKernelRelease.CipBranchOf(version)) is null))
        {
            return null;
        }
        return new CipKernelSecOverrides(store.Load(), branch, treeChecksFixes);
    }

    private static KernelBuild? LoadBuild(KernelScanRequest request, ProductRelease? release)
    {
        if (request.CompiledFiles is { } uploaded)
        {
            return KernelBuild.FromFileListText(System.Text.Encoding.UTF8.GetString(uploaded), request.CompiledFilesName);
        }
        var (kind, path) = request.BuildKind is { } given ? (given, request.BuildPath) : (release?.KernelBuildKind, release?.KernelBuildPath);
        if (request.Kconfig is null && KernelBuild.Of(kind, path) is { } recorded)
        {
            return recorded;
        }
        return request.Kconfig is not null && request.KernelSource is not null ? KernelBuild.FromKbuild(request.KernelSource, request.Kconfig, request.Architecture) : null;
    }
}
