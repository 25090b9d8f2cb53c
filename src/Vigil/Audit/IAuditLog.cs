namespace Vigil.Audit;

/// <summary>The audit log as the domain reads it (writes are appended by the stores, inside each change's transaction).</summary>
public interface IAuditLog
{
    /// <summary>Entries in chain order, from <paramref name="fromSequence"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> EntriesAsync(long fromSequence, int limit, CancellationToken cancellation);
}
