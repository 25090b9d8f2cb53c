using Vigil.Common;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// The body of the kernel feed file, in the order a scan needs it: every record's id, then per record its compiled
/// rule (numbers only), details (title, CVSS, files, fix commits), description (as the JSON string reports write) and
/// published version records, each kind in a section followed by a table of its items' offsets, so a scan reads
/// them one record at a time and only for what it reports; then the rejected ids, then the tables' offsets.
/// </summary>
internal static class KernelFeedFormat
{
    public const int TailLength = 5 * 8;

    public static void Write(BinaryWriter file, KernelRecordSpool records, IEnumerable<VulnerabilityId> rejected)
    {
        // Positions are counted, not asked of the file stream: asking writes its buffer out, once per record and section
        // (43,965 writes for a full feed, measured).
        file.Flush();
        var start = file.BaseStream.Position;
        var counted = new CountingStream(file.BaseStream);
        using var writer = new BinaryWriter(counted, System.Text.Encoding.UTF8, leaveOpen: true);
        long Position() => start + counted.Written;
        writer.Write(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            writer.Write(records.IdAt(i).Year);
            writer.Write(records.IdAt(i).Number);
        }
        var compiledOffsets = WriteSection(writer, Position, records.Count, records.WriteCompiled);
        var detailsOffsets = WriteSection(writer, Position, records.Count, records.WriteDetails);
        var descriptionOffsets = WriteSection(writer, Position, records.Count, records.WriteDescription);
        var recordOffsets = WriteSection(writer, Position, records.Count, records.WriteVersionRecords);
        var rejectedStart = Position();
        var rejectedIds = rejected.ToArray();
        writer.Write(rejectedIds.Length);
        foreach (var id in rejectedIds)
        {
            writer.Write(id.Year);
            writer.Write(id.Number);
        }
        writer.Write(compiledOffsets);
        writer.Write(detailsOffsets);
        writer.Write(descriptionOffsets);
        writer.Write(recordOffsets);
        writer.Write(rejectedStart);
    }

    /// <summary>Writes one item per record, then the table of their offsets; returns where the table starts.</summary>
    private static long WriteSection(BinaryWriter writer, Func<long> position, int count, Action<BinaryWriter, int> write)
    {
        var offsets = new long[count];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = position();
            write(writer, i);
        }
        var tableStart = position();
        foreach (var offset in offsets)
        {
            writer.Write(offset);
        }
        return tableStart;
    }

    internal static void WriteDetails(BinaryWriter writer, KernelCveRecord record)
    {
        writer.Write(record.Title);
        writer.Write(record.Cvss is not null);
        if (record.Cvss is { } cvss)
        {
            writer.Write(cvss.Version);
            writer.Write(cvss.BaseScore);
            writer.Write(cvss.Vector);
        }
        WriteList(writer, record.ProgramFiles);
        WriteList(writer, [.. record.FixCommits()]);
    }

    /// <summary>The record's affected blocks as published, for people checking a verdict (the version records' first part).</summary>
    internal static void WriteAffected(BinaryWriter writer, IReadOnlyList<AffectedBlock> affected)
    {
        writer.Write(affected.Count);
        foreach (var block in affected)
        {
            writer.Write((byte)block.DefaultStatus);
            writer.Write(block.Versions.Count);
            foreach (var range in block.Versions)
            {
                writer.Write(range.Version);
                writer.WriteOptional(range.LessThan);
                writer.WriteOptional(range.LessThanOrEqual);
                writer.Write((byte)range.Status);
                writer.Write((byte)range.Type);
            }
        }
    }

    /// <summary>The dyad pairs as published (the version records' second part).</summary>
    internal static void WriteDyad(BinaryWriter writer, IReadOnlyList<DyadPair> dyad)
    {
        writer.Write(dyad.Count);
        foreach (var pair in dyad)
        {
            writer.Write(pair.IntroducedVersion);
            writer.Write(pair.IntroducedCommit);
            writer.Write(pair.FixedVersion);
            writer.Write(pair.FixedCommit);
        }
    }

    public static (IReadOnlyList<AffectedBlock> Affected, IReadOnlyList<DyadPair> Dyad) ReadVersionRecords(ref SpanReader reader)
    {
        var blocks = new AffectedBlock[reader.ReadCount()];
        for (var b = 0; b < blocks.Length; b++)
        {
            var defaultStatus = Status(reader.ReadByte());
            var ranges = new VersionRange[reader.ReadCount()];
            for (var r = 0; r < ranges.Length; r++)
            {
                var version = reader.ReadString();
                var lessThan = ReadOptional(ref reader);
                var lessThanOrEqual = ReadOptional(ref reader);
                var status = Status(reader.ReadByte());
                var type = reader.ReadByte() is var t && t <= (byte)RangeType.Other ? (RangeType)t : throw new FormatException($"range type {t} is unknown");
                ranges[r] = new VersionRange(version, lessThan, lessThanOrEqual, status, type);
            }
            blocks[b] = new AffectedBlock(defaultStatus, ranges);
        }
        var dyad = new DyadPair[reader.ReadCount()];
        for (var d = 0; d < dyad.Length; d++)
        {
            dyad[d] = new DyadPair(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString());
        }
        return (blocks, dyad);
    }

    private static string? ReadOptional(ref SpanReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static AffectedStatus Status(byte value) =>
        value <= (byte)AffectedStatus.Unknown ? (AffectedStatus)value : throw new FormatException($"status {value} is unknown");

    private static void WriteList(BinaryWriter writer, IReadOnlyList<string> items)
    {
        writer.Write(items.Count);
        foreach (var item in items)
        {
            writer.Write(item);
        }
    }

    /// <summary>Reads the details up to the fix commits, which follow them.</summary>
    public static KernelCveDetails ReadDetails(ref SpanReader reader)
    {
        var title = reader.ReadString();
        CvssScore? cvss = reader.ReadBoolean() ? new CvssScore(reader.ReadString(), reader.ReadDouble(), reader.ReadString()) : null;
        return new KernelCveDetails(title, cvss, ReadList(ref reader));
    }

    public static string[] ReadFixCommits(ref SpanReader reader)
    {
        ReadDetails(ref reader);
        return ReadList(ref reader);
    }

    private static string[] ReadList(ref SpanReader reader)
    {
        var items = new string[reader.ReadCount()];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = reader.ReadString();
        }
        return items;
    }
}
