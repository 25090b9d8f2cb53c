using System.Text;
using Vigil.Common;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Debian;

/// <summary>An opened Debian tracker feed: metadata and index in memory, package entries read on demand.</summary>
public sealed class DebianFeed : IDisposable
{
    private readonly FileStream file;
    private readonly string path;
    // A package's number, then its block's place in arrays: a dictionary of value tuples would have its code compiled
    // at run time and run unoptimized while the index is filled, on every open.
    private readonly Dictionary<string, int> index;
    private readonly long[] offsets;
    private readonly int[] lengths;
    private readonly StringPool pool = new();
    private readonly Dictionary<string, DebianVersion> versions = new(StringComparer.Ordinal);

    private DebianFeed(FileStream file, string path, Dictionary<string, int> index, long[] offsets, int[] lengths, FeedMetadata metadata)
    {
        this.file = file;
        this.path = path;
        (this.index, this.offsets, this.lengths) = (index, offsets, lengths);
        Metadata = metadata;
    }

    public FeedMetadata Metadata { get; }

    public int SourcePackageCount => index.Count;

    public static DebianFeed Open(string path)
    {
        var opened = FeedFile.Open(path, DebianFeedStore.Magic, DebianFeedStore.FormatVersion);
        var file = opened.File;
        try
        {
            using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
            file.Seek(opened.BodyEnd - 8, SeekOrigin.Begin);
            var indexOffset = reader.ReadInt64();
            if (indexOffset < opened.BodyStart || indexOffset > opened.BodyEnd - 12)
            {
                throw FeedFile.Damaged(path, "its index offset is wrong");
            }
            file.Seek(indexOffset, SeekOrigin.Begin);
            var count = reader.ReadInt32();
            if (count < 0 || count > file.Length)
            {
                throw FeedFile.Damaged(path, "its index is damaged");
            }
            // Each entry takes at least 13 bytes, so a count the index cannot hold is refused before allocating for it.
            if (count > (opened.BodyEnd - indexOffset) / 13)
            {
                throw FeedFile.Damaged(path, "its index is damaged");
            }
            var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
            var offsets = new long[count];
            var lengths = new int[count];
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var offset = reader.ReadInt64();
                var length = reader.ReadInt32();
                if (offset < opened.BodyStart || length < 0 || offset + length > indexOffset)
                {
                    throw FeedFile.Damaged(path, $"its index entry for {name} points outside the file");
                }
                index[name] = i;
                (offsets[i], lengths[i]) = (offset, length);
            }
            return new DebianFeed(file, path, index, offsets, lengths, opened.Metadata);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            file.Dispose();
            throw FeedFile.Damaged(path, e.Message);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The tracker's entries for a source package; empty when the tracker has none.</summary>
    public IReadOnlyList<TrackerEntry> EntriesFor(string sourcePackage) => Read(sourcePackage, null, null);

    /// <summary>
    /// The entries for a source package whose view in <paramref name="release"/> is <paramref name="wanted"/>, each with
    /// that view only: what a scan needs. Other releases' views are skipped where they lie, and an entry is decoded
    /// (its id, its description) only once its view is wanted.
    /// </summary>
    public IReadOnlyList<TrackerEntry> EntriesFor(string sourcePackage, string release, Func<TrackerRelease, bool> wanted) => Read(sourcePackage, release, wanted);

    public void Dispose() => file.Dispose();

    private List<TrackerEntry> Read(string sourcePackage, string? release, Func<TrackerRelease, bool>? wanted)
    {
        if (!index.TryGetValue(sourcePackage, out var slot))
        {
            return [];
        }
        var location = (Offset: offsets[slot], Length: lengths[slot]);
        if (block.Length < location.Length)
        {
            block = new byte[Math.Max(location.Length, block.Length * 2)];
        }
        try
        {
            // Exactly the block, with one positional read: the stream's buffer would read 64 KiB for every package.
            if (RandomAccess.Read(file.SafeFileHandle, block.AsSpan(0, location.Length), location.Offset) != location.Length)
            {
                throw new EndOfStreamException("the file ends inside the record");
            }
            return ReadPackage(new SpanReader(block.AsSpan(0, location.Length)), release is null ? null : ReleaseBytes(release), wanted);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            throw FeedFile.Damaged(path, $"the record of package {sourcePackage} cannot be read ({e.Message})");
        }
    }

    private byte[] block = new byte[1 << 16];

    /// <summary>The release a scan asks about, as the UTF-8 the blocks hold, encoded once per feed rather than per package.</summary>
    private (string Name, byte[] Utf8)? askedRelease;

    private byte[] ReleaseBytes(string name) =>
        askedRelease is { } known && known.Name == name ? known.Utf8 : (askedRelease = (name, Encoding.UTF8.GetBytes(name))).Value.Utf8;

    private List<TrackerEntry> ReadPackage(SpanReader reader, byte[]? release, Func<TrackerRelease, bool>? wanted)
    {
        var count = reader.ReadCount();
        var entries = new List<TrackerEntry>(release is null ? count : 0);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadUtf8();
            var hasDescription = reader.ReadOptionalUtf8(out var description);
            var hasScope = reader.ReadOptionalUtf8(out var scope);
            var bug = reader.ReadInt64();
            var releaseCount = reader.ReadCount();
            List<TrackerRelease>? releases = null;
            for (var r = 0; r < releaseCount; r++)
            {
                var name = reader.ReadUtf8();
                var status = (TrackerStatus)reader.ReadByte();
                if (!Enum.IsDefined(status))
                {
                    throw new FormatException($"status {(int)status} is unknown");
                }
                var hasFixed = reader.ReadOptionalUtf8(out var fixedText);
                var hasUrgency = reader.ReadOptionalUtf8(out var urgency);
                var hasNoDsa = reader.ReadOptionalUtf8(out var noDsa);
                var hasNoDsaReason = reader.ReadOptionalUtf8(out var noDsaReason);
                if (release is null || name.SequenceEqual(release))
                {
                    var view = new TrackerRelease(pool.Intern(name), status, hasFixed ? Version(fixedText) : null,
                        hasUrgency ? pool.Intern(urgency) : null, hasNoDsa ? pool.Intern(noDsa) : null, hasNoDsaReason ? pool.Intern(noDsaReason) : null);
                    if (wanted is null || wanted(view))
                    {
                        releases ??= new List<TrackerRelease>(release is null ? releaseCount : 1);
                        releases.Add(view);
                    }
                }
            }
            if (releases is not null || release is null)
            {
                entries.Add(new TrackerEntry(VulnerabilityId.Parse(Encoding.UTF8.GetString(id)), hasDescription ? JsonStringLiteral.Read(description) : null,
                    hasScope ? pool.Intern(scope) : null, bug < 0 ? null : bug, (IReadOnlyList<TrackerRelease>?)releases ?? []));
            }
        }
        return entries;
    }

    /// <summary>Parsed once per distinct text; the text is pooled, so a version seen before costs no allocation.</summary>
    private DebianVersion Version(ReadOnlySpan<byte> utf8)
    {
        var text = pool.Intern(utf8);
        if (!versions.TryGetValue(text, out var version))
        {
            version = DebianVersion.Parse(text);
            versions[text] = version;
        }
        return version;
    }
}
