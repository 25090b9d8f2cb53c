namespace Vigil.Audit;

/// <summary>Where the chain first breaks, and how.</summary>
public sealed record AuditBreak(long Sequence, string Problem);

/// <summary>
/// A walk of the audit chain in order, one entry at a time (the chain can be longer than memory should hold): every
/// entry's own hash, every link to the one before, no gaps; and, with an anchor (a head recorded earlier), that the
/// chain still reaches it, so a truncated log is caught too.
/// </summary>
public sealed class AuditChain(long? anchorSequence = null, string? anchorHash = null)
{
    private long expected = 1;
    private string previous = AuditEntry.Genesis;
    private bool anchorSeen;

    public long Entries => expected - 1;

    public string HeadHash => previous;

    /// <summary>
    /// The break this entry shows, or null. An altered entry no longer matches its own hash; a removed one leaves a
    /// gap; an inserted one repeats a sequence number or does not link to its predecessor.
    /// </summary>
    public AuditBreak? Check(AuditEntry entry)
    {
        if (entry.Sequence != expected)
        {
            return entry.Sequence > expected
                ? new AuditBreak(expected, expected == entry.Sequence - 1 ? $"entry {expected} is missing (removed)" : $"entries {expected} to {entry.Sequence - 1} are missing (removed)")
                : new AuditBreak(entry.Sequence, $"entry {entry.Sequence} appears twice (inserted)");
        }
        if (entry.ComputedHash() != entry.Hash)
        {
            return new AuditBreak(entry.Sequence, $"entry {entry.Sequence} was altered: its content no longer matches its hash");
        }
        if (entry.PreviousHash != previous)
        {
            return new AuditBreak(entry.Sequence, $"entry {entry.Sequence} does not link to entry {entry.Sequence - 1} (an entry was replaced or inserted)");
        }
        if (entry.Sequence == anchorSequence)
        {
            if (entry.Hash != anchorHash)
            {
                return new AuditBreak(entry.Sequence, $"entry {entry.Sequence} is not the one anchored earlier");
            }
            anchorSeen = true;
        }
        previous = entry.Hash;
        expected++;
        return null;
    }

    /// <summary>After the last entry: the break an anchor shows when the chain no longer reaches it.</summary>
    public AuditBreak? Finish() => anchorSequence is { } anchored && !anchorSeen
        ? new AuditBreak(anchored, $"entry {anchored}, anchored earlier, is gone (the log was truncated)")
        : null;

    /// <summary>Walks a whole chain held in memory.</summary>
    public static AuditBreak? Verify(IEnumerable<AuditEntry> entries, long? anchorSequence = null, string? anchorHash = null)
    {
        var chain = new AuditChain(anchorSequence, anchorHash);
        foreach (var entry in entries)
        {
            if (chain.Check(entry) is { } broken)
            {
                return broken;
            }
        }
        return chain.Finish();
    }
}
