using System.Text.Json.Serialization;

namespace Vigil.Feeds;

/// <summary>Where a cached feed came from and what it holds; shown by <c>vigil feeds status</c> and in scan reports.</summary>
public sealed record FeedMetadata
{
    public FeedKind Kind { get; init; }

    /// <summary>The URL it was downloaded from, or the absolute path of the imported file.</summary>
    public required string Source { get; init; }

    public FeedOrigin Origin { get; init; }

    public required DateTimeOffset ImportedAt { get; init; }

    /// <summary>When the data was known to be current: the download time, or the imported file's modification time.</summary>
    public required DateTimeOffset DataAsOf { get; init; }

    public string? ETag { get; init; }

    public string? LastModified { get; init; }

    /// <summary>SHA-256 of the feed JSON as parsed (after decompression).</summary>
    public required string Sha256 { get; init; }

    public required long Bytes { get; init; }

    public required int SourcePackages { get; init; }

    /// <summary>Package-CVE entries (Debian) or published CVE records (kernel).</summary>
    public required int Entries { get; init; }

    /// <summary>Rejected CVE ids the feed lists (kernel).</summary>
    public int Rejected { get; init; }

    public required IReadOnlyList<string> Releases { get; init; }

    /// <summary>The HTTP validators to send when fetching <paramref name="url"/> again; only data downloaded from
    /// that very URL has any.</summary>
    public HttpValidators? ValidatorsFor(Uri url) =>
        Origin == FeedOrigin.Download && Source == url.ToString() ? new HttpValidators(ETag, LastModified) : null;
}

/// <summary>A later check found the cached data still current (HTTP 304): the data is fresh as of that time.</summary>
public sealed record FeedConfirmation(string Sha256, DateTimeOffset ConfirmedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(FeedConfirmation))]
internal sealed partial class FeedJsonContext : JsonSerializerContext;
