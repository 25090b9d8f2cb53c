using System.Text;
using Vigil.Common;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// The import's records, encoded as the feed's sections hold them, parked in an unlinked temporary file until the
/// snapshot's last file is read: files arrive in the archive's or the directory's order, the feed stores records in id
/// order, and a record's dyad may come before or after it. Held in memory, a snapshot's encoded records were about
/// 60 MB of the import's 213 MB peak (measured); here the import holds 40 bytes a record.
/// </summary>
internal sealed class KernelRecordSpool : IDisposable
{
    // Either half of a missing dyad: a count of 0.
    private static readonly byte[] NoDyad = new byte[4];

    private readonly FileStream file;
    private readonly CountingStream counted;
    private readonly BinaryWriter writer;
    private readonly Dictionary<VulnerabilityId, SpooledRecord> records = [];
    private readonly Dictionary<VulnerabilityId, SpooledDyad> dyads = [];
    private readonly Dictionary<VulnerabilityId, VigilException> brokenDyads = [];
    private (SpooledRecord Record, SpooledDyad? Dyad)[] ordered = [];
    private byte[] buffer = new byte[1 << 16];

    /// <summary>A record's parts, one after the other from Start: compiled ranges, details, description, affected blocks.</summary>
    private readonly record struct SpooledRecord(VulnerabilityId Id, DateTimeOffset? Updated, long Start, int CompiledEnd, int DetailsEnd, int DescriptionEnd, int End);

    /// <summary>A dyad's two parts from Start: compiled, then as published.</summary>
    private readonly record struct SpooledDyad(long Start, int CompiledEnd, int End);

    private KernelRecordSpool(FileStream file)
    {
        this.file = file;
        counted = new CountingStream(file);
        writer = new BinaryWriter(counted, Encoding.UTF8, leaveOpen: true);
    }

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

    /// <summary>Adds a record (a later one with the same id replaces it).</summary>
    public void Add(ParsedKernelCve parsed)
    {
        var start = counted.Written;
        CompiledKernelRecord.Compile(parsed.Record).WriteRanges(writer);
        var compiledEnd = EndFrom(start);
        KernelFeedFormat.WriteDetails(writer, parsed.Record);
        var detailsEnd = EndFrom(start);
        JsonStringLiteral.Of(parsed.Description).WriteTo(writer);
        var descriptionEnd = EndFrom(start);
        KernelFeedFormat.WriteAffected(writer, parsed.Record.Affected);
        records[parsed.Record.Id] = new SpooledRecord(parsed.Record.Id, parsed.Updated, start, compiledEnd, detailsEnd, descriptionEnd, EndFrom(start));
    }

    /// <summary>Adds a record's dyad. One that does not parse fails the import only if its record is there, as a dyad
    /// without a record is never read.</summary>
    public void AddDyad(VulnerabilityId id, ReadOnlySpan<byte> text, string fileName)
    {
        IReadOnlyList<DyadPair> pairs;
        try
        {
            pairs = KernelCveParser.ParseDyad(Encoding.UTF8.GetString(text), fileName);
        }
        catch (VigilException e)
        {
            brokenDyads[id] = e;
            dyads.Remove(id);
            return;
        }
        brokenDyads.Remove(id);
        var start = counted.Written;
        CompiledKernelRecord.WriteDyad(writer, CompiledKernelRecord.CompileDyad(pairs));
        var compiledEnd = EndFrom(start);
        KernelFeedFormat.WriteDyad(writer, pairs);
        dyads[id] = new SpooledDyad(start, compiledEnd, EndFrom(start));
    }

    /// <summary>Puts the records in id order with their dyads; throws the first broken dyad of a record, in id order.</summary>
    public void Finish()
    {
        writer.Flush();
        file.Flush();
        var list = records.Values.ToArray();
        Array.Sort(list, (a, b) => a.Id.CompareTo(b.Id));
        ordered = new (SpooledRecord, SpooledDyad?)[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            var record = list[i];
            if (brokenDyads.TryGetValue(record.Id, out var broken))
            {
                throw broken;
            }
            ordered[i] = (record, dyads.TryGetValue(record.Id, out var dyad) ? dyad : null);
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
        if (dyad is { } d)
        {
            Copy(to, d.Start, d.CompiledEnd);
        }
        else
        {
            to.Write(NoDyad);
        }
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
        if (dyad is { } d)
        {
            Copy(to, d.Start + d.CompiledEnd, d.End - d.CompiledEnd);
        }
        else
        {
            to.Write(NoDyad);
        }
    }

    private int EndFrom(long start) => checked((int)(counted.Written - start));

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
        writer.Dispose();
        file.Dispose();
    }
}
