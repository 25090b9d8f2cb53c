using System.Text;
using Vigil.Common;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// The import's records, encoded as the feed's sections hold them, parked in an unlinked temporary file until the
/// snapshot's last file is read: files arrive in the archive's or the directory's order, the feed stores records in id
/// order, and a record's dyad may come before or after it. Held in memory, a snapshot's encoded records were about
/// 60 MB of the import's 213 MB peak (measured); here the import holds about 60 bytes a record.
/// </summary>
internal sealed class KernelRecordSpool : IDisposable
{
    private readonly FileStream file;
    private readonly Lock gate = new();
    private readonly ThreadLocal<Scratch> scratch = new(() => new Scratch());
    private readonly Dictionary<VulnerabilityId, SpooledRecord> records = [];
    private readonly Dictionary<VulnerabilityId, SpooledDyad> dyads = [];
    private readonly Dictionary<VulnerabilityId, VigilException> brokenDyads = [];
    private (SpooledRecord Record, SpooledDyad Dyad)[] ordered = [];
    private long end;
    private byte[] buffer = new byte[1 << 16];

    /// <summary>A record's parts, one after the other from Start: compiled ranges, details, description, affected blocks.</summary>
    private readonly record struct SpooledRecord(VulnerabilityId Id, DateTimeOffset? Updated, long Start, int CompiledEnd, int DetailsEnd, int DescriptionEnd, int End);

    /// <summary>A dyad's two parts from Start: compiled, then as published.</summary>
    private readonly record struct SpooledDyad(long Start, int CompiledEnd, int End);

    /// <summary>One thread's encoding of a record, before it goes into the spool under the lock.</summary>
    private sealed class Scratch
    {
        public Scratch() => Writer = new BinaryWriter(Bytes, Encoding.UTF8, leaveOpen: true);

        public MemoryStream Bytes { get; } = new();

        public BinaryWriter Writer { get; }

        public int End => (int)Bytes.Length;
    }

    private KernelRecordSpool(FileStream file) => this.file = file;

