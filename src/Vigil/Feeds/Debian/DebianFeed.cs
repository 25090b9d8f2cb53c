using System.Text;
using System.Text.Json;
using Vigil.Common;
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
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read the cached feed {path}: {e.Message}", e);
        }
        try
        {
            using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
            var header = reader.ReadBytes(DebianFeedStore.HeaderMagic.Length);
            if (!header.AsSpan().SequenceEqual(DebianFeedStore.HeaderMagic))
            {
                throw Damaged(path, "it does not start like a Vigil Debian feed");
            }
            var format = reader.ReadInt32();
            if (format != DebianFeedStore.FormatVersion)
            {
                throw new VigilException($"the cached feed {path} was written in format {format} by another Vigil version; run 'vigil feeds update' (or import) again");
            }
            const int footerLength = 16 + 8;
            if (file.Length < footerLength + header.Length + 4)
            {
                throw Damaged(path, "it is too short");
            }
            file.Seek(-footerLength, SeekOrigin.End);
            var indexOffset = reader.ReadInt64();
            var metadataOffset = reader.ReadInt64();
            if (!reader.ReadBytes(8).AsSpan().SequenceEqual(DebianFeedStore.FooterMagic)
                || indexOffset <= 0 || indexOffset > metadataOffset || metadataOffset > file.Length - footerLength)
            {
                throw Damaged(path, "its footer is missing or wrong");
            }

            file.Seek(metadataOffset, SeekOrigin.Begin);
            var metadata = JsonSerializer.Deserialize(reader.ReadString(), FeedJsonContext.Default.FeedMetadata)
                ?? throw Damaged(path, "its metadata is empty");

            file.Seek(indexOffset, SeekOrigin.Begin);
            var count = reader.ReadInt32();
            if (count < 0 || count > file.Length)
            {
                throw Damaged(path, "its index is damaged");
            }
            var index = new Dictionary<string, (long, int)>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var offset = reader.ReadInt64();
                var length = reader.ReadInt32();
                if (offset < 0 || length < 0 || offset + length > indexOffset)
                {
                    throw Damaged(path, $"its index entry for {name} points outside the file");
                }
                index[name] = (offset, length);
            }
            return new DebianFeed(file, path, index, metadata);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or JsonException or FormatException)
        {
            file.Dispose();
            throw Damaged(path, e.Message);
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
            throw Damaged(path, $"the record of package {sourcePackage} cannot be read ({e.Message})");
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

    private static VigilException Damaged(string path, string why) =>
        new($"the cached feed {path} is damaged ({why}); run 'vigil feeds update' or 'vigil feeds import debian FILE' to replace it");
}
