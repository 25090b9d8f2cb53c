using System.Text;
using System.Text.Json;
using Vigil.Common;

namespace Vigil.Feeds.Debian;

/// <summary>
/// The imported Debian Security Tracker feed in the data directory: one binary file holding every source
/// package's entries, an index by package name and the feed's metadata. A scan reads the index and then only
/// the packages installed, which is what keeps a scan process well under a second on a 100 MB feed.
/// </summary>
/// <remarks>
/// Layout: header (magic, format), package blocks, index (name, offset, length), metadata JSON, footer
/// (index offset, metadata offset, end magic). Written through <see cref="AtomicFile"/>, so a failed import
/// never touches the feed already there.
/// </remarks>
public sealed class DebianFeedStore(DataDirectory dataDirectory)
{
    public const string FeedKind = "debian-tracker";
    internal static readonly byte[] HeaderMagic = "VIGIL-DEBIAN-TRACKER\n"u8.ToArray();
    internal static readonly byte[] FooterMagic = "VGDTEND\n"u8.ToArray();
    internal const int FormatVersion = 1;

    public string FilePath => Path.Combine(dataDirectory.FeedsPath, "debian-tracker.vdb");

    private string ConfirmationPath => Path.Combine(dataDirectory.FeedsPath, "debian-tracker.confirmed.json");

    public bool Exists => File.Exists(FilePath);

    /// <summary>
    /// Parses the tracker JSON from <paramref name="json"/> and, only if all of it is valid, replaces the stored feed.
    /// </summary>
    public FeedMetadata Import(Stream json, string inputName, Func<TrackerReadSummary, FeedMetadata> describe)
    {
        dataDirectory.EnsureFeedsDirectory();
        FeedMetadata? metadata = null;
        AtomicFile.Write(FilePath, file =>
        {
            using var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true);
            writer.Write(HeaderMagic);
            writer.Write(FormatVersion);
            var index = new List<(string Name, long Offset, int Length)>();
            var summary = TrackerJsonReader.Read(json, inputName, package =>
            {
                var offset = file.Position;
                WritePackage(writer, package);
                writer.Flush();
                index.Add((package.Name, offset, checked((int)(file.Position - offset))));
            });
            metadata = describe(summary);

            var indexOffset = file.Position;
            writer.Write(index.Count);
            foreach (var (name, offset, length) in index)
            {
                writer.Write(name);
                writer.Write(offset);
                writer.Write(length);
            }
            var metadataOffset = file.Position;
            writer.Write(JsonSerializer.Serialize(metadata, FeedJsonContext.Default.FeedMetadata));
            writer.Write(indexOffset);
            writer.Write(metadataOffset);
            writer.Write(FooterMagic);
        });
        File.Delete(ConfirmationPath);
        return metadata!;
    }

    /// <summary>Opens the stored feed for lookups; a missing or damaged file is a <see cref="VigilException"/>.</summary>
    public DebianFeed Open()
    {
        if (!Exists)
        {
            throw new FeedMissingException($"no Debian tracker feed in {dataDirectory.FeedsPath}; run 'vigil feeds update' or 'vigil feeds import debian FILE'");
        }
        return DebianFeed.Open(FilePath);
    }

    public FeedMetadata? ReadMetadata()
    {
        if (!Exists)
        {
            return null;
        }
        using var feed = DebianFeed.Open(FilePath);
        return feed.Metadata;
    }

    /// <summary>Records that the server confirmed the stored data is current (HTTP 304).</summary>
    public void Confirm(FeedMetadata current, DateTimeOffset when) =>
        AtomicFile.Write(ConfirmationPath, stream =>
            JsonSerializer.Serialize(stream, new FeedConfirmation(current.Sha256, when), FeedJsonContext.Default.FeedConfirmation));

    /// <summary>When the stored data was last known to be current: its own date or a later confirmation of it.</summary>
    public DateTimeOffset FreshAsOf(FeedMetadata metadata)
    {
        try
        {
            if (File.Exists(ConfirmationPath))
            {
                var confirmation = JsonSerializer.Deserialize(File.ReadAllBytes(ConfirmationPath), FeedJsonContext.Default.FeedConfirmation);
                if (confirmation is not null && confirmation.Sha256 == metadata.Sha256 && confirmation.ConfirmedAt > metadata.DataAsOf)
                {
                    return confirmation.ConfirmedAt;
                }
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // A damaged confirmation only loses the extra freshness; the feed itself is intact.
        }
        return metadata.DataAsOf;
    }

    private static void WritePackage(BinaryWriter writer, TrackerSourcePackage package)
    {
        writer.Write(package.Entries.Count);
        foreach (var entry in package.Entries)
        {
            writer.Write(entry.Id.Text);
            WriteOptional(writer, entry.Description);
            WriteOptional(writer, entry.Scope);
            writer.Write(entry.DebianBug ?? -1L);
            writer.Write(entry.Releases.Count);
            foreach (var release in entry.Releases)
            {
                writer.Write(release.Release);
                writer.Write((byte)release.Status);
                WriteOptional(writer, release.FixedVersion?.Text);
                WriteOptional(writer, release.Urgency);
                WriteOptional(writer, release.NoDsa);
                WriteOptional(writer, release.NoDsaReason);
            }
        }
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }
}

/// <summary>No feed has been imported yet: the one failure a scan can repair by fetching the feed first.</summary>
public sealed class FeedMissingException(string message) : VigilException(message);
