using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Vigil.Common;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// An opened kernel feed: the ids are read at once; each record's compiled rule, details, description and published
/// version records when asked for, with positional reads through a window per section that moves forward.
/// </summary>
/// <remarks>
/// Not memory-mapped: a mapping's faults bring in 64 KiB around every page touched, so a scan reading a third of the
/// records' texts held 17 MB of the file resident for 7 MB it used (measured). Nor are the rules decoded up front:
/// the 14,626 records' rules as objects were 12 MB held through a scan that needs one at a time. A scan asks in id
/// order, which is file order, so one 64 KiB read serves many records. Not safe for concurrent use (the windows are
/// shared).
/// </remarks>
public sealed class KernelFeed : IDisposable
{
    private const int WindowLength = 1 << 16;

    private readonly FileStream file;
    private readonly string path;
    private readonly long[] compiledOffsets;
    private readonly long[] detailsOffsets;
    private readonly long[] descriptionOffsets;
    private readonly long recordsTable;
    private readonly Window compiled;
    private readonly Window details;
    private readonly Window descriptions;
    private readonly Window versionRecords;
    // Where CompiledRecordOf decodes before copying out: a buffer of its own each time was 2 KB of arrays a record.
    private readonly CompiledRecordBuffer decoded = new();

    private KernelFeed(FileStream file, string path, FeedMetadata metadata, VulnerabilityId[] ids, (long[] Compiled, long[] Details, long[] Descriptions) offsets,
        long recordsTable, IReadOnlySet<VulnerabilityId> rejected)
    {
        this.file = file;
        var fileLength = file.Length;
        (compiled, details, descriptions, versionRecords) = (new(file, fileLength), new(file, fileLength), new(file, fileLength), new(file, fileLength));
        this.path = path;
        (compiledOffsets, detailsOffsets, descriptionOffsets) = offsets;
        this.recordsTable = recordsTable;
        Metadata = metadata;
        Ids = ids;
        Rejected = rejected;
    }

    public FeedMetadata Metadata { get; }

    /// <summary>Every published CVE, ordered by id; the record lookups share this indexing.</summary>
    public IReadOnlyList<VulnerabilityId> Ids { get; }

    /// <summary>Ids the CNA has rejected: findings for them are to be retired.</summary>
    public IReadOnlySet<VulnerabilityId> Rejected { get; }

    public static KernelFeed Open(string path)
    {
        var opened = FeedFile.Open(path, KernelFeedStore.Magic, KernelFeedStore.FormatVersion);
        try
        {
            if (opened.File.Length > int.MaxValue)
            {
                throw FeedFile.Damaged(path, "it is larger than 2 GiB");
            }
            var (bodyStart, bodyEnd) = (opened.BodyStart, opened.BodyEnd);
            var tail = new SpanReader(ReadExactly(opened.File, bodyEnd - KernelFeedFormat.TailLength, KernelFeedFormat.TailLength));
            var compiledTable = tail.ReadInt64();
            var detailsTable = tail.ReadInt64();
            var descriptionsTable = tail.ReadInt64();
            var recordsTable = tail.ReadInt64();
            var rejectedStart = tail.ReadInt64();
            if (!(bodyStart < compiledTable && compiledTable < detailsTable && detailsTable < descriptionsTable && descriptionsTable < recordsTable
                && recordsTable < rejectedStart && rejectedStart < bodyEnd))
            {
                throw FeedFile.Damaged(path, "its section offsets are wrong");
            }
            var count = new SpanReader(ReadExactly(opened.File, bodyStart, 4)).ReadInt32();
            var idsEnd = bodyStart + 4 + (12L * count);
            if (count < 0 || idsEnd > compiledTable || (long)count * 8 > detailsTable - compiledTable)
            {
                throw FeedFile.Damaged(path, "its record count does not match its offset tables");
            }
            var ids = ReadIds(opened.File, bodyStart + 4, count);
            // Each table's offsets, then where its section's items end (the table itself), so item i spans [i, i + 1).
            var compiledOffsets = ReadTable(opened.File, compiledTable, count, compiledTable);
            var detailsOffsets = ReadTable(opened.File, detailsTable, count, detailsTable);
            var descriptionOffsets = ReadTable(opened.File, descriptionsTable, count, descriptionsTable);
            if (compiledOffsets[0] < idsEnd || detailsOffsets[0] < compiledTable + (8L * count) || descriptionOffsets[0] < detailsTable + (8L * count))
            {
                throw FeedFile.Damaged(path, "its sections overlap");
            }

            var rejectedReader = new SpanReader(ReadExactly(opened.File, rejectedStart, checked((int)(bodyEnd - KernelFeedFormat.TailLength - rejectedStart))));
            var rejected = new HashSet<VulnerabilityId>();
            for (var i = rejectedReader.ReadCount(); i > 0; i--)
            {
                rejected.Add(VulnerabilityId.Cve(rejectedReader.ReadInt32(), rejectedReader.ReadInt64()));
            }
            return new KernelFeed(opened.File, path, opened.Metadata, ids, (compiledOffsets, detailsOffsets, descriptionOffsets), recordsTable, rejected);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or EndOfStreamException or IOException)
        {
            opened.File.Dispose();
            throw FeedFile.Damaged(path, e.Message);
        }
        catch
        {
            opened.File.Dispose();
            throw;
        }
    }

