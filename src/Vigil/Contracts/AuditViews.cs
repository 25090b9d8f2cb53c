using Vigil.Audit;

namespace Vigil.Contracts;

/// <summary><c>audit list --format json</c> and <c>GET /api/v1/audit</c> (docs/schemas/audit-list.schema.json): entries as stored, hashes included, so an auditor can check the chain elsewhere.</summary>
public sealed record AuditEntryView(long Sequence, DateTimeOffset At, string Actor, string Origin, string Action, string Subject, string? Before, string? After, string PreviousHash, string Hash)
{
    public static IReadOnlyList<AuditEntryView> Of(IEnumerable<AuditEntry> entries) =>
        [.. entries.Select(e => new AuditEntryView(e.Sequence, e.At, e.Actor, e.Origin, e.Action, e.Subject, e.Before, e.After, e.PreviousHash, e.Hash))];
}
