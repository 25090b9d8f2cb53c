using Vigil.Common;
using Vigil.Feeds;
using Vigil.Feeds.CipKernelSec;
using Vigil.Feeds.Debian;
using Vigil.Tests.Support;

namespace Vigil.Tests.Feeds;

/// <summary>One catalog of feeds: names, defaults, and each kind's staleness rule applied in one place.</summary>
public sealed class FeedCatalogTests : IDisposable
{
    private static readonly DateTimeOffset DataDate = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory home = new();
    private readonly HttpDownloader downloader = Vigil.Tests.Support.Downloaders.New();

    public void Dispose()
    {
        home.Dispose();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private FeedCatalog CatalogAt(DateTimeOffset now) => new(new DataDirectory(home.File("data")), downloader, new FixedClock(now));

    private void ImportDebianAndCip()
    {
        var tracker = home.Write("tracker.json", File.ReadAllText(Fixture.Path("tracker-excerpt.json")));
        File.SetLastWriteTimeUtc(tracker, DataDate.UtcDateTime);
        new DebianFeedService(new DataDirectory(home.File("data")), downloader, new FixedClock(DataDate)).ImportFile(tracker, SilentProgress.Instance);
        var cip = home.CopyTree(Fixture.Path("cip-kernel-sec"), "cip");
        foreach (var file in Directory.GetFiles(Path.Combine(cip, "issues")))
        {
            File.SetLastWriteTimeUtc(file, DataDate.UtcDateTime);
        }
        new CipKernelSecStore(new DataDirectory(home.File("data"))).Import(cip, DataDate, SilentProgress.Instance);
    }

    [Fact]
    public void Nothing_imported_is_five_feeds_none_cached()
    {
        var status = CatalogAt(DataDate).Status();

        Assert.Equal(["debian-tracker", "kernel-cna", "cip-kernel-sec", "cisa-kev", "first-epss"], status.Select(f => f.Name));
        Assert.All(status, f => Assert.Null(f.Metadata));
        Assert.All(status, f => Assert.False(f.Stale));
    }

    [Fact]
    public void After_eight_days_the_tracker_is_stale_and_the_hand_curated_cip_data_is_not()
    {
        ImportDebianAndCip();

        var status = CatalogAt(DataDate.AddDays(8)).Status().ToDictionary(f => f.Kind);

        Assert.True(status[FeedKind.DebianTracker].Stale);
        Assert.False(status[FeedKind.CipKernelSec].Stale);
        Assert.False(CatalogAt(DataDate.AddDays(6)).Status().Single(f => f.Kind == FeedKind.DebianTracker).Stale);
        Assert.True(CatalogAt(DataDate.AddDays(32)).Status().Single(f => f.Kind == FeedKind.CipKernelSec).Stale);
    }

    [Fact]
    public async Task The_import_only_feed_cannot_be_downloaded()
    {
        var error = await Assert.ThrowsAsync<VigilException>(() => CatalogAt(DataDate).UpdateAsync(FeedKind.CipKernelSec, new Uri("https://example.org/"), SilentProgress.Instance, CancellationToken.None));

        Assert.Contains("is imported from a checkout, not downloaded", error.Message, StringComparison.Ordinal);
        Assert.Null(FeedCatalog.DefaultUrl(FeedKind.CipKernelSec));
    }
}
