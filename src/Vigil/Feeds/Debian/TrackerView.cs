using Vigil.Common;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Debian;

/// <summary>
/// One release's views of a package's entries (<see cref="DebianFeed.ViewsIn"/>), read one at a time from the
/// release's section of the package's block: nothing is allocated for a view the caller passes over.
/// </summary>
public ref struct TrackerViews
{
    private readonly DebianFeed? feed;
    private readonly string sourcePackage;
    private readonly ReadOnlySpan<byte> entries;
    private SpanReader reader;
    private int remaining;

    internal TrackerViews(DebianFeed feed, string sourcePackage, ReadOnlySpan<byte> entries, ReadOnlySpan<byte> views, int count)
    {
        this.feed = feed;
        this.sourcePackage = sourcePackage;
        this.entries = entries;
        reader = new SpanReader(views);
        remaining = count;
    }

    public TrackerView Current { get; private set; }

    public readonly TrackerViews GetEnumerator() => this;

    public bool MoveNext()
    {
        if (remaining == 0)
        {
            return false;
        }
        remaining--;
        try
        {
            var view = StoredView.Read(ref reader);
            if (view.EntryOffset < 0 || view.EntryOffset >= entries.Length)
            {
                throw new FormatException($"a view points outside the entries ({view.EntryOffset})");
            }
            var entryReader = new SpanReader(entries) { Position = view.EntryOffset };
            Current = new TrackerView(feed!, sourcePackage, StoredEntry.Read(ref entryReader), view, feed!.VersionOrNull(view.FixedVersion));
            return true;
        }
        catch (Exception e) when (DebianFeed.IsDecodingFailure(e))
        {
            throw feed!.RecordDamaged(sourcePackage, e);
        }
    }
}

/// <summary>
/// One entry as one release sees it, in place in the feed's buffer: the status and fixed version decoded, the rest
/// decoded when asked for. Valid until the feed reads another package.
/// </summary>
public readonly ref struct TrackerView
{
    private readonly DebianFeed feed;
    private readonly string sourcePackage;
    private readonly StoredEntry entry;
    private readonly StoredView view;

    internal TrackerView(DebianFeed feed, string sourcePackage, StoredEntry entry, StoredView view, DebianVersion? fixedVersion)
    {
        this.feed = feed;
        this.sourcePackage = sourcePackage;
        this.entry = entry;
        this.view = view;
        FixedVersion = fixedVersion;
    }

    public TrackerStatus Status => view.Status;

    public DebianVersion? FixedVersion { get; }

    /// <inheritdoc cref="TrackerRelease.NeverAffected"/>
    public bool NeverAffected => TrackerRelease.IsNeverAffected(Status, FixedVersion);

    public VulnerabilityId Id
    {
        get
        {
            try
            {
                return DebianFeed.ParseId(entry.Id);
            }
            catch (FormatException e)
            {
                throw feed.RecordDamaged(sourcePackage, e);
            }
        }
    }

    public JsonStringLiteral? Description
    {
        get
        {
            try
            {
                return DebianFeed.DescriptionOrNull(entry.Description);
            }
            catch (FormatException e)
            {
                throw feed.RecordDamaged(sourcePackage, e);
            }
        }
    }

    public string? Scope => feed.InternOrNull(entry.Scope);

    public long? DebianBug => entry.DebianBug;

    public string? Urgency => feed.InternOrNull(view.Urgency);

    public string? NoDsa => feed.InternOrNull(view.NoDsa);

    public string? NoDsaReason => feed.InternOrNull(view.NoDsaReason);
}

/// <summary>An optional string of a block (a presence flag, then the string), as UTF-8 where it lies.</summary>
internal readonly ref struct StoredText(bool present, ReadOnlySpan<byte> utf8)
{
    public bool Present { get; } = present;

    public ReadOnlySpan<byte> Utf8 { get; } = utf8;

    public static StoredText Read(scoped ref SpanReader reader) => reader.ReadOptionalUtf8(out var utf8) ? new(true, utf8) : default;
}

/// <summary>An entry's fields in a block.</summary>
internal readonly ref struct StoredEntry
{
    public ReadOnlySpan<byte> Id { get; init; }
    public StoredText Description { get; init; }
    public StoredText Scope { get; init; }
    public long? DebianBug { get; init; }

    public static StoredEntry Read(scoped ref SpanReader reader)
    {
        var id = reader.ReadUtf8();
        var description = StoredText.Read(ref reader);
        var scope = StoredText.Read(ref reader);
        var bug = reader.ReadInt64();
        return new StoredEntry { Id = id, Description = description, Scope = scope, DebianBug = bug < 0 ? null : bug };
    }
}

/// <summary>One release's view of an entry in a block: where the entry lies among the block's entries, and the verdict.</summary>
internal readonly ref struct StoredView
{
    public int EntryOffset { get; init; }
    public TrackerStatus Status { get; init; }
    public StoredText FixedVersion { get; init; }
    public StoredText Urgency { get; init; }
    public StoredText NoDsa { get; init; }
    public StoredText NoDsaReason { get; init; }

    public static StoredView Read(scoped ref SpanReader reader)
    {
        var entryOffset = reader.ReadInt32();
        var status = (TrackerStatus)reader.ReadByte();
        if (status > TrackerStatus.Undetermined)
        {
            throw new FormatException($"status {(int)status} is unknown");
        }
        return new StoredView
        {
            EntryOffset = entryOffset, Status = status, FixedVersion = StoredText.Read(ref reader), Urgency = StoredText.Read(ref reader),
            NoDsa = StoredText.Read(ref reader), NoDsaReason = StoredText.Read(ref reader),
        };
    }
}
