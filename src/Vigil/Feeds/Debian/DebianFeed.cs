using System.Text;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Debian;

/// <summary>An opened Debian tracker feed: metadata and index in memory, package entries read on demand.</summary>
public sealed class DebianFeed : IDisposable
{
    private readonly FileStream file;
    private readonly string path;
    private readonly Dictionary<string, (long Offset, int Length)> index;
    private readonly StringPool pool = new();
    private readonly Dictionary<string, DebianVersion> versions = new(StringComparer.Ordinal);

    private DebianFeed(FileStream file, string path, Dictionary<string, (long, int)> index, FeedMetadata metadata)
    {
        this.file = file;
        this.path = path;
        this.index = index;
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
            var index = new Dictionary<string, (long, int)>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var offset = reader.ReadInt64();
                var length = reader.ReadInt32();
                if (offset < opened.BodyStart || length < 0 || offset + length > indexOffset)
                {
                    throw FeedFile.Damaged(path, $"its index entry for {name} points outside the file");
                }
                index[name] = (offset, length);
            }
            return new DebianFeed(file, path, index, opened.Metadata);
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
    public IReadOnlyList<TrackerEntry> EntriesFor(string sourcePackage)
    {
        if (!index.TryGetValue(sourcePackage, out var location))
        {
            return [];
        }
        var block = new byte[location.Length];
        try
        {
            file.Seek(location.Offset, SeekOrigin.Begin);
            file.ReadExactly(block);
            using var reader = new BinaryReader(new MemoryStream(block, writable: false), Encoding.UTF8);
            return ReadPackage(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            throw FeedFile.Damaged(path, $"the record of package {sourcePackage} cannot be read ({e.Message})");
        }
    }

    public void Dispose() => file.Dispose();

    private List<TrackerEntry> ReadPackage(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length)
        {
            throw new FormatException($"entry count {count} is impossible");
        }
        var entries = new List<TrackerEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var id = VulnerabilityId.Parse(reader.ReadString());
            var description = ReadOptional(reader);
            var scope = Pooled(ReadOptional(reader));
            var bug = reader.ReadInt64();
            var releaseCount = reader.ReadInt32();
            if (releaseCount < 0 || releaseCount > reader.BaseStream.Length)
            {
                throw new FormatException($"release count {releaseCount} is impossible");
            }
            var releases = new TrackerRelease[releaseCount];
            for (var r = 0; r < releases.Length; r++)
            {
                var release = pool.Intern(reader.ReadString());
                var status = (TrackerStatus)reader.ReadByte();
                if (!Enum.IsDefined(status))
                {
                    throw new FormatException($"status {(int)status} is unknown");
                }
                var fixedText = ReadOptional(reader);
                releases[r] = new TrackerRelease(release, status, fixedText is null ? null : Version(fixedText),
                    Pooled(ReadOptional(reader)), Pooled(ReadOptional(reader)), Pooled(ReadOptional(reader)));
            }
            entries.Add(new TrackerEntry(id, description, scope, bug < 0 ? null : bug, releases));
        }
        return entries;
    }

    private DebianVersion Version(string text)
    {
        if (!versions.TryGetValue(text, out var version))
        {
            version = DebianVersion.Parse(text);
            versions[text] = version;
        }
        return version;
    }

    private string? Pooled(string? text) => text is null ? null : pool.Intern(text);

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
