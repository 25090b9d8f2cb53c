using Vigil.Common;
using Vigil.Versions;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// One kernel CVE record as the feed stores it for matching: the "affected" blocks' semver ranges parsed and scoped
/// to the branch they speak for (git ranges are left to git mode), and the dyad's version pairs. Compiled once at
/// import; read back at scan time without parsing any text. What the ranges mean for a version is Scanning's
/// <c>KernelRule</c>.
/// </summary>
public sealed class CompiledKernelRecord
{
    internal CompiledKernelRecord(CompiledRange[] ranges, CompiledBlock[] blocks, CompiledDyad[] dyad)
    {
        Ranges = ranges;
        Blocks = blocks;
        Dyad = dyad;
    }

    // Arrays, not interfaces: the rule walks them for every record on every scan.
    internal CompiledRange[] Ranges { get; }

    internal CompiledBlock[] Blocks { get; }

    internal CompiledDyad[] Dyad { get; }

    /// <summary>Compiles a parsed record: semver ranges parsed and scoped, git ranges left to git mode.</summary>
    public static CompiledKernelRecord Compile(KernelCveRecord record)
    {
        var all = new List<CompiledRange>();
        var blockList = new List<CompiledBlock>();
        foreach (var block in record.Affected)
        {
            var start = all.Count;
            foreach (var v in block.Versions)
            {
                if (v.Type is RangeType.Git or RangeType.Other || !Parse(v.Version, out var from))
                {
                    continue;
                }
                var range = new CompiledRange(from, v.Status, v.Type, block.DefaultStatus);
                if (v.LessThan is { } lt && Parse(lt, out var end))
                {
                    range = range with { End = end, EndInclusive = false, Scope = ScopeOf(from, end) };
                }
                else if (v.LessThanOrEqual is { } lte)
                {
                    if (lte == "*")
                    {
                        range = range with { OpenEnded = true };
                    }
                    else if (lte.EndsWith(".*", StringComparison.Ordinal) && Parse(lte[..^2], out var branch))
                    {
                        range = range with { OpenEnded = true, Scope = branch };
                    }
                    else if (Parse(lte, out var last))
                    {
                        range = range with { End = last, EndInclusive = true };
                    }
                    else
                    {
                        continue;
                    }
                }
                else if (v.LessThan is not null)
                {
                    continue;
                }
                all.Add(range);
            }
            blockList.Add(new CompiledBlock(block.DefaultStatus, start, all.Count - start));
        }
        return new CompiledKernelRecord([.. all], [.. blockList], CompileDyad(record.Dyad));
    }

    /// <summary>A record's dyad pairs compiled (the import reads a record's .dyad file apart from it).</summary>
    public static CompiledDyad[] CompileDyad(IReadOnlyList<DyadPair> dyad) => [.. dyad.Select(d => new CompiledDyad(
        d.IntroducedVersion != "0" && KernelVersion.TryParse(d.IntroducedVersion, out var i) ? i : null,
        CommitPrefix(d.IntroducedCommit),
        d.FixedVersion != "0" && KernelVersion.TryParse(d.FixedVersion, out var f) ? f : null,
        CommitPrefix(d.FixedCommit)))];

    /// <summary>The branch a lessThan range speaks for: its end's branch when the end is a stable release
    /// (0 &lt; 6.6.33 is about 6.6), its start's branch when only the start is (6.4.8 &lt; 6.5 is about 6.4).</summary>
    private static KernelVersion? ScopeOf(KernelVersion start, KernelVersion end)
    {
        if (!end.IsMainline)
        {
            return end.Branch;
        }
        return start != KernelVersion.Zero && !start.IsMainline ? start.Branch : null;
    }

    private static bool Parse(string text, out KernelVersion version)
    {
        if (text == "0")
        {
            version = KernelVersion.Zero;
            return true;
        }
        return KernelVersion.TryParse(text, out version);
    }

    private static ulong CommitPrefix(string commit)
    {
        if (commit == "0")
        {
            return 0;
        }
        var digits = Math.Min(commit.Length, 16);
        var value = ulong.Parse(commit.AsSpan(0, digits), System.Globalization.NumberStyles.AllowHexSpecifier);
        return value << (4 * (16 - digits));
    }

