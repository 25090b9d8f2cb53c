using System.Buffers.Binary;
using Vigil.Common;
using Vigil.Scanning.Kernel;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// An opened kernel feed. The file is read into memory in one go (about 35 MB for the full CNA data); ids and
/// compiled rules are decoded at once, details and descriptions only when asked for.
/// </summary>
public sealed class KernelFeed : IDisposable
{
    private readonly byte[] data;
    private readonly string path;
    private readonly int detailsTable;
    private readonly int descriptionsTable;
    private readonly int recordsTable;

    private KernelFeed(byte[] data, string path, FeedMetadata metadata, VulnerabilityId[] ids, KernelRule[] rules, (int Details, int Descriptions, int Records) tables, IReadOnlySet<VulnerabilityId> rejected)
    {
        this.data = data;
        this.path = path;
        (detailsTable, descriptionsTable, recordsTable) = tables;
        Metadata = metadata;
        Ids = ids;
        Rules = rules;
        Rejected = rejected;
    }

    public FeedMetadata Metadata { get; }

    /// <summary>Every published CVE, ordered by id; <see cref="Rules"/> and the detail lookups share this indexing.</summary>
    public IReadOnlyList<VulnerabilityId> Ids { get; }

    public IReadOnlyList<KernelRule> Rules { get; }

    /// <summary>Ids the CNA has rejected: findings for them are to be retired.</summary>
    public IReadOnlySet<VulnerabilityId> Rejected { get; }

    public static KernelFeed Open(string path)
    {
        var opened = FeedFile.Open(path, KernelFeedStore.Magic, KernelFeedStore.FormatVersion);
        byte[] data;
        using (opened.File)
        {
            data = new byte[opened.File.Length];
            opened.File.Seek(0, SeekOrigin.Begin);
            opened.File.ReadExactly(data);
        }
        try
        {
            var bodyStart = checked((int)opened.BodyStart);
            var bodyEnd = checked((int)opened.BodyEnd);
            var tail = new SpanReader(data.AsSpan(bodyEnd - KernelFeedFormat.TailLength, KernelFeedFormat.TailLength));
            var detailsTable = checked((int)tail.ReadInt64());
            var descriptionsTable = checked((int)tail.ReadInt64());
            var recordsTable = checked((int)tail.ReadInt64());
            var rejectedStart = checked((int)tail.ReadInt64());
            if (!(bodyStart < detailsTable && detailsTable < descriptionsTable && descriptionsTable < recordsTable && recordsTable < rejectedStart && rejectedStart < bodyEnd))
            {
                throw FeedFile.Damaged(path, "its section offsets are wrong");
            }

            var reader = new SpanReader(data.AsSpan(bodyStart, detailsTable - bodyStart));
            var count = reader.ReadCount();
            if ((long)count * 8 > descriptionsTable - detailsTable)
            {
                throw FeedFile.Damaged(path, "its record count does not match its offset tables");
            }
            var ids = new VulnerabilityId[count];
            var rules = new KernelRule[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = VulnerabilityId.Cve(reader.ReadInt32(), reader.ReadInt64());
                rules[i] = KernelRule.Read(ref reader);
            }

            var rejectedReader = new SpanReader(data.AsSpan(rejectedStart, bodyEnd - KernelFeedFormat.TailLength - rejectedStart));
            var rejected = new HashSet<VulnerabilityId>();
            for (var i = rejectedReader.ReadCount(); i > 0; i--)
            {
                rejected.Add(VulnerabilityId.Cve(rejectedReader.ReadInt32(), rejectedReader.ReadInt64()));
            }
            return new KernelFeed(data, path, opened.Metadata, ids, rules, (detailsTable, descriptionsTable, recordsTable), rejected);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw FeedFile.Damaged(path, e.Message);
        }
    }

    public KernelCveDetails Details(int index)
    {
        var reader = At(detailsTable, index);
        try
        {
            return KernelFeedFormat.ReadDetails(ref reader);
        }
        catch (FormatException e)
        {
            throw FeedFile.Damaged(path, $"the details of {Ids[index]} cannot be read ({e.Message})");
        }
    }

    public string DescriptionOf(int index)
    {
        var reader = At(descriptionsTable, index);
        try
        {
            return reader.ReadString();
        }
        catch (FormatException e)
        {
            throw FeedFile.Damaged(path, $"the description of {Ids[index]} cannot be read ({e.Message})");
        }
    }

    /// <summary>The whole record as published (affected blocks with git and semver ranges, dyad pairs).</summary>
    public KernelCveRecord Record(int index)
    {
        var details = Details(index);
        var reader = At(recordsTable, index);
        try
        {
            var (affected, dyad) = KernelFeedFormat.ReadVersionRecords(ref reader);
            return new KernelCveRecord(Ids[index], details.Title, details.Cvss, details.ProgramFiles, affected, dyad);
        }
        catch (FormatException e)
        {
            throw FeedFile.Damaged(path, $"the version records of {Ids[index]} cannot be read ({e.Message})");
        }
    }

    public int IndexOf(VulnerabilityId id) => Array.BinarySearch((VulnerabilityId[])Ids, id);

    public void Dispose()
    {
        // The file was read whole and closed on open; nothing is held.
    }

    private SpanReader At(int table, int index)
    {
        var offset = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(table + (index * 8), 8));
        if (offset < 0 || offset >= data.Length)
        {
            throw FeedFile.Damaged(path, $"the offset of {Ids[index]} points outside the file");
        }
        return new SpanReader(data.AsSpan((int)offset));
    }
}
