using System.Text;
using Vigil.Common;
using Vigil.Feeds.Debian;

namespace Vigil.Tests.Support;

/// <summary>Imports tracker JSON into a store in a temporary data directory.</summary>
public static class FeedFixture
{
    public static DebianFeedStore Import(TempDirectory directory, string json)
    {
        var service = new DebianFeedService(new DataDirectory(directory.Path), Vigil.Tests.Support.Downloaders.New(), TimeProvider.System);
        var path = directory.Write("input.json", json);
        service.ImportFile(path, SilentProgress.Instance);
        return service.Store;
    }

    /// <summary>A feed with one entry for <paramref name="package"/> whose bookworm verdict is <paramref name="bookworm"/>.</summary>
    public static string OneEntry(string package, string id, string bookworm) =>
        "{\"" + package + "\":{\"" + id + "\":{\"description\":\"d\",\"scope\":\"remote\",\"releases\":{\"bookworm\":" + bookworm
        + ",\"trixie\":{\"status\":\"open\",\"urgency\":\"low\"}}}}}";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
