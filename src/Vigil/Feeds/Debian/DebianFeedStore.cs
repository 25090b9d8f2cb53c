using Vigil.Common;

namespace Vigil.Feeds.Debian;

/// <summary>
/// The imported Debian Security Tracker feed in the data directory: one binary file holding every source
/// package's entries, an index by package name and the feed's metadata. A scan reads the index and then only
/// the packages installed, which is what keeps a scan process well under a second on a 100 MB feed.
/// </summary>
/// <remarks>Body inside the <see cref="FeedFile"/> container: package blocks, index (name, offset, length), index offset.</remarks>
public sealed class DebianFeedStore(DataDirectory dataDirectory)
{
    internal const string Magic = "VIGIL-DEBIAN-TRACKER\n";
    // 3: descriptions stored as the JSON strings reports write.
    internal const int FormatVersion = 3;

    public string FilePath => Path.Combine(dataDirectory.FeedsPath, "debian-tracker.vdb");

    public bool Exists => File.Exists(FilePath);

    /// <summary>
    /// Parses the tracker JSON from <paramref name="json"/> and, only if all of it is valid, replaces the stored feed.
    /// </summary>
    public FeedMetadata Import(Stream json, string inputName, Func<TrackerReadSummary, FeedMetadata> describe, CancellationToken cancellation = default)
    {
        dataDirectory.EnsureFeedsDirectory();
        var metadata = FeedFile.Write(FilePath, Magic, FormatVersion, writer =>
        {
            var file = writer.BaseStream;
            var index = new List<(string Name, long Offset, int Length)>();
            var summary = TrackerJsonReader.Read(json, inputName, package =>
            {
                var offset = file.Position;
                WritePackage(writer, package);
                writer.Flush();
                index.Add((package.Name, offset, checked((int)(file.Position - offset))));
            });
            var indexOffset = file.Position;
            writer.Write(index.Count);
            foreach (var (name, offset, length) in index)
            {
                writer.Write(name);
                writer.Write(offset);
                writer.Write(length);
            }
            writer.Write(indexOffset);
            return describe(summary);
        }, cancellation);
        Confirmations.Forget();
        return metadata;
    }

    /// <summary>Opens the stored feed for lookups; a missing or damaged file is a <see cref="VigilException"/>.</summary>
    public DebianFeed Open()
    {
        if (!Exists)
        {
            throw new VigilException(ErrorKind.MissingData, ErrorCodes.DebianFeedMissing, $"no Debian tracker feed in {dataDirectory.FeedsPath}");
        }
        return DebianFeed.Open(FilePath);
    }

    public FeedMetadata? ReadMetadata()
    {
        if (!Exists)
        {
            return null;
        }
        var opened = FeedFile.Open(FilePath, Magic, FormatVersion);
        opened.File.Dispose();
        return opened.Metadata;
    }

    /// <summary>When the server last confirmed the stored data (HTTP 304), for the feed's age.</summary>
    public FeedConfirmations Confirmations => new(Path.Combine(dataDirectory.FeedsPath, "debian-tracker.confirmed.json"));

    /// <summary>When the stored data was last known to be current: its own date or a later confirmation of it.</summary>
    public DateTimeOffset FreshAsOf(FeedMetadata metadata) => Confirmations.FreshAsOf(metadata);

    private static void WritePackage(BinaryWriter writer, TrackerSourcePackage package)
    {
        writer.Write(package.Entries.Count);
        foreach (var entry in InIdOrder(package.Entries))
        {
            writer.Write(entry.Id.Text);
            writer.Write(entry.Description is not null);
            entry.Description?.WriteTo(writer);
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

    /// <summary>A package's entries in id order, as scans report them: a scan then only checks the order.</summary>
    private static IReadOnlyList<TrackerEntry> InIdOrder(IReadOnlyList<TrackerEntry> entries)
    {
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i - 1].Id.CompareTo(entries[i].Id) > 0)
            {
                var sorted = entries.ToArray();
                Array.Sort(sorted, (a, b) => a.Id.CompareTo(b.Id));
                return sorted;
            }
        }
        return entries;
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
