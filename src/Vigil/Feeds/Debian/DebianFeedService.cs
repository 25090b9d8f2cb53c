using Vigil.Common;

namespace Vigil.Feeds.Debian;

public enum UpdateOutcome
{
    Updated,
    NotModified,
}

/// <summary>Gets the Debian Security Tracker feed into the store: from the network or from a file a user brings.</summary>
public sealed class DebianFeedService(DataDirectory dataDirectory, HttpDownloader downloader, TimeProvider clock)
{
    public static readonly Uri DefaultUrl = new("https://security-tracker.debian.org/tracker/data/json");

    public DebianFeedStore Store { get; } = new(dataDirectory);

    /// <summary>Imports a local copy (plain JSON or .gz/.xz/.zst); the stored feed changes only if all of it is valid.</summary>
    public FeedMetadata ImportFile(string path, IWorkProgress progress, CancellationToken cancellation = default)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new VigilException($"feed file {path} does not exist");
        }
        var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(fullPath), TimeSpan.Zero);
        using var input = CompressedInput.Open(fullPath, progress, "Importing Debian tracker feed", cancellation);
        return Store.Import(input, path, summary => Describe(summary, fullPath, FeedOrigin.Import, modified, null), cancellation);
    }

    public async Task<(UpdateOutcome Outcome, FeedMetadata Metadata)> UpdateAsync(Uri url, IWorkProgress progress, CancellationToken cancellation)
    {
        var directory = dataDirectory.EnsureFeedsDirectory();
        var current = Store.ReadMetadata();
        var validators = current?.ValidatorsFor(url);
        var started = clock.GetUtcNow();
        var result = await downloader.DownloadAsync(url, validators, directory, progress, "Downloading Debian tracker feed", cancellation);
        if (result is NotModified)
        {
            if (current is null)
            {
                throw new VigilException($"{url} answered 304 Not Modified to a request for data Vigil does not have");
            }
            Store.Confirmations.Confirm(current, started);
            return (UpdateOutcome.NotModified, current);
        }

        using var download = (Downloaded)result;
        using var input = CompressedInput.Open(download.TemporaryPath, progress, "Importing Debian tracker feed", cancellation);
        var metadata = Store.Import(input, url.ToString(), summary => Describe(summary, url.ToString(), FeedOrigin.Download, started, download.Validators), cancellation);
        return (UpdateOutcome.Updated, metadata);
    }

    private FeedMetadata Describe(TrackerReadSummary summary, string source, FeedOrigin origin, DateTimeOffset dataAsOf, HttpValidators? validators) => new()
    {
        Kind = FeedKind.DebianTracker,
        Source = source,
        Origin = origin,
        ImportedAt = clock.GetUtcNow(),
        DataAsOf = dataAsOf,
        ETag = validators?.ETag,
        LastModified = validators?.LastModified,
        Sha256 = summary.Sha256,
        Bytes = summary.Bytes,
        SourcePackages = summary.SourcePackages,
        Entries = summary.Entries,
        Releases = summary.Releases,
    };
}
