using System.Text.Json.Serialization;

namespace Vigil.Contracts;

/// <summary><c>feeds status --format json</c> (docs/schemas/feeds-status.schema.json): what each feed holds, from where, how old.</summary>
public sealed record FeedsStatus(IReadOnlyList<FeedsStatus.Feed> Feeds)
{
    public static FeedsStatus Of(IEnumerable<Vigil.Feeds.FeedState> feeds, DateTimeOffset now) => new([.. feeds.Select(feed =>
        feed.Metadata is { } metadata && feed.FreshAsOf is { } fresh
            ? new Feed(feed.Name, true, feed.CacheFile, metadata.Source, Vigil.Feeds.FeedWords.Origins[metadata.Origin], fresh, metadata.ImportedAt,
                Math.Round((now - fresh).TotalDays, 1), feed.Stale, metadata.Sha256, metadata.Entries,
                feed.Kind == Vigil.Feeds.FeedKind.DebianTracker ? metadata.SourcePackages : null,
                feed.Kind == Vigil.Feeds.FeedKind.DebianTracker ? metadata.Releases : null,
                feed.Kind == Vigil.Feeds.FeedKind.KernelCna ? metadata.Rejected : null)
            : new Feed(feed.Name, false, feed.CacheFile))]);

    /// <summary>
    /// One feed. Only <c>kind</c>, <c>cached</c> and <c>cacheFile</c> are always there; the rest describes cached data,
    /// <c>sourcePackages</c> and <c>releases</c> only the Debian tracker, <c>rejected</c> only the kernel feed.
    /// </summary>
    public sealed record Feed(
        string Kind,
        bool Cached,
        string CacheFile,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Origin = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? DataAsOf = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ImportedAt = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AgeDays = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Stale = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sha256 = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Entries = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SourcePackages = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Releases = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Rejected = null);
}
