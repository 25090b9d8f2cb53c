using Vigil.Common;
using Vigil.Feeds;
using Vigil.Feeds.Debian;

namespace Vigil.Application;

/// <summary>Which feeds to update (all downloadable ones that matter when null) and, for one feed, from where.</summary>
public sealed record FeedUpdateRequest(IReadOnlyList<FeedKind>? Kinds = null, string? Url = null);

public sealed record FeedUpdate(FeedKind Kind, Uri Source, UpdateOutcome Outcome, FeedMetadata Metadata);

public sealed record FeedImportRequest(FeedKind Kind, string Path);

/// <summary>Feed update, import and status; and fetching a feed a scan needs the first time.</summary>
public sealed class FeedUseCases(FeedCatalog catalog, FeedSources sources, IWorkObserver observer)
{
    public async Task<IReadOnlyList<FeedUpdate>> UpdateAsync(FeedUpdateRequest request, CancellationToken cancellation)
    {
        // The other feeds are updated by default once they are in use; nobody scanning only packages pays for them.
        var kinds = request.Kinds is { Count: > 0 } named
            ? named.Distinct().ToArray()
            : [FeedKind.DebianTracker, .. new[] { FeedKind.KernelCna, FeedKind.KnownExploited, FeedKind.ExploitPrediction }.Where(catalog.IsCached)];
        if (request.Url is not null && kinds.Length > 1)
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.FeedUrlAmbiguous, "a feed URL names one server, and more than one feed is to be updated");
        }
        var updates = new List<FeedUpdate>();
        foreach (var kind in kinds)
        {
            var source = sources.UrlFor(kind, request.Url);
            var (outcome, metadata) = await observer.WithProgressAsync(progress => catalog.UpdateAsync(kind, source, progress, cancellation));
            updates.Add(new FeedUpdate(kind, source, outcome, metadata));
        }
        return updates;
    }

    public Task<FeedMetadata> ImportAsync(FeedImportRequest request, CancellationToken cancellation) =>
        observer.WithProgressAsync(progress => catalog.ImportAsync(request.Kind, request.Path, progress, cancellation));

    public Task<IReadOnlyList<FeedState>> StatusAsync(CancellationToken cancellation) => Task.FromResult(catalog.Status());

    /// <summary>Fetches a feed a scan needs when none is cached yet (unless offline); nothing when it is cached.</summary>
    internal async Task EnsureAsync(FeedKind kind, bool offline, CancellationToken cancellation)
    {
        if (catalog.IsCached(kind))
        {
            return;
        }
        var url = sources.UrlFor(kind);
        var title = kind == FeedKind.DebianTracker ? "Debian tracker feed" : "kernel CVE feed";
        var offlineCode = kind == FeedKind.DebianTracker ? ErrorCodes.DebianFeedOffline : ErrorCodes.KernelFeedOffline;
        if (offline)
        {
            throw new VigilException(ErrorKind.MissingData, offlineCode, $"no {title} is cached and fetching it is not allowed offline; it comes from {url}");
        }
        observer.Notice($"No {title} cached yet: fetching {url} ({(kind == FeedKind.DebianTracker ? "about 100 MB" : "about 20 MB")}, once)");
        try
        {
            await observer.WithProgressAsync(async progress =>
            {
                await catalog.EnsureAsync(kind, url, progress, cancellation);
                return true;
            });
        }
        catch (VigilException e) when (e.Code == ErrorCodes.FeedUnreachable)
        {
            throw new VigilException(ErrorKind.Unavailable, offlineCode, $"no {title} is cached and {e.Message}; offline, fetch {url} on another machine", e);
        }
    }
}
