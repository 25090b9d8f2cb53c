using Vigil.Application;
using Vigil.Feeds;
using Vigil.Feeds.Debian;
using Vigil.History;
using Vigil.Inventory;
using Vigil.Scanning.Debian;
using Vigil.Tests.Support;

namespace Vigil.Tests.Storage;

/// <summary>A recorded scan is stored whole or not at all, also when it is stopped (Ctrl-C, SIGTERM) while it is written.</summary>
public sealed class ScanRecordingTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task A_scan_stopped_before_its_commit_stores_nothing_and_the_next_one_is_stored()
    {
        using var vigil = new TestVigil(home.File("data"));
        await vigil.Use<FeedUseCases>().ImportAsync(new FeedImportRequest(FeedKind.DebianTracker, Fixture.Path("tracker-excerpt.json")), CancellationToken.None);
        var release = await vigil.Use<ProductUseCases>().AddReleaseAsync(new AddReleaseRequest { Product = "gateway", Release = "1", PackagesKind = PackageInventoryKind.DpkgStatus, PackagesPath = Fixture.Path("status-bookworm-excerpt") }, CancellationToken.None);
        var result = DebianScanner.Scan(ScanTarget.FromStatusFile(Fixture.Path("status-bookworm-excerpt")), new DebianFeedStore(vigil.Data), "bookworm", DateTimeOffset.UtcNow);
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();
        var history = vigil.Use<ScanHistory>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => history.RecordDebianAsync(release, result, null, stopped.Token));
        var afterStop = (await history.ScansAsync(release, Vigil.Scanning.ScanKind.Debian, CancellationToken.None)).Count;
        await history.RecordDebianAsync(release, result, null, CancellationToken.None);

        Assert.Equal(0, afterStop);
        Assert.Single(await history.ScansAsync(release, Vigil.Scanning.ScanKind.Debian, CancellationToken.None));
    }

    [Fact]
    public async Task Scans_recorded_before_open_counts_existed_are_counted_when_the_database_is_migrated()
    {
        int open;
        using (var vigil = new TestVigil(home.File("data")))
        {
            await vigil.Use<FeedUseCases>().ImportAsync(new FeedImportRequest(FeedKind.DebianTracker, Fixture.Path("tracker-excerpt.json")), CancellationToken.None);
            var release = await vigil.Use<ProductUseCases>().AddReleaseAsync(new AddReleaseRequest { Product = "gateway", Release = "1", PackagesKind = PackageInventoryKind.DpkgStatus, PackagesPath = Fixture.Path("status-bookworm-excerpt") }, CancellationToken.None);
            var result = DebianScanner.Scan(ScanTarget.FromStatusFile(Fixture.Path("status-bookworm-excerpt")), new DebianFeedStore(vigil.Data), "bookworm", DateTimeOffset.UtcNow);
            open = (await vigil.Use<ScanHistory>().RecordDebianAsync(release, result, null, CancellationToken.None)).OpenCount;
        }
        var file = Path.Combine(home.File("data"), "vigil.db");
        SqliteFile.Execute(file, "ALTER TABLE scans DROP COLUMN open_count; DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" LIKE '%_ScanOpenCounts'");

        using (var vigil = new TestVigil(home.File("data")))
        {
            await vigil.Use<ProductUseCases>().ListAsync(CancellationToken.None);
        }

        Assert.True(open > 0);
        Assert.Equal(open.ToString(System.Globalization.CultureInfo.InvariantCulture), SqliteFile.Query(file, "SELECT open_count FROM scans"));
    }
}
