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

    /// <summary>Whether the tracker has any entry for a source package.</summary>
    public bool Knows(string sourcePackage) => index.ContainsKey(sourcePackage);

    /// <summary>
    /// The tracker's entries for a source package, in id order, each with every release's view (in ordinal order of the
    /// release names); empty when the tracker has none.
    /// </summary>
    public IReadOnlyList<TrackerEntry> EntriesFor(string sourcePackage)
    {
        if (!TryReadBlock(sourcePackage, out var block))
        {
            return [];
        }
        try
        {
            var contents = Contents(block, out var count, out var entriesEnd, out var contentsStart);
            var entryReader = new SpanReader(block[..entriesEnd]);
            var indexAt = new Dictionary<int, int>(count);
            var fields = new (VulnerabilityId Id, JsonStringLiteral? Description, string? Scope, long? Bug)[count];
            var views = new List<TrackerRelease>[count];
            for (var i = 0; i < count; i++)
            {
                indexAt[entryReader.Position] = i;
                var entry = StoredEntry.Read(ref entryReader);
                fields[i] = (ParseId(entry.Id), DescriptionOrNull(entry.Description), InternOrNull(entry.Scope), entry.DebianBug);
                views[i] = [];
            }
            for (var releases = contents.ReadCount(); releases > 0; releases--)
            {
                var release = pool.Intern(contents.ReadUtf8());
                var viewReader = new SpanReader(Section(ref contents, block, entriesEnd, contentsStart, out var viewCount));
                for (var v = 0; v < viewCount; v++)
                {
                    var view = StoredView.Read(ref viewReader);
                    if (!indexAt.TryGetValue(view.EntryOffset, out var index))
                    {
                        throw new FormatException($"a view points at no entry ({view.EntryOffset})");
                    }
                    views[index].Add(new TrackerRelease(release, view.Status, VersionOrNull(view.FixedVersion),
                        InternOrNull(view.Urgency), InternOrNull(view.NoDsa), InternOrNull(view.NoDsaReason)));
                }
            }
            var list = new List<TrackerEntry>(count);
            for (var i = 0; i < count; i++)
            {
                list.Add(new TrackerEntry(fields[i].Id, fields[i].Description, fields[i].Scope, fields[i].Bug, views[i]));
            }
            return list;
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw RecordDamaged(sourcePackage, e);
        }
    }

    /// <summary>
    /// The views <paramref name="release"/> has of a source package's entries, read where they lie in its block: what
    /// a scan walks. Only that release's section is read, and an entry's id and description are decoded only when
    /// the caller asks a view for them. The views are valid until the next read from this feed.
    /// </summary>
    public TrackerViews ViewsIn(string sourcePackage, string release)
    {
        if (!TryReadBlock(sourcePackage, out var block))
        {
            return default;
        }
        try
        {
            var wanted = ReleaseBytes(release);
            var contents = Contents(block, out _, out var entriesEnd, out var contentsStart);
            for (var releases = contents.ReadCount(); releases > 0; releases--)
            {
                var name = contents.ReadUtf8();
                var views = Section(ref contents, block, entriesEnd, contentsStart, out var viewCount);
                if (name.SequenceEqual(wanted))
                {
                    return new TrackerViews(this, sourcePackage, block[..entriesEnd], views, viewCount);
                }
            }
            return default;
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw RecordDamaged(sourcePackage, e);
        }
    }

    /// <summary>
    /// A block's table of contents (<see cref="DebianFeedStore"/> writes it last, with where it starts after it): the
    /// entry count and where the entries end, and a reader on the release list that follows.
    /// </summary>
    private static SpanReader Contents(ReadOnlySpan<byte> block, out int entryCount, out int entriesEnd, out int contentsStart)
    {
        var reader = new SpanReader(block) { Position = Math.Max(block.Length - 4, 0) };
        contentsStart = reader.ReadInt32();
        if (contentsStart < 0 || contentsStart > block.Length - 4)
        {
            throw new FormatException($"its contents start outside it ({contentsStart})");
        }
        reader.Position = contentsStart;
        entryCount = reader.ReadInt32();
        entriesEnd = reader.ReadInt32();
        // Each entry takes at least 12 bytes, so a count its entries cannot hold is refused before allocating for it.
        if (entriesEnd < 0 || entriesEnd > contentsStart || entryCount < 0 || entryCount > entriesEnd / 12)
        {
            throw new FormatException($"its entries are misdescribed ({entryCount} ending at {entriesEnd})");
        }
        return reader;
    }

    /// <summary>One release's views as the contents place them: from where they start to the contents (read up to its count).</summary>
    private static ReadOnlySpan<byte> Section(scoped ref SpanReader contents, ReadOnlySpan<byte> block, int entriesEnd, int contentsStart, out int viewCount)
    {
        var start = contents.ReadInt32();
        viewCount = contents.ReadInt32();
        // Each view takes at least 9 bytes.
        if (start < entriesEnd || start > contentsStart || viewCount < 0 || viewCount > (contentsStart - start) / 9)
        {
            throw new FormatException($"a release's views are misplaced ({viewCount} from {start})");
        }
        return block[start..contentsStart];
    }

    public void Dispose() => file.Dispose();

    /// <summary>A package's block, read into the feed's buffer with one positional read; false when the tracker has no entry for it.</summary>
    private bool TryReadBlock(string sourcePackage, out ReadOnlySpan<byte> block)
    {
        block = default;
        if (!index.TryGetValue(sourcePackage, out var slot))
        {
            return false;
        }
        var (offset, length) = (offsets[slot], lengths[slot]);
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }
        try
        {
            // Exactly the block: the stream's buffer would read 64 KiB for every package.
            if (RandomAccess.Read(file.SafeFileHandle, buffer.AsSpan(0, length), offset) != length)
            {
                throw new EndOfStreamException("the file ends inside the record");
            }
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw RecordDamaged(sourcePackage, e);
        }
        block = buffer.AsSpan(0, length);
        return true;
    }

    private byte[] buffer = new byte[1 << 16];

    /// <summary>The release a scan asks about, as the UTF-8 the blocks hold, encoded once per feed rather than per package.</summary>
    private (string Name, byte[] Utf8)? askedRelease;

    private byte[] ReleaseBytes(string name) =>
        askedRelease is { } known && known.Name == name ? known.Utf8 : (askedRelease = (name, Encoding.UTF8.GetBytes(name))).Value.Utf8;

    internal static bool IsDecodingFailure(Exception e) => e is EndOfStreamException or IOException or FormatException or ArgumentException;

    internal VigilException RecordDamaged(string sourcePackage, Exception e) =>
        FeedFile.Damaged(path, $"the record of package {sourcePackage} cannot be read ({e.Message})");

    internal static VulnerabilityId ParseId(ReadOnlySpan<byte> utf8) => VulnerabilityId.Parse(Encoding.UTF8.GetString(utf8));

    internal static JsonStringLiteral? DescriptionOrNull(StoredText text) => text.Present ? JsonStringLiteral.Read(text.Utf8) : null;

    internal string? InternOrNull(StoredText text) => text.Present ? pool.Intern(text.Utf8) : null;

    internal DebianVersion? VersionOrNull(StoredText text) => text.Present ? Version(text.Utf8) : null;

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
