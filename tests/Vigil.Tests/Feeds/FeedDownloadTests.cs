using System.Net;
using System.Net.Sockets;
using Vigil.Common;
using Vigil.Feeds;
using Vigil.Feeds.Debian;
using Vigil.Tests.Support;

namespace Vigil.Tests.Feeds;

public sealed class FeedDownloadTests : IAsyncLifetime
{
    private readonly TempDirectory data = new();
    private readonly HttpDownloader downloader = Vigil.Tests.Support.Downloaders.New(TimeSpan.FromSeconds(5));
    private LoopbackFeedServer server = null!;

    private DebianFeedService Service => new(new DataDirectory(data.Path), downloader, TimeProvider.System);

    public async Task InitializeAsync() =>
        server = await LoopbackFeedServer.StartAsync(File.ReadAllBytes(Fixture.Path("tracker-excerpt.json")));

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        data.Dispose();
    }

    private Task<(UpdateOutcome Outcome, FeedMetadata Metadata)> Update(string url) =>
        Service.UpdateAsync(new Uri(url), SilentProgress.Instance, CancellationToken.None);

    [Fact]
    public async Task Update_downloads_and_imports_the_feed()
    {
        var (outcome, metadata) = await Update(server.FeedUrl);

        Assert.Equal(UpdateOutcome.Updated, outcome);
        Assert.Equal(FeedOrigin.Download, metadata.Origin);
        Assert.Equal(server.FeedUrl, metadata.Source);
        Assert.Equal("\"feed-v1\"", metadata.ETag);
        using var feed = Service.Store.Open();
        Assert.Equal(6, feed.EntriesFor("openssl").Count);
    }

    [Fact]
    public async Task Second_update_sends_the_etag_and_accepts_304_without_downloading_again()
    {
        await Update(server.FeedUrl);
        var before = File.GetLastWriteTimeUtc(Service.Store.FilePath);

        var (outcome, _) = await Update(server.FeedUrl);

        Assert.Equal(UpdateOutcome.NotModified, outcome);
        Assert.Equal(1, server.FullResponses);
        Assert.Equal(1, server.NotModifiedResponses);
        Assert.Equal(before, File.GetLastWriteTimeUtc(Service.Store.FilePath));
    }

    [Fact]
    public async Task A_304_for_the_kernel_feed_is_recorded_as_a_confirmation_as_for_the_debian_feed()
    {
        var snapshot = KernelFixture.TarGz(KernelFixture.Root, data.File("vulns.tar.gz"));
        await using var kernelServer = await LoopbackFeedServer.StartAsync(File.ReadAllBytes(snapshot));
        var service = new Vigil.Feeds.Kernel.KernelFeedService(new DataDirectory(data.File("k")), downloader, TimeProvider.System);
        var (_, first) = await service.UpdateAsync(new Uri(kernelServer.FeedUrl), SilentProgress.Instance, CancellationToken.None);

        var (outcome, second) = await service.UpdateAsync(new Uri(kernelServer.FeedUrl), SilentProgress.Instance, CancellationToken.None);

        Assert.Equal(UpdateOutcome.NotModified, outcome);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.True(service.Store.FreshAsOf(second) > second.DataAsOf, "the confirmation did not count");
    }

    [Fact]
    public async Task Changed_feed_on_the_server_is_downloaded_again()
    {
        await Update(server.FeedUrl);
        server.Publish("""{"openssl":{}}"""u8.ToArray());

        var (outcome, metadata) = await Update(server.FeedUrl);

        Assert.Equal(UpdateOutcome.Updated, outcome);
        Assert.Equal("\"feed-v2\"", metadata.ETag);
        using var feed = Service.Store.Open();
        Assert.Empty(feed.EntriesFor("openssl"));
    }

    [Fact]
    public async Task Download_cut_short_leaves_the_cached_feed_untouched()
    {
        await Update(server.FeedUrl);
        var good = File.ReadAllBytes(Service.Store.FilePath);

        var error = await Assert.ThrowsAsync<VigilException>(() => Update($"{server.BaseUrl}/truncated"));

        Assert.Contains("the cached feed is unchanged", error.Message, StringComparison.Ordinal);
        Assert.Equal(good, File.ReadAllBytes(Service.Store.FilePath));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(Service.Store.FilePath)!));
    }

    [Fact]
    public async Task Server_error_is_reported_with_its_status_and_keeps_the_cached_feed()
    {
        await Update(server.FeedUrl);
        var good = File.ReadAllBytes(Service.Store.FilePath);

        var error = await Assert.ThrowsAsync<VigilException>(() => Update($"{server.BaseUrl}/error"));

        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
        Assert.Equal(good, File.ReadAllBytes(Service.Store.FilePath));
    }

    [Fact]
    public async Task Body_that_is_not_the_feed_is_rejected_and_keeps_the_cached_feed()
    {
        await Update(server.FeedUrl);
        var good = File.ReadAllBytes(Service.Store.FilePath);

        var error = await Assert.ThrowsAsync<VigilException>(() => Update($"{server.BaseUrl}/not-json"));

        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(good, File.ReadAllBytes(Service.Store.FilePath));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(Service.Store.FilePath)!));
    }

    [Fact]
    public async Task Unreachable_server_is_reported_as_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<VigilException>(() => Update($"http://127.0.0.1:{port}/tracker/data/json"));
        Assert.Equal((ErrorKind.Unavailable, ErrorCodes.FeedUnreachable), (error.Kind, error.Code));
        Assert.False(Service.Store.Exists);
    }
}