    /// <summary>The ids, refused unless they ascend: lookups search them by halves.</summary>
    private static VulnerabilityId[] ReadIds(FileStream file, long at, int count)
    {
        var reader = new SpanReader(ReadExactly(file, at, checked(12 * count)));
        var ids = new VulnerabilityId[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = VulnerabilityId.Cve(reader.ReadInt32(), reader.ReadInt64());
            if (i > 0 && ids[i - 1].CompareTo(ids[i]) >= 0)
            {
                throw new FormatException("its ids are out of order");
            }
        }
        return ids;
    }

    /// <summary>An offset table, its items' end appended; refused unless the offsets ascend within their section.</summary>
    private static long[] ReadTable(FileStream file, long at, int count, long itemsEnd)
    {
        var offsets = new long[count + 1];
        var bytes = MemoryMarshal.AsBytes(offsets.AsSpan(0, count));
        if (RandomAccess.Read(file.SafeFileHandle, bytes, at) != bytes.Length)
        {
            throw new EndOfStreamException("the file ends inside an offset table");
        }
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(offsets, offsets);
        }
        offsets[count] = itemsEnd;
        for (var i = 0; i < count; i++)
        {
            if (offsets[i] < 0 || offsets[i] > offsets[i + 1])
            {
                throw new FormatException("an offset table is out of order");
            }
        }
        return offsets;
    }

    private static byte[] ReadExactly(FileStream file, long at, int length)
    {
        var bytes = new byte[length];
        if (RandomAccess.Read(file.SafeFileHandle, bytes, at) != length)
        {
            throw new EndOfStreamException("the file ends early");
        }
        return bytes;
    }

    /// <summary>The record's compiled rule, read from the file each time it is asked for.</summary>
    public CompiledKernelRecord CompiledRecordOf(int index)
    {
        ReadCompiledRecord(index, decoded);
        return decoded.ToRecord();
    }

    /// <summary>The record's compiled rule, decoded into a buffer that the previous record's is replaced in.</summary>
    public void ReadCompiledRecord(int index, CompiledRecordBuffer into)
    {
        try
        {
            var reader = new SpanReader(compiled.Read(compiledOffsets[index], compiledOffsets[index + 1]));
            into.Read(ref reader);
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw ItemDamaged("compiled rule", index, e);
        }
    }

    public KernelCveDetails Details(int index) => Item(details, detailsOffsets, index, "details", KernelFeedFormat.ReadDetails);

    /// <summary>Every commit the record names as a fix (see <see cref="KernelCveRecord.FixCommits"/>).</summary>
    public IReadOnlyList<string> FixCommitsOf(int index) => Item(details, detailsOffsets, index, "details", KernelFeedFormat.ReadFixCommits);

    public JsonStringLiteral DescriptionOf(int index) =>
        Item(descriptions, descriptionOffsets, index, "description", static (ref SpanReader reader) => JsonStringLiteral.Read(reader.ReadUtf8()));

    /// <summary>The whole record as published (affected blocks with git and semver ranges, dyad pairs).</summary>
    public KernelCveRecord Record(int index)
    {
        var recordDetails = Details(index);
        try
        {
            // The version records' table is read only here: one record at a time, for people checking a verdict.
            var bounds = new SpanReader(ReadExactly(file, recordsTable + (8L * index), index + 1 < Ids.Count ? 16 : 8));
            var start = bounds.ReadInt64();
            var end = index + 1 < Ids.Count ? bounds.ReadInt64() : recordsTable;
            if (start < descriptionOffsets[^1] || start > end || end > recordsTable)
            {
                throw new FormatException("its offsets point outside their section");
            }
            var reader = new SpanReader(versionRecords.Read(start, end));
            var (affected, dyad) = KernelFeedFormat.ReadVersionRecords(ref reader);
            return new KernelCveRecord(Ids[index], recordDetails.Title, recordDetails.Cvss, recordDetails.ProgramFiles, affected, dyad);
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw ItemDamaged("version records", index, e);
        }
    }

    private delegate T Decoder<T>(ref SpanReader reader);

    /// <summary>One record's item of a section, decoded; an item that cannot be read is a damaged feed, named.</summary>
    private T Item<T>(Window window, long[] offsets, int index, string part, Decoder<T> decode)
    {
        try
        {
            var reader = new SpanReader(window.Read(offsets[index], offsets[index + 1]));
            return decode(ref reader);
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw ItemDamaged(part, index, e);
        }
    }

    private static bool IsDecodingFailure(Exception e) => e is FormatException or EndOfStreamException or IOException;

    private VigilException ItemDamaged(string part, int index, Exception e) => FeedFile.Damaged(path, $"the {part} of {Ids[index]} cannot be read ({e.Message})");

    public int IndexOf(VulnerabilityId id) => Array.BinarySearch((VulnerabilityId[])Ids, id);

    public void Dispose() => file.Dispose();

    /// <summary>
    /// A window onto one section of the file: the bytes of [start, end) from it when they lie in it, else from one read
    /// of at least 64 KiB that moves it there. One per section, as a scan reads details and descriptions in turn.
    /// </summary>
    private sealed class Window(FileStream file, long fileLength)
    {
        private byte[] buffer = [];
        private long start;
        private int length;

        public ReadOnlySpan<byte> Read(long from, long to)
        {
            if (from < start || to > start + length)
            {
                var wanted = (int)Math.Min(Math.Max(to - from, WindowLength), fileLength - from);
                if (buffer.Length < wanted)
                {
                    buffer = new byte[wanted];
                }
                length = RandomAccess.Read(file.SafeFileHandle, buffer.AsSpan(0, wanted), from);
                start = from;
                if (length < to - from)
                {
                    throw new EndOfStreamException("the file ends inside the record");
                }
            }
            return buffer.AsSpan((int)(from - start), (int)(to - from));
        }
    }
}
