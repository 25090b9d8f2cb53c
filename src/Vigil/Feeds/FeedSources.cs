namespace Vigil.Feeds;

/// <summary>Where each feed is fetched from: the URL asked for, else the feed's environment variable, else the public default.</summary>
public sealed class FeedSources(Func<string, string?> variable)
{
    public Uri UrlFor(FeedKind kind, string? explicitUrl = null)
    {
        var (name, fallback) = kind switch
        {
            FeedKind.DebianTracker => ("VIGIL_DEBIAN_TRACKER_URL", FeedCatalog.DefaultUrl(kind)),
            FeedKind.KernelCna => ("VIGIL_KERNEL_VULNS_URL", FeedCatalog.DefaultUrl(kind)),
            FeedKind.KnownExploited => ("VIGIL_KEV_URL", FeedCatalog.DefaultUrl(kind)),
            FeedKind.ExploitPrediction => ("VIGIL_EPSS_URL", FeedCatalog.DefaultUrl(kind)),
            _ => throw new Common.VigilException(Common.ErrorKind.InvalidInput, Common.ErrorCodes.InvalidInput, $"{FeedCatalog.NameOf(kind)} is imported from a checkout, not fetched"),
        };
        return HttpDownloader.ParseUrl(explicitUrl ?? variable(name) ?? fallback!.ToString());
    }
}
