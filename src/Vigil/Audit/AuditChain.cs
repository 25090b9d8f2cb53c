namespace Vigil.Audit;

/// <summary>Where the chain first breaks, and how.</summary>
public sealed record AuditBreak(long Sequence, string Problem);

/// <summary>
/// A walk of the audit chain in order, one entry at a time (the chain can be longer than memory should hold): every
/// entry's own hash, every link to the one before, no gaps; and, with an anchor (a head recorded earlier), that the
/// chain still reaches it, so a truncated log is caught too.
/// </summary>
public sealed class AuditChain(IReadOnlyList<AuditAnchor>? anchors = null)
{
    private readonly Dictionary<long, string> anchored = (anchors ?? []).GroupBy(a => a.Sequence).ToDictionary(g => g.Key, g => g.First().Hash);
    private long expected = 1;
    private string previous = AuditEntry.Genesis;

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
        if (anchored.TryGetValue(entry.Sequence, out var anchorHash) && entry.Hash != anchorHash)
        {
            return new AuditBreak(entry.Sequence, $"entry {entry.Sequence} is not the one anchored earlier");
        }
        previous = entry.Hash;
        expected++;
        return null;
    }

    /// <summary>After the last entry: the break an anchor shows when the chain no longer reaches it (the latest one missing is named).</summary>
    public AuditBreak? Finish() => anchored.Keys.Where(s => s >= expected).DefaultIfEmpty().Max() is > 0 and var gone
        ? new AuditBreak(gone, $"entry {gone}, anchored earlier, is gone (the log was truncated)")
        : null;
}
