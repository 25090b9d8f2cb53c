using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Application;
using Vigil.Server.Security;

namespace Vigil.Server.Pages;

/// <summary>The dashboard: every product release's open findings by risk and severity, what needs a person, the weekly trend, and how fresh the feeds are.</summary>
[Requires(Permission.Read)]
public sealed class DashboardModel(OverviewUseCases overview) : PageModel
{
    public Overview Overview { get; private set; } = new([], [], []);

    public async Task OnGetAsync(CancellationToken cancellation) => Overview = await overview.OverviewAsync(cancellation);
}
