using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Application;
using Vigil.Common;
using Vigil.Server.Security;
using Vigil.Triage;

namespace Vigil.Server.Pages.Products;

/// <summary>
/// One CVE in a product: where it is open, what the feed says, every decision about it, and, for the roles that may
/// decide, the triage form. The server checks the role again on the post, whatever the page showed.
/// </summary>
[Requires(Permission.Read)]
public sealed class FindingModel(TriageUseCases triage, ScanUseCases scans, HistoryUseCases history) : PageModel
{
    [FromRoute]
    public string Name { get; set; } = "";

    [FromRoute]
    public string Cve { get; set; } = "";

    public IReadOnlyList<TriagedFinding> Open { get; private set; } = [];

    public IReadOnlyList<TriageDecision> History { get; private set; } = [];

    /// <summary>What each release's latest kernel scan concluded, open or not, with its reason (backport commit, files not built, ...).</summary>
    public IReadOnlyList<History.CurrentFinding> KernelVerdicts { get; private set; } = [];

    /// <summary>For a kernel finding: the CNA's record and what it means for the installed kernel (introduced, fixed, why).</summary>
    public KernelRecordView? Kernel { get; private set; }

    public bool MayDecide => Permissions.Allows(User.Roles(), Permission.Triage);

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation);

    public async Task<IActionResult> OnPostAsync(string component, string state, string? justification, string? response, string? detail, string? threat,
        DateOnly? expires, CancellationToken cancellation)
    {
        if (!MayDecide)
        {
            return Forbid();
        }
        try
        {
            await triage.DecideAsync(Name, new TriageService.Decision(Cve, component, state, Empty(justification), Empty(response), detail ?? "", Empty(threat), User.Name(),
                expires is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null, "web"), cancellation);
        }
        catch (VigilException e) when (e.Kind is ErrorKind.InvalidInput or ErrorKind.Conflict)
        {
            Problem = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellation);
            return Page();
        }
        return Redirect($"/products/{Uri.EscapeDataString(Name)}/findings/{Uri.EscapeDataString(Cve)}");
    }

    private async Task LoadAsync(CancellationToken cancellation)
    {
        Open = (await triage.FindingsAsync(new FindingsQuery { Product = Name, Cve = Cve, PageSize = FindingsQuery.MaxPageSize }, cancellation)).Items;
        History = await triage.HistoryAsync(Name, Cve, cancellation);
        KernelVerdicts = [.. (await history.LatestVerdictsAsync(Name, Cve, cancellation)).Where(v => v.Scan.Kind == Scanning.ScanKind.Kernel)];
        if (KernelVerdicts.Count > 0)
        {
            try
            {
                Kernel = await scans.KernelRecordAsync(Cve, KernelVerdicts[0].Finding.InstalledVersion, cancellation);
            }
            catch (VigilException e) when (e.Kind is ErrorKind.NotFound or ErrorKind.MissingData)
            {
                // The record left the feed since the scan (rejected, or the feed was replaced): the finding still stands.
            }
        }
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
