using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// The body of the kernel feed file: record count, the records without descriptions, the descriptions, the
/// rejected ids, and at the end the offsets of the descriptions and of the rejected ids. A scan reads the first
/// part in one go and only the descriptions of what it reports.
/// </summary>
internal static class KernelFeedFormat
{
    public static void Write(BinaryWriter writer, IReadOnlyList<ParsedKernelCve> records, IEnumerable<VulnerabilityId> rejected)
    {
        writer.Write(records.Count);
        var descriptionOffsets = new long[records.Count];
        foreach (var record in records)
        {
            WriteRecord(writer, record.Record);
        }
        writer.Flush();
        var descriptionsStart = writer.BaseStream.Position;
        for (var i = 0; i < records.Count; i++)
        {
            descriptionOffsets[i] = writer.BaseStream.Position;
            writer.Write(records[i].Description);
        }
        var offsetsStart = writer.BaseStream.Position;
        foreach (var offset in descriptionOffsets)
        {
            writer.Write(offset);
        }
        var rejectedStart = writer.BaseStream.Position;
        var rejectedIds = rejected.ToArray();
        writer.Write(rejectedIds.Length);
        foreach (var id in rejectedIds)
        {
            writer.Write(id.Text);
        }
        writer.Write(descriptionsStart);
        writer.Write(offsetsStart);
        writer.Write(rejectedStart);
    }

    public static KernelCveRecord ReadRecord(BinaryReader reader, Func<string, string> intern)
    {
        var id = VulnerabilityId.Parse(reader.ReadString());
        var title = reader.ReadString();
        CvssScore? cvss = reader.ReadBoolean() ? new CvssScore(intern(reader.ReadString()), reader.ReadDouble(), reader.ReadString()) : null;
        var files = new string[Count(reader)];
        for (var i = 0; i < files.Length; i++)
        {
            files[i] = reader.ReadString();
        }
        var blocks = new AffectedBlock[Count(reader)];
        for (var b = 0; b < blocks.Length; b++)
        {
            var defaultStatus = Enum<AffectedStatus>(reader.ReadByte());
            var ranges = new VersionRange[Count(reader)];
            for (var r = 0; r < ranges.Length; r++)
            {
                ranges[r] = new VersionRange(intern(reader.ReadString()), Optional(reader, intern), Optional(reader, intern),
                    Enum<AffectedStatus>(reader.ReadByte()), Enum<RangeType>(reader.ReadByte()));
            }
            blocks[b] = new AffectedBlock(defaultStatus, ranges);
        }
        var dyad = new DyadPair[Count(reader)];
        for (var d = 0; d < dyad.Length; d++)
        {
            dyad[d] = new DyadPair(intern(reader.ReadString()), reader.ReadString(), intern(reader.ReadString()), reader.ReadString());
        }
        return new KernelCveRecord(id, title, cvss, files, blocks, dyad);
    }

    private static void WriteRecord(BinaryWriter writer, KernelCveRecord record)
    {
        writer.Write(record.Id.Text);
        writer.Write(record.Title);
        writer.Write(record.Cvss is not null);
        if (record.Cvss is { } cvss)
        {
            writer.Write(cvss.Version);
            writer.Write(cvss.BaseScore);
            writer.Write(cvss.Vector);
        }
        writer.Write(record.ProgramFiles.Count);
        foreach (var file in record.ProgramFiles)
        {
            writer.Write(file);
        }
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

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? Optional(BinaryReader reader, Func<string, string> intern) => reader.ReadBoolean() ? intern(reader.ReadString()) : null;

    private static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length ? count : throw new FormatException($"count {count} is impossible");
    }

    private static T Enum<T>(byte value)
        where T : struct, System.Enum
    {
        var result = (T)(object)value;
        return System.Enum.IsDefined(result) ? result : throw new FormatException($"{typeof(T).Name} {value} is unknown");
    }
}
