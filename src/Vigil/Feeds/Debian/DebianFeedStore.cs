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
    // 3: descriptions stored as the JSON strings reports write. 4: a block holds its entries, then a section of views
    // per release, then its contents.
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
            writer.Flush();
            var bodyStart = writer.BaseStream.Position;
            var counted = new CountingStream(writer.BaseStream);
            using var blocks = new BinaryWriter(counted, System.Text.Encoding.UTF8, leaveOpen: true);
            var index = new List<(string Name, long Offset, int Length)>();
            var garbage = new GarbageBound();
            var summary = TrackerJsonReader.Read(json, inputName, package =>
            {
                garbage.Check();
                var offset = counted.Written;
                WritePackage(blocks, counted, package);
                index.Add((package.Name, bodyStart + offset, checked((int)(counted.Written - offset))));
            });
            blocks.Flush();
            var indexOffset = bodyStart + counted.Written;
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
    /// ordinal order of the names) with that release's view of each entry that lists it and where the entry lies, then
    /// a table of contents. A scan reads one release's section and decodes only the entries it keeps; it used to walk
    /// every release's view. The contents come last so that the block is written in one pass, without buffering a part
    /// to learn its length first.
    /// </summary>
    /// <remarks>
    /// entries; per release, views (the entry's offset in the block, status, fixed version, urgency, nodsa, nodsa
    /// reason); contents (entry count, where the entries end, release count, per release its name, where its views
    /// start and how many there are); and last, where the contents start.
    /// </remarks>
    private static void WritePackage(BinaryWriter writer, CountingStream written, TrackerSourcePackage package)
    {
        var start = written.Written;
        int Here() => checked((int)(written.Written - start));
        var entries = InIdOrder(package.Entries);
        var offsets = new int[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            offsets[i] = Here();
            writer.Write(entry.Id.Text);
            writer.Write(entry.Description is not null);
            entry.Description?.WriteTo(writer);
            writer.WriteOptional(entry.Scope);
            writer.Write(entry.DebianBug ?? -1L);
        }
        var entriesEnd = Here();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var view in entry.Releases)
            {
                names.Add(view.Release);
            }
        }
        string[] releases = [.. names];
        var sectionStarts = new int[releases.Length];
        var sectionCounts = new int[releases.Length];
        for (var r = 0; r < releases.Length; r++)
        {
            sectionStarts[r] = Here();
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].ForRelease(releases[r]) is not { } view)
                {
                    continue;
                }
                writer.Write(offsets[i]);
                writer.Write((byte)view.Status);
                writer.WriteOptional(view.FixedVersion?.Text);
                writer.WriteOptional(view.Urgency);
                writer.WriteOptional(view.NoDsa);
                writer.WriteOptional(view.NoDsaReason);
                sectionCounts[r]++;
            }
        }
        var contents = Here();
        writer.Write(entries.Count);
        writer.Write(entriesEnd);
        writer.Write(releases.Length);
        for (var r = 0; r < releases.Length; r++)
        {
            writer.Write(releases[r]);
            writer.Write(sectionStarts[r]);
            writer.Write(sectionCounts[r]);
        }
        writer.Write(contents);
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
}