    /// <summary>
    /// Stores the compiled record: its ranges, then its dyad (<see cref="WriteDyad"/>, which the import writes apart, as
    /// it reads a record's .dyad file apart from it). <see cref="CompiledRecordBuffer.Read"/> restores it without
    /// parsing any text.
    /// </summary>
    public void WriteRanges(BinaryWriter writer)
    {
        writer.Write(Blocks.Length);
        foreach (var block in Blocks)
        {
            writer.Write((byte)block.DefaultStatus);
            writer.Write(block.Start);
            writer.Write(block.Count);
        }
        writer.Write(Ranges.Length);
        foreach (var r in Ranges)
        {
            r.Start.Write(writer);
            writer.Write((byte)r.Status);
            writer.Write((byte)r.Type);
            writer.Write((byte)r.DefaultStatus);
            writer.Write((byte)((r.End is null ? 0 : 1) | (r.EndInclusive ? 2 : 0) | (r.OpenEnded ? 4 : 0) | (r.Scope is null ? 0 : 8)));
            r.End?.Write(writer);
            r.Scope?.Write(writer);
        }
    }

    /// <summary>The compiled record's last part, after <see cref="WriteRanges"/>.</summary>
    public static void WriteDyad(BinaryWriter writer, IReadOnlyList<CompiledDyad> dyad)
    {
        writer.Write(dyad.Count);
        foreach (var d in dyad)
        {
            writer.Write((byte)((d.Introduced is null ? 0 : 1) | (d.Fixed is null ? 0 : 2)));
            d.Introduced?.Write(writer);
            d.Fixed?.Write(writer);
            writer.Write(d.IntroducedCommit);
            writer.Write(d.FixedCommit);
        }
    }

    internal static AffectedStatus Status(byte value) =>
        value <= (byte)AffectedStatus.Unknown ? (AffectedStatus)value : throw new FormatException($"status {value} is unknown");
}

/// <summary>
/// One compiled record at a time, decoded into arrays kept from record to record: a scan judges every record once,
/// and decoding each into arrays of its own made 10.7 MB of garbage per scan (measured), all of it resident, as the
/// collector's first budget on a large-cache machine exceeds what a scan allocates.
/// </summary>
public sealed class CompiledRecordBuffer
{
    private CompiledBlock[] blocks = new CompiledBlock[4];
    private CompiledRange[] ranges = new CompiledRange[32];
    private CompiledDyad[] dyad = new CompiledDyad[32];
    private int blockCount, rangeCount, dyadCount;

    public ReadOnlySpan<CompiledBlock> Blocks => blocks.AsSpan(0, blockCount);

    public ReadOnlySpan<CompiledRange> Ranges => ranges.AsSpan(0, rangeCount);

    public ReadOnlySpan<CompiledDyad> Dyad => dyad.AsSpan(0, dyadCount);

    /// <summary>Replaces the buffer's record with the next one the reader holds (see <see cref="CompiledKernelRecord.WriteRanges"/> and <see cref="CompiledKernelRecord.WriteDyad"/>).</summary>
    public void Read(ref SpanReader reader)
    {
        blockCount = rangeCount = dyadCount = 0;
        blockCount = Room(ref blocks, reader.ReadCount());
        for (var i = 0; i < blockCount; i++)
        {
            blocks[i] = new CompiledBlock(CompiledKernelRecord.Status(reader.ReadByte()), reader.ReadInt32(), reader.ReadInt32());
        }
        rangeCount = Room(ref ranges, reader.ReadCount());
        for (var i = 0; i < rangeCount; i++)
        {
            var start = KernelVersion.Read(ref reader);
            var status = CompiledKernelRecord.Status(reader.ReadByte());
            var type = reader.ReadByte() is var t && t <= (byte)RangeType.Other ? (RangeType)t : throw new FormatException($"range type {t} is unknown");
            var range = new CompiledRange(start, status, type, CompiledKernelRecord.Status(reader.ReadByte()));
            var flags = reader.ReadByte();
            ranges[i] = range with
            {
                End = (flags & 1) != 0 ? KernelVersion.Read(ref reader) : null,
                EndInclusive = (flags & 2) != 0,
                OpenEnded = (flags & 4) != 0,
                Scope = (flags & 8) != 0 ? KernelVersion.Read(ref reader) : null,
            };
        }
        foreach (var block in Blocks)
        {
            if (block.Start < 0 || block.Count < 0 || block.Start + block.Count > rangeCount)
            {
                throw new FormatException("a block points outside its ranges");
            }
        }
        dyadCount = Room(ref dyad, reader.ReadCount());
        for (var i = 0; i < dyadCount; i++)
        {
            var flags = reader.ReadByte();
            KernelVersion? introduced = (flags & 1) != 0 ? KernelVersion.Read(ref reader) : null;
            KernelVersion? fixedIn = (flags & 2) != 0 ? KernelVersion.Read(ref reader) : null;
            dyad[i] = new CompiledDyad(introduced, reader.ReadUInt64(), fixedIn, reader.ReadUInt64());
        }
    }

