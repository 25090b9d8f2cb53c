using Vigil.Common;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// The body of the kernel feed file, in the order a scan needs it: every record's id and compiled rule (numbers
/// only, read in one pass), then per-record details (title, CVSS, files, fix commits) and descriptions, each behind
/// an offset table so a scan reads them only for what it reports, then the rejected ids, then the section offsets.
/// </summary>
internal static class KernelFeedFormat
{
    public const int TailLength = 4 * 8;

    public static void Write(BinaryWriter writer, IReadOnlyList<ParsedKernelCve> records, IEnumerable<VulnerabilityId> rejected)
    {
        writer.Write(records.Count);
        foreach (var parsed in records)
        {
            writer.Write(parsed.Record.Id.Year);
            writer.Write(parsed.Record.Id.Number);
            CompiledKernelRecord.Compile(parsed.Record).Write(writer);
        }
        var detailsOffsets = WriteSection(writer, records, (w, r) => WriteDetails(w, r.Record));
        var descriptionOffsets = WriteSection(writer, records, (w, r) => w.Write(r.Description));
        var recordOffsets = WriteSection(writer, records, (w, r) => WriteVersionRecords(w, r.Record));
        writer.Flush();
        var rejectedStart = writer.BaseStream.Position;
        var rejectedIds = rejected.ToArray();
        writer.Write(rejectedIds.Length);
        foreach (var id in rejectedIds)
        {
            writer.Write(id.Year);
            writer.Write(id.Number);
        }
        writer.Write(detailsOffsets);
        writer.Write(descriptionOffsets);
        writer.Write(recordOffsets);
        writer.Write(rejectedStart);
    }

    /// <summary>Writes one item per record, then the table of their offsets; returns where the table starts.</summary>
    private static long WriteSection(BinaryWriter writer, IReadOnlyList<ParsedKernelCve> records, Action<BinaryWriter, ParsedKernelCve> write)
    {
        var offsets = new long[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            writer.Flush();
            offsets[i] = writer.BaseStream.Position;
            write(writer, records[i]);
        }
        writer.Flush();
        var tableStart = writer.BaseStream.Position;
        foreach (var offset in offsets)
        {
            writer.Write(offset);
        }
        return tableStart;
    }

    private static void WriteDetails(BinaryWriter writer, KernelCveRecord record)
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

    /// <summary>The record's affected blocks and dyad pairs as published, for people checking a verdict.</summary>
    private static void WriteVersionRecords(BinaryWriter writer, KernelCveRecord record)
    {
        writer.Write(record.Affected.Count);
        foreach (var block in record.Affected)
        {
            writer.Write((byte)block.DefaultStatus);
            writer.Write(block.Versions.Count);
            foreach (var range in block.Versions)
            {
                writer.Write(range.Version);
                WriteOptional(writer, range.LessThan);
                WriteOptional(writer, range.LessThanOrEqual);
                writer.Write((byte)range.Status);
                writer.Write((byte)range.Type);
            }
        }
        writer.Write(record.Dyad.Count);
        foreach (var pair in record.Dyad)
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

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
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

    public static KernelCveDetails ReadDetails(ref SpanReader reader)
    {
        var title = reader.ReadString();
        CvssScore? cvss = reader.ReadBoolean() ? new CvssScore(reader.ReadString(), reader.ReadDouble(), reader.ReadString()) : null;
        return new KernelCveDetails(title, cvss, ReadList(ref reader), ReadList(ref reader));
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
