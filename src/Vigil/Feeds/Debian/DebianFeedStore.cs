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
    // 3: descriptions stored as the JSON strings reports write. 4: a block holds its entries, then one section of views
    // per release.
    internal const int FormatVersion = 4;

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
            var parts = new BlockParts();
            var summary = TrackerJsonReader.Read(json, inputName, package =>
            {
                var offset = file.Position;
                WritePackage(writer, package, parts);
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

    /// <summary>
    /// A package's block: its entries (id, description, scope, bug) in id order, then one section per release (in
    /// ordinal order of the names) with that release's view of each entry that lists it and where the entry lies. A
    /// scan reads one release's section and decodes only the entries it keeps; it used to walk every release's view.
    /// </summary>
    /// <remarks>
    /// entry count, entries' length, entries; release count, then per release: name, view count, views' length, views
    /// (entry offset in the entries, status, fixed version, urgency, nodsa, nodsa reason).
    /// </remarks>
    private static void WritePackage(BinaryWriter writer, TrackerSourcePackage package, BlockParts parts)
    {
        var entries = InIdOrder(package.Entries);
        var offsets = new int[entries.Count];
        parts.Reset();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            offsets[i] = (int)parts.Entries.BaseStream.Position;
            parts.Entries.Write(entry.Id.Text);
            parts.Entries.Write(entry.Description is not null);
            entry.Description?.WriteTo(parts.Entries);
            WriteOptional(parts.Entries, entry.Scope);
            parts.Entries.Write(entry.DebianBug ?? -1L);
        }
        writer.Write(entries.Count);
        BlockParts.WriteWithLength(parts.Entries, writer);
        var releases = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var view in entry.Releases)
            {
                releases.Add(view.Release);
            }
        }
        writer.Write(releases.Count);
        foreach (var release in releases)
        {
            parts.Reset();
            var count = 0;
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].ForRelease(release) is not { } view)
                {
                    continue;
                }
                parts.Views.Write(offsets[i]);
                parts.Views.Write((byte)view.Status);
                WriteOptional(parts.Views, view.FixedVersion?.Text);
                WriteOptional(parts.Views, view.Urgency);
                WriteOptional(parts.Views, view.NoDsa);
                WriteOptional(parts.Views, view.NoDsaReason);
                count++;
            }
            writer.Write(release);
            writer.Write(count);
            BlockParts.WriteWithLength(parts.Views, writer);
        }
    }

    /// <summary>Where a block's entries and one release's views are put together before their lengths are written.</summary>
    private sealed class BlockParts
    {
        public BinaryWriter Entries { get; } = new(new MemoryStream(), System.Text.Encoding.UTF8);

        public BinaryWriter Views { get; } = new(new MemoryStream(), System.Text.Encoding.UTF8);

        public void Reset()
        {
            Entries.BaseStream.SetLength(0);
            Views.BaseStream.SetLength(0);
        }

        /// <summary>Writes a part's length, then the part.</summary>
        public static void WriteWithLength(BinaryWriter part, BinaryWriter writer)
        {
            part.Flush();
            var bytes = (MemoryStream)part.BaseStream;
            writer.Write(checked((int)bytes.Length));
            writer.Write(bytes.GetBuffer(), 0, (int)bytes.Length);
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
