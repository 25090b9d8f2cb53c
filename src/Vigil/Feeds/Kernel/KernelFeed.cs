using System.Text;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>An opened kernel feed: all records (without descriptions) in memory, descriptions read on demand.</summary>
public sealed class KernelFeed : IDisposable
{
    private readonly FileStream file;
    private readonly string path;
    private readonly long[] descriptionOffsets;

    private KernelFeed(FileStream file, string path, FeedMetadata metadata, KernelCveRecord[] records, long[] descriptionOffsets, IReadOnlySet<VulnerabilityId> rejected)
    {
        this.file = file;
        this.path = path;
        this.descriptionOffsets = descriptionOffsets;
        Metadata = metadata;
        Records = records;
        Rejected = rejected;
    }

    public FeedMetadata Metadata { get; }

    /// <summary>Every published record, ordered by CVE id.</summary>
    public IReadOnlyList<KernelCveRecord> Records { get; }

    /// <summary>Ids the CNA has rejected: findings for them are to be retired.</summary>
    public IReadOnlySet<VulnerabilityId> Rejected { get; }

    public static KernelFeed Open(string path)
    {
        var opened = FeedFile.Open(path, KernelFeedStore.Magic, KernelFeedStore.FormatVersion);
        var file = opened.File;
        try
        {
            using var tail = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
            file.Seek(opened.BodyEnd - 24, SeekOrigin.Begin);
            var descriptionsStart = tail.ReadInt64();
            var offsetsStart = tail.ReadInt64();
            var rejectedStart = tail.ReadInt64();
            if (!(opened.BodyStart < descriptionsStart && descriptionsStart <= offsetsStart && offsetsStart <= rejectedStart && rejectedStart < opened.BodyEnd))
            {
                throw FeedFile.Damaged(path, "its section offsets are wrong");
            }

            // One read for everything a scan evaluates; descriptions stay on disk.
            file.Seek(opened.BodyStart, SeekOrigin.Begin);
            var head = new byte[descriptionsStart - opened.BodyStart];
            file.ReadExactly(head);
            using var reader = new BinaryReader(new MemoryStream(head, writable: false), Encoding.UTF8);
            var count = reader.ReadInt32();
            if (count < 0 || count > head.Length)
            {
                throw FeedFile.Damaged(path, "its record count is impossible");
            }
            var pool = new StringPool();
            var records = new KernelCveRecord[count];
            for (var i = 0; i < count; i++)
            {
                records[i] = KernelFeedFormat.ReadRecord(reader, pool.Intern);
            }

            file.Seek(offsetsStart, SeekOrigin.Begin);
            var offsets = new long[count];
            var rest = new byte[opened.BodyEnd - 24 - offsetsStart];
            file.ReadExactly(rest);
            using var restReader = new BinaryReader(new MemoryStream(rest, writable: false), Encoding.UTF8);
            for (var i = 0; i < count; i++)
            {
                offsets[i] = restReader.ReadInt64();
                if (offsets[i] < descriptionsStart || offsets[i] >= offsetsStart)
                {
                    throw FeedFile.Damaged(path, "a description offset points outside its section");
                }
            }
            var rejected = new HashSet<VulnerabilityId>();
            var rejectedCount = restReader.ReadInt32();
            if (rejectedCount < 0 || rejectedCount > rest.Length)
            {
                throw FeedFile.Damaged(path, "its rejected list is damaged");
            }
            for (var i = 0; i < rejectedCount; i++)
            {
                rejected.Add(VulnerabilityId.Parse(restReader.ReadString()));
            }
            return new KernelFeed(file, path, opened.Metadata, records, offsets, rejected);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException or OverflowException)
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

    /// <summary>The full description of the record at <paramref name="index"/> in <see cref="Records"/>.</summary>
    public string DescriptionOf(int index)
    {
        try
        {
            file.Seek(descriptionOffsets[index], SeekOrigin.Begin);
            using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
            return reader.ReadString();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            throw FeedFile.Damaged(path, $"the description of {Records[index].Id} cannot be read ({e.Message})");
        }
    }

    public void Dispose() => file.Dispose();
}
