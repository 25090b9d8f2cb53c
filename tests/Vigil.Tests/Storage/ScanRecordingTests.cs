using Vigil.Common;
using Vigil.Feeds;
using Vigil.Feeds.Debian;
using Vigil.Inventory;
using Vigil.Scanning.Debian;
using Vigil.Storage;
using Vigil.Tests.Support;

namespace Vigil.Tests.Storage;

/// <summary>A recorded scan is stored whole or not at all, also when it is stopped (Ctrl-C, SIGTERM) while it is written.</summary>
public sealed class ScanRecordingTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public void A_scan_stopped_before_its_commit_stores_nothing_and_the_next_one_is_stored()
    {
        var data = new DataDirectory(home.File("data"));
        using var downloader = new HttpDownloader();
        var feeds = new DebianFeedService(data, downloader, TimeProvider.System);
        feeds.ImportFile(Fixture.Path("tracker-excerpt.json"), SilentProgress.Instance);
        using var db = VigilDatabase.Open(DatabaseLocation.Resolve(null, data), create: true, _ => { });
        var release = new ProductCatalog(db, TimeProvider.System).AddRelease("gateway", null, new ProductRelease { Id = "", ProductId = "", CreatedAt = DateTimeOffset.UtcNow, Name = "1", PackagesKind = PackageInventoryKind.DpkgStatus, PackagesPath = Fixture.Path("status-bookworm-excerpt") });
        var result = DebianScanner.Scan(ScanTarget.FromStatusFile(Fixture.Path("status-bookworm-excerpt")), feeds.Store, "bookworm", DateTimeOffset.UtcNow);
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();
        var history = new ScanHistory(db);

        Assert.ThrowsAny<OperationCanceledException>(() => history.RecordDebian(release, result, stopped.Token));
        var afterStop = history.Scans(release, Vigil.Scanning.ScanKind.Debian).Count;
        history.RecordDebian(release, result);

        Assert.Equal(0, afterStop);
        Assert.Single(history.Scans(release, Vigil.Scanning.ScanKind.Debian));
    }
}