    /// <summary>A spool beside <paramref name="feedPath"/>, unlinked at once, so no end of the process leaves it behind.</summary>
    public static KernelRecordSpool Create(string feedPath)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(feedPath))!, $".{Path.GetFileName(feedPath)}.spool-{Guid.NewGuid():N}.tmp");
        try
        {
            var file = AtomicFile.CreateTemporary(path);
            // Killed between these two lines, the file matches the feed's temporary files and goes with the next import's clean-up.
            File.Delete(path);
            return new KernelRecordSpool(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot write {path}: {OutputFiles.Reason(e)}", e);
        }
    }

    /// <summary>Records in id order, after <see cref="Finish"/>.</summary>
    public int Count => ordered.Length;

    public VulnerabilityId IdAt(int index) => ordered[index].Record.Id;

    /// <summary>The newest date any record gives for itself, after <see cref="Finish"/>.</summary>
    public DateTimeOffset? Updated { get; private set; }

    /// <summary>Adds a record (a later one with the same id replaces it). Safe to call from several threads at once.</summary>
    public void Add(ParsedKernelCve parsed)
    {
        var encoded = Fresh();
        CompiledKernelRecord.Compile(parsed.Record).WriteRanges(encoded.Writer);
        var compiledEnd = encoded.End;
        KernelFeedFormat.WriteDetails(encoded.Writer, parsed.Record);
        var detailsEnd = encoded.End;
        JsonStringLiteral.Of(parsed.Description).WriteTo(encoded.Writer);
        var descriptionEnd = encoded.End;
        KernelFeedFormat.WriteAffected(encoded.Writer, parsed.Record.Affected);
        lock (gate)
        {
            records[parsed.Record.Id] = new SpooledRecord(parsed.Record.Id, parsed.Updated, Append(encoded), compiledEnd, detailsEnd, descriptionEnd, encoded.End);
        }
    }

    /// <summary>Adds a record's dyad. One that does not parse fails the import only if its record is there, as a dyad
    /// without a record is never read. Safe to call from several threads at once.</summary>
    public void AddDyad(VulnerabilityId id, ReadOnlySpan<byte> text, string fileName)
    {
        IReadOnlyList<DyadPair> pairs;
        try
        {
            pairs = KernelCveParser.ParseDyad(Encoding.UTF8.GetString(text), fileName);
        }
        catch (VigilException e)
        {
            lock (gate)
            {
                brokenDyads[id] = e;
                dyads.Remove(id);
            }
            return;
        }
        var dyad = Spool(pairs);
        lock (gate)
        {
            brokenDyads.Remove(id);
            dyads[id] = dyad;
        }
    }

    /// <summary>A dyad's two halves, encoded and appended (safe to call from several threads at once).</summary>
    private SpooledDyad Spool(IReadOnlyList<DyadPair> pairs)
    {
        var encoded = Fresh();
        CompiledKernelRecord.WriteDyad(encoded.Writer, CompiledKernelRecord.CompileDyad(pairs));
        var compiledEnd = encoded.End;
        KernelFeedFormat.WriteDyad(encoded.Writer, pairs);
        lock (gate)
        {
            return new SpooledDyad(Append(encoded), compiledEnd, encoded.End);
        }
    }

    private Scratch Fresh()
    {
        var encoded = scratch.Value!;
        encoded.Bytes.SetLength(0);
        return encoded;
    }

    /// <summary>Writes the encoded parts at the spool's end (under the lock); returns where they start.</summary>
    private long Append(Scratch encoded)
    {
        var start = end;
        file.Write(encoded.Bytes.GetBuffer(), 0, encoded.End);
        end += encoded.End;
        return start;
    }

    /// <summary>Puts the records in id order with their dyads; throws the first broken dyad of a record, in id order.</summary>
    public void Finish()
    {
        // A record without a dyad gets an empty one, spooled once.
        var none = Spool([]);
        file.Flush();
        var list = records.Values.ToArray();
        Array.Sort(list, (a, b) => a.Id.CompareTo(b.Id));
        ordered = new (SpooledRecord, SpooledDyad)[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            var record = list[i];
            if (brokenDyads.TryGetValue(record.Id, out var broken))
            {
                throw broken;
            }
            ordered[i] = (record, dyads.GetValueOrDefault(record.Id, none));
            if (record.Updated is { } updated && (Updated is null || updated > Updated))
            {
                Updated = updated;
            }
        }
    }

    /// <summary>The record's compiled rule: its ranges, then its dyad's.</summary>
    public void WriteCompiled(BinaryWriter to, int index)
    {
        var (record, dyad) = ordered[index];
        Copy(to, record.Start, record.CompiledEnd);
        Copy(to, dyad.Start, dyad.CompiledEnd);
    }

    public void WriteDetails(BinaryWriter to, int index)
    {
        var record = ordered[index].Record;
        Copy(to, record.Start + record.CompiledEnd, record.DetailsEnd - record.CompiledEnd);
    }

    public void WriteDescription(BinaryWriter to, int index)
    {
        var record = ordered[index].Record;
        Copy(to, record.Start + record.DetailsEnd, record.DescriptionEnd - record.DetailsEnd);
    }

    /// <summary>The record's version records as published: its affected blocks, then its dyad's pairs.</summary>
    public void WriteVersionRecords(BinaryWriter to, int index)
    {
        var (record, dyad) = ordered[index];
        Copy(to, record.Start + record.DescriptionEnd, record.End - record.DescriptionEnd);
        Copy(to, dyad.Start + dyad.CompiledEnd, dyad.End - dyad.CompiledEnd);
    }

    private void Copy(BinaryWriter to, long offset, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new byte[length];
        }
        var part = buffer.AsSpan(0, length);
        for (var read = 0; read < length;)
        {
            var n = RandomAccess.Read(file.SafeFileHandle, part[read..], offset + read);
            read += n > 0 ? n : throw new IOException("the import's temporary file ended early");
        }
        to.Write(part);
    }

    public void Dispose()
    {
        scratch.Dispose();
        file.Dispose();
    }
}
