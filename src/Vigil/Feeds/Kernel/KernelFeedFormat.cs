using Vigil.Common;
using Vigil.Scanning.Kernel;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// The body of the kernel feed file, in the order a scan needs it: every record's id and compiled rule (numbers
/// only, read in one pass), then per-record details (title, CVSS, files, fix commits) and descriptions, each behind
/// an offset table so a scan reads them only for what it reports, then the rejected ids, then the section offsets.
/// </summary>
internal static class KernelFeedFormat
{
    public const int TailLength = 3 * 8;

    public static void Write(BinaryWriter writer, IReadOnlyList<ParsedKernelCve> records, IEnumerable<VulnerabilityId> rejected)
    {
        writer.Write(records.Count);
        foreach (var parsed in records)
        {
            writer.Write(parsed.Record.Id.Year);
            writer.Write(parsed.Record.Id.Number);
            KernelRule.Compile(parsed.Record).Write(writer);
        }
        var detailsOffsets = WriteSection(writer, records, (w, r) => WriteDetails(w, r.Record));
        var descriptionOffsets = WriteSection(writer, records, (w, r) => w.Write(r.Description));
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
