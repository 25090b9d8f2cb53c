using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Application;
using Vigil.Audit;
using Vigil.Server.Security;

namespace Vigil.Server.Pages;

/// <summary>The audit log for the auditor: whether the chain holds, and its entries (the latest page, or from one), filtered by who and what.</summary>
[Requires(Permission.ReadAudit)]
public sealed class AuditModel(AuditUseCases audit) : PageModel
{
    public const int PageSize = 200;

    [FromQuery(Name = "from")]
    public long? From { get; set; }

    [FromQuery(Name = "actor")]
    public string? Actor { get; set; }

    [FromQuery(Name = "action")]
    public string? Action { get; set; }

    public AuditVerification Verification { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        Verification = await audit.VerifyAsync([], cancellation);
        var from = From ?? Math.Max(1, Verification.Entries - PageSize + 1);
        Entries = [.. (await audit.ListAsync(from, PageSize, cancellation))
            .Where(e => (string.IsNullOrWhiteSpace(Actor) || e.Actor.Contains(Actor.Trim(), StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrWhiteSpace(Action) || e.Action.Contains(Action.Trim(), StringComparison.OrdinalIgnoreCase)))
            .Reverse()];
    }
}
