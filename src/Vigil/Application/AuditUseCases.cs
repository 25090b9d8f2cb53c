using Vigil.Audit;

namespace Vigil.Application;

/// <summary>What a walk of the audit chain found: how many entries, the head, and the first break if any.</summary>
public sealed record AuditVerification(long Entries, string HeadHash, AuditBreak? Break)
{
    public bool Holds => Break is null;
}

/// <summary>The audit log for auditors: the entries, and the check that nobody altered, removed or inserted any.</summary>
public sealed class AuditUseCases(IAuditLog log, TimeProvider clock)
{
    private const int Page = 1000;

    public Task<IReadOnlyList<AuditEntry>> ListAsync(long fromSequence, int limit, CancellationToken cancellation) =>
        log.EntriesAsync(Math.Max(fromSequence, 1), Math.Clamp(limit, 1, 10_000), cancellation);

    /// <summary>Every entry, in chain order.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ExportAsync(CancellationToken cancellation)
    {
        var all = new List<AuditEntry>();
        await foreach (var entry in EntriesAsync(cancellation))
        {
            all.Add(entry);
        }
        return all;
    }

    /// <summary>Walks the whole chain; with anchors (heads recorded earlier), also that it was not cut short.</summary>
    public async Task<AuditVerification> VerifyAsync(IReadOnlyList<AuditAnchor> anchors, CancellationToken cancellation)
    {
        var chain = new AuditChain(anchors);
        await foreach (var entry in EntriesAsync(cancellation))
        {
            if (chain.Check(entry) is { } broken)
            {
                return new AuditVerification(chain.Entries, chain.HeadHash, broken);
            }
        }
        return new AuditVerification(chain.Entries, chain.HeadHash, chain.Finish());
    }

    /// <summary>The whole log in chain order, read a page at a time (it can be longer than memory should hold).</summary>
    private async IAsyncEnumerable<AuditEntry> EntriesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        for (var from = 1L; ;)
        {
            var page = await log.EntriesAsync(from, Page, cancellation);
            foreach (var entry in page)
            {
                yield return entry;
            }
            if (page.Count < Page)
            {
                yield break;
            }
            from = page[^1].Sequence + 1;
        }
    }

    /// <summary>
    /// Appends the chain's head to an anchors file, after walking the chain against the anchors already there: a log
    /// that does not hold (or was cut short) is never anchored. The line is flushed to disk before this returns.
    /// </summary>
    public async Task<(AuditAnchor? Anchor, AuditVerification Verification)> AnchorAsync(string file, CancellationToken cancellation)
    {
        var earlier = File.Exists(file) ? AuditAnchor.ReadFile(file) : [];
        var verification = await VerifyAsync(earlier, cancellation);
        if (verification.Break is not null)
        {
            return (null, verification);
        }
        var anchor = new AuditAnchor(verification.Entries, verification.HeadHash, clock.GetUtcNow());
        await using (var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough))
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(anchor.Line + "\n"), cancellation);
            stream.Flush(flushToDisk: true);
        }
        return (anchor, verification);
    }
}
