using Vigil.Feeds;

namespace Vigil.Tests.Support;

/// <summary>A feed downloader configured as <c>AddVigil</c> configures it, with a connect timeout a test can shorten.</summary>
public static class Downloaders
{
    public static HttpDownloader New(TimeSpan? connectTimeout = null)
    {
        return new HttpDownloader(() =>
        {
            var handler = HttpDownloader.Handler();
            handler.ConnectTimeout = connectTimeout ?? handler.ConnectTimeout;
            var client = new HttpClient(handler);
            HttpDownloader.Configure(client);
            return client;
        });
    }
}
