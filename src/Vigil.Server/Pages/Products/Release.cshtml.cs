using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Application;
using Vigil.Common;
using Vigil.Server.Api;
using Vigil.Server.Security;
using Vigil.Triage;

namespace Vigil.Server.Pages.Products;

/// <summary>A product's open findings (Debian and kernel together), filtered, sorted and paged on the server, and what changed in the last week.</summary>
[Requires(Permission.Read)]
public sealed class ReleaseModel(TriageUseCases triage, HistoryUseCases history) : PageModel
{
    public const int PageSize = 50;

    [FromRoute]
    public string Name { get; set; } = "";

    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "risk")]
    public string? Risk { get; set; }

    [FromQuery(Name = "severity")]
    public string? Severity { get; set; }

    [FromQuery(Name = "package")]
    public string? Package { get; set; }

    [FromQuery(Name = "q")]
    public string? Text { get; set; }

    [FromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public FindingsPage Findings { get; private set; } = null!;

    /// <summary>The week's changes ("new", "fixed", "reopened", ...) with their findings, or why there are none to show.</summary>
    public IReadOnlyList<History.FindingChange> Changes { get; private set; } = [];

    public string? NoChanges { get; private set; }

    public int Pages => Math.Max(1, (Findings.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        Findings = await triage.FindingsAsync(new FindingsQuery
        {
            Product = Name,
            Standing = Endpoints.Word<TriageStanding>(Blank(Status), "status"),
            Risk = Endpoints.Word<RiskCategory>(Blank(Risk), "risk"),
            Severity = Blank(Severity),
            Component = Blank(Package),
            Text = Blank(Text),
            Order = Endpoints.Word<FindingsOrder>(Blank(Sort), "sort") ?? FindingsOrder.Risk,
            Page = Math.Max(1, PageNumber),
            PageSize = PageSize,
        }, cancellation);
        try
        {
            Changes = (await history.DiffAsync(new DiffRequest { Product = Name, Since = TimeSpan.FromDays(7) }, cancellation)).Diff.Changes;
        }
        catch (VigilException e) when (e.Kind is ErrorKind.NotFound or ErrorKind.InvalidInput)
        {
            NoChanges = e.Message;
        }
    }

    /// <summary>This page's address with one query value changed (the filters kept).</summary>
    public string With(string key, string? value)
    {
        var query = new Dictionary<string, string?>
        {
            ["status"] = Status, ["risk"] = Risk, ["severity"] = Severity, ["package"] = Package, ["q"] = Text, ["sort"] = Sort, ["page"] = null,
        };
        query[key] = value;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/products/{Uri.EscapeDataString(Name)}",
            query.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
