using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Vigil.Common;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// An opened kernel feed, memory-mapped: ids and compiled records are decoded at once, details, descriptions and the
/// published version records only when asked for, so a scan touches only the pages it needs of the ~45 MB file.
/// </summary>
public sealed unsafe class KernelFeed : IDisposable
{
    private readonly MemoryMappedFile map;
    private readonly MemoryMappedViewAccessor view;
    private readonly byte* pointer;
    private readonly int length;
    private readonly string path;
    private readonly int detailsTable;
    private readonly int descriptionsTable;
    private readonly int recordsTable;

    private KernelFeed(MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer, int length, string path, FeedMetadata metadata,
        VulnerabilityId[] ids, CompiledKernelRecord[] records, (int Details, int Descriptions, int Records) tables, IReadOnlySet<VulnerabilityId> rejected)
    {
        this.map = map;
        this.view = view;
        this.pointer = pointer;
        this.length = length;
        this.path = path;
        (detailsTable, descriptionsTable, recordsTable) = tables;
        Metadata = metadata;
        Ids = ids;
        Records = records;
        Rejected = rejected;
    }

    public FeedMetadata Metadata { get; }

    /// <summary>Every published CVE, ordered by id; <see cref="Records"/> and the detail lookups share this indexing.</summary>
    public IReadOnlyList<VulnerabilityId> Ids { get; }

    public IReadOnlyList<CompiledKernelRecord> Records { get; }

    /// <summary>Ids the CNA has rejected: findings for them are to be retired.</summary>
    public IReadOnlySet<VulnerabilityId> Rejected { get; }

    public static KernelFeed Open(string path)
    {
        var opened = FeedFile.Open(path, KernelFeedStore.Magic, KernelFeedStore.FormatVersion);
        MemoryMappedFile map;
        MemoryMappedViewAccessor view;
        byte* pointer = null;
        int fileLength;
        using (opened.File)
        {
            if (opened.File.Length > int.MaxValue)
            {
                throw FeedFile.Damaged(path, "it is larger than 2 GiB");
            }
            fileLength = (int)opened.File.Length;
            map = MemoryMappedFile.CreateFromFile(opened.File, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, opened.File.Length, MemoryMappedFileAccess.Read);
        }
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        var data = new ReadOnlySpan<byte>(pointer + view.PointerOffset, fileLength);
        try
        {
            var bodyStart = checked((int)opened.BodyStart);
            var bodyEnd = checked((int)opened.BodyEnd);
            var tail = new SpanReader(data.Slice(bodyEnd - KernelFeedFormat.TailLength, KernelFeedFormat.TailLength));
            var detailsTable = checked((int)tail.ReadInt64());
            var descriptionsTable = checked((int)tail.ReadInt64());
            var recordsTable = checked((int)tail.ReadInt64());
            var rejectedStart = checked((int)tail.ReadInt64());
            if (!(bodyStart < detailsTable && detailsTable < descriptionsTable && descriptionsTable < recordsTable && recordsTable < rejectedStart && rejectedStart < bodyEnd))
            {
                throw FeedFile.Damaged(path, "its section offsets are wrong");
            }

            var reader = new SpanReader(data.Slice(bodyStart, detailsTable - bodyStart));
            var count = reader.ReadCount();
            if ((long)count * 8 > descriptionsTable - detailsTable)
            {
                throw FeedFile.Damaged(path, "its record count does not match its offset tables");
            }
            var ids = new VulnerabilityId[count];
            var records = new CompiledKernelRecord[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = VulnerabilityId.Cve(reader.ReadInt32(), reader.ReadInt64());
                records[i] = CompiledKernelRecord.Read(ref reader);
            }

            var rejectedReader = new SpanReader(data.Slice(rejectedStart, bodyEnd - KernelFeedFormat.TailLength - rejectedStart));
            var rejected = new HashSet<VulnerabilityId>();
            for (var i = rejectedReader.ReadCount(); i > 0; i--)
            {
                rejected.Add(VulnerabilityId.Cve(rejectedReader.ReadInt32(), rejectedReader.ReadInt64()));
            }
            return new KernelFeed(map, view, pointer + view.PointerOffset, data.Length, path, opened.Metadata, ids, records, (detailsTable, descriptionsTable, recordsTable), rejected);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            Release(map, view);
            throw FeedFile.Damaged(path, e.Message);
        }
        catch
        {
            Release(map, view);
            throw;
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

    public JsonStringLiteral DescriptionOf(int index)
    {
        var reader = At(descriptionsTable, index);
        try
        {
            return JsonStringLiteral.Read(reader.ReadUtf8());
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

    public void Dispose() => Release(map, view);

    private static void Release(MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        map.Dispose();
    }

    private ReadOnlySpan<byte> Data => new(pointer, length);

    private SpanReader At(int table, int index)
    {
        var offset = BinaryPrimitives.ReadInt64LittleEndian(Data.Slice(table + (index * 8), 8));
        if (offset < 0 || offset >= length)
        {
            throw FeedFile.Damaged(path, $"the offset of {Ids[index]} points outside the file");
        }
        return new SpanReader(Data[(int)offset..]);
    }
}
