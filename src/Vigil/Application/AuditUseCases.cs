using Vigil.Audit;

namespace Vigil.Application;

/// <summary>What a walk of the audit chain found: how many entries, the head, and the first break if any.</summary>
public sealed record AuditVerification(long Entries, string HeadHash, AuditBreak? Break)
{
    public bool Holds => Break is null;
}

/// <summary>The audit log for auditors: the entries, and the check that nobody altered, removed or inserted any.</summary>
public sealed class AuditUseCases(IAuditLog log)
{
    private const int Page = 1000;

    public Task<IReadOnlyList<AuditEntry>> ListAsync(long fromSequence, int limit, CancellationToken cancellation) =>
        log.EntriesAsync(Math.Max(fromSequence, 1), Math.Clamp(limit, 1, 10_000), cancellation);

    /// <summary>Walks the whole chain, a page at a time; with an anchor (a head recorded earlier), also that it was not cut short.</summary>
    public async Task<AuditVerification> VerifyAsync(long? anchorSequence, string? anchorHash, CancellationToken cancellation)
    {
        var chain = new AuditChain(anchorSequence, anchorHash);
        for (var from = 1L; ;)
        {
            var page = await log.EntriesAsync(from, Page, cancellation);
            foreach (var entry in page)
            {
                if (chain.Check(entry) is { } broken)
                {
                    return new AuditVerification(chain.Entries, chain.HeadHash, broken);
                }
            }
            if (page.Count < Page)
            {
                return new AuditVerification(chain.Entries, chain.HeadHash, chain.Finish());
            }
            from = page[^1].Sequence + 1;
        }
    }
}
