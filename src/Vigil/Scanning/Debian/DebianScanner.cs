using Vigil.Common;
using Vigil.Feeds.Debian;
using Vigil.Inventory;

namespace Vigil.Scanning.Debian;

/// <summary>Scans a target's installed packages against the stored Debian tracker feed.</summary>
public static class DebianScanner
{
    public static DebianScanResult Scan(ScanTarget target, DebianFeedStore store, string? release, DateTimeOffset now)
    {
        var chosen = release ?? target.Release
            ?? throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.DebianReleaseUndetermined, $"cannot tell which Debian release {target.Path} is (no os-release with VERSION_CODENAME)");
        using var feed = store.Open();
        var findings = DebianMatcher.Match(target.Packages, feed, chosen);
        return new DebianScanResult(target, chosen, feed.Metadata, store.FreshAsOf(feed.Metadata), now, findings);
    }
}
