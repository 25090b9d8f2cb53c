using Vigil.Common;
using Vigil.Feeds.CipKernelSec;
using Vigil.Feeds.Debian;
using Vigil.Feeds.Exploits;
using Vigil.Feeds.Kernel;

namespace Vigil.Feeds;

/// <summary>The feeds Vigil keeps; their stored names ("debian-tracker") are what files, reports and JSON say.</summary>
public enum FeedKind
{
    DebianTracker,
    KernelCna,
    CipKernelSec,

    /// <summary>CISA's Known Exploited Vulnerabilities catalog.</summary>
    KnownExploited,

    /// <summary>FIRST's Exploit Prediction Scoring System, daily scores.</summary>
    ExploitPrediction,
}

/// <summary>Where a cached feed's data came from.</summary>
public enum FeedOrigin
{
    Download,
    Import,
}

/// <summary>The words feed kinds and origins have in feed files, reports and JSON ("debian-tracker", "download"), as ever.</summary>
public static class FeedWords
{
    public static readonly EnumWords<FeedKind> Kinds = new(
        (FeedKind.DebianTracker, "debian-tracker"), (FeedKind.KernelCna, "kernel-cna"), (FeedKind.CipKernelSec, "cip-kernel-sec"),
        (FeedKind.KnownExploited, "cisa-kev"), (FeedKind.ExploitPrediction, "first-epss"));

    public static readonly EnumWords<FeedOrigin> Origins = new((FeedOrigin.Download, "download"), (FeedOrigin.Import, "import"));
}

/// <summary>What one feed holds now: nothing, or data of some age, fresh or stale by its kind's rule.</summary>
public sealed record FeedState(FeedKind Kind, string CacheFile, FeedMetadata? Metadata, DateTimeOffset? FreshAsOf, bool Stale)
{
    public string Name => FeedCatalog.NameOf(Kind);
}

/// <summary>
/// Every feed in one place: its stored name, where it comes from by default, when it is stale, its state, and one
/// update path for the downloadable ones (the Debian tracker JSON, the kernel CNA's vulns.git snapshot, CISA's KEV
/// catalog and FIRST's EPSS scores), so the feeds cannot drift apart again. cip-kernel-sec is imported only (a git
/// checkout of CIP's tracker).
/// </summary>
public sealed class FeedCatalog(DataDirectory dataDirectory, HttpDownloader downloader, TimeProvider clock)
{
    public static string NameOf(FeedKind kind) => FeedWords.Kinds[kind];

    /// <summary>
    /// The staleness rule, one per kind: the security trackers change daily, so a week without a refresh is stale;
    /// cip-kernel-sec is curated by hand and reviewed monthly.
    /// </summary>
    public static TimeSpan StaleAfter(FeedKind kind) => kind == FeedKind.CipKernelSec ? TimeSpan.FromDays(31) : TimeSpan.FromDays(7);

    /// <summary>Where a downloadable feed comes from unless told otherwise; null for an import-only feed.</summary>
    public static Uri? DefaultUrl(FeedKind kind) => kind switch
    {
        FeedKind.DebianTracker => DebianFeedService.DefaultUrl,
        FeedKind.KernelCna => KernelFeedService.DefaultUrl,
        FeedKind.KnownExploited => ExploitFeedService.KnownExploitedUrl,
        FeedKind.ExploitPrediction => ExploitFeedService.PredictionsUrl,
        _ => null,
    };

    public IReadOnlyList<FeedState> Status()
    {
        var now = clock.GetUtcNow();
        var debian = new DebianFeedStore(dataDirectory);
        var kernel = new KernelFeedStore(dataDirectory);
        var cip = new CipKernelSecStore(dataDirectory);
        var kev = new ExploitFeedStore(dataDirectory, FeedKind.KnownExploited);
        var epss = new ExploitFeedStore(dataDirectory, FeedKind.ExploitPrediction);
        FeedState State(FeedKind kind, string file, FeedMetadata? metadata, Func<FeedMetadata, DateTimeOffset> freshAsOf)
        {
            var fresh = metadata is null ? (DateTimeOffset?)null : freshAsOf(metadata);
            return new FeedState(kind, file, metadata, fresh, fresh is { } f && now - f > StaleAfter(kind));
        }
        return
        [
            State(FeedKind.DebianTracker, debian.FilePath, debian.ReadMetadata(), debian.FreshAsOf),
            State(FeedKind.KernelCna, kernel.FilePath, kernel.ReadMetadata(), kernel.FreshAsOf),
            State(FeedKind.CipKernelSec, cip.FilePath, cip.Exists ? cip.Load().Metadata : null, m => m.DataAsOf),
            State(FeedKind.KnownExploited, kev.FilePath, kev.ReadMetadata(), kev.FreshAsOf),
            State(FeedKind.ExploitPrediction, epss.FilePath, epss.ReadMetadata(), epss.FreshAsOf),
        ];
    }

    public bool IsCached(FeedKind kind) => kind switch
    {
        FeedKind.DebianTracker => new DebianFeedStore(dataDirectory).Exists,
        FeedKind.KernelCna => new KernelFeedStore(dataDirectory).Exists,
        FeedKind.CipKernelSec => new CipKernelSecStore(dataDirectory).Exists,
        _ => new ExploitFeedStore(dataDirectory, kind).Exists,
    };

    /// <summary>Downloads a feed if the server has something newer (conditional GET) and imports it whole, or not at all.</summary>
    public Task<(UpdateOutcome Outcome, FeedMetadata Metadata)> UpdateAsync(FeedKind kind, Uri url, IWorkProgress progress, CancellationToken cancellation) => kind switch
    {
        FeedKind.DebianTracker => new DebianFeedService(dataDirectory, downloader, clock).UpdateAsync(url, progress, cancellation),
        FeedKind.KernelCna => new KernelFeedService(dataDirectory, downloader, clock).UpdateAsync(url, progress, cancellation),
        FeedKind.KnownExploited or FeedKind.ExploitPrediction => new ExploitFeedService(dataDirectory, downloader, clock).UpdateAsync(kind, url, progress, cancellation),
        _ => throw new VigilException($"the {NameOf(kind)} feed is imported from a checkout, not downloaded"),
    };

    /// <summary>Imports a feed from a local file, directory or checkout (offline machines); the cache is replaced only by a valid whole.</summary>
    public Task<FeedMetadata> ImportAsync(FeedKind kind, string path, IWorkProgress progress, CancellationToken cancellation) => Task.Run(() => kind switch
    {
        FeedKind.DebianTracker => new DebianFeedService(dataDirectory, downloader, clock).ImportFile(path, progress, cancellation),
        FeedKind.KernelCna => new KernelFeedService(dataDirectory, downloader, clock).ImportPath(path, progress, cancellation),
        FeedKind.KnownExploited or FeedKind.ExploitPrediction => new ExploitFeedService(dataDirectory, downloader, clock).ImportFile(kind, path),
        _ => new CipKernelSecStore(dataDirectory).Import(path, clock.GetUtcNow(), progress, cancellation),
    }, cancellation);

    /// <summary>Fetches a downloadable feed that is not cached yet; does nothing when it is.</summary>
    public async Task EnsureAsync(FeedKind kind, Uri url, IWorkProgress progress, CancellationToken cancellation)
    {
        if (!IsCached(kind))
        {
            await UpdateAsync(kind, url, progress, cancellation);
        }
    }
}