    /// <summary>The record held, in arrays of its own.</summary>
    public CompiledKernelRecord ToRecord() => new(Ranges.ToArray(), Blocks.ToArray(), Dyad.ToArray());

    /// <summary>Grows the array to hold count items (a count the record's bytes cannot hold was refused by the reader).</summary>
    private static int Room<T>(ref T[] items, int count)
    {
        if (items.Length < count)
        {
            items = new T[Math.Max(count, items.Length * 2)];
        }
        return count;
    }
}

public readonly record struct CompiledBlock(AffectedStatus DefaultStatus, int Start, int Count);

/// <summary>A dyad line; commits kept as their first 16 hex digits, enough to name them in a message.</summary>
/// <remarks>Versions are held packed (0 for none): 77,715 dyad lines are decoded on every scan, 32 bytes each rather than 64.</remarks>
public readonly record struct CompiledDyad
{
    private readonly ulong introduced, fixedIn;

    public CompiledDyad(KernelVersion? introduced, ulong introducedCommit, KernelVersion? fixedIn, ulong fixedCommit)
    {
        this.introduced = introduced?.Packed ?? 0;
        this.fixedIn = fixedIn?.Packed ?? 0;
        IntroducedCommit = introducedCommit;
        FixedCommit = fixedCommit;
    }

    public KernelVersion? Introduced => introduced == 0 ? null : KernelVersion.FromPacked(introduced);

    public ulong IntroducedCommit { get; }

    public KernelVersion? Fixed => fixedIn == 0 ? null : KernelVersion.FromPacked(fixedIn);

    public ulong FixedCommit { get; }
}

/// <remarks>Versions are held packed (0 for none): 108,532 ranges are decoded on every scan, 32 bytes each rather than 72.</remarks>
public readonly record struct CompiledRange
{
    private readonly ulong start, end, scope;

    public CompiledRange(KernelVersion start, AffectedStatus status, RangeType type, AffectedStatus defaultStatus)
    {
        this.start = start.Packed;
        Status = status;
        Type = type;
        DefaultStatus = defaultStatus;
    }

    public KernelVersion Start => KernelVersion.FromPacked(start);

    public AffectedStatus Status { get; }

    public RangeType Type { get; }

    public AffectedStatus DefaultStatus { get; }

    public KernelVersion? End
    {
        get => end == 0 ? null : KernelVersion.FromPacked(end);
        init => end = value?.Packed ?? 0;
    }

    public bool EndInclusive { get; init; }

    public bool OpenEnded { get; init; }

    /// <summary>The only branch this range speaks for; null for all.</summary>
    public KernelVersion? Scope
    {
        get => scope == 0 ? null : KernelVersion.FromPacked(scope);
        init => scope = value?.Packed ?? 0;
    }

    public bool Contains(KernelVersion version)
    {
        if (Scope is { } only && !version.IsInBranch(only))
        {
            return false;
        }
        if (version < Start)
        {
            return false;
        }
        if (OpenEnded)
        {
            return true;
        }
        if (End is { } last)
        {
            return EndInclusive ? version <= last : version < last;
        }
        return version == Start;
    }
}
