using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Application;
using Vigil.ProcessRecords;
using Vigil.Server.Security;

namespace Vigil.Server.Pages;

/// <summary>
/// The IEC 62443-4-1 records the server reads, for one release: the checklist with its evidence, the gaps an assessor
/// would find, the review calendar, the approvals by role, the sign-offs made here, and the assessor report.
/// </summary>
[Requires(Permission.Read)]
public sealed class ProcessModel(ProcessUseCases process, ServerOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Release { get; set; }

    public bool HasRecords => options.ProcessRecords is not null;

    public ProcessOverview Overview { get; private set; } = null!;

    public IReadOnlyList<IGrouping<string, Gap>> Gaps { get; private set; } = [];

    public IReadOnlyList<Attestation> SignOffs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        if (options.ProcessRecords is not { } folder)
        {
            return;
        }
        Overview = await process.OverviewAsync(folder, "records", string.IsNullOrWhiteSpace(Release) ? null : Release, cancellation);
        Gaps = [.. Overview.Gaps.GroupBy(g => g.Requirement).OrderBy(g => g.Key, StringComparer.Ordinal)];
        SignOffs = [.. (await process.SignOffsAsync(cancellation)).Reverse()];
    }

    /// <summary>Whether a file named as evidence is still what was signed off.</summary>
    public EvidenceFileState? StateOf(Evidence evidence) => evidence.FileStateIn(options.ProcessRecords!);

    /// <summary>A URL given as evidence, when it is one a browser may follow (http or https only: never javascript: or data:).</summary>
    public static Uri? Followable(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
}
