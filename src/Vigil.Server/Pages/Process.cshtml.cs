using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Application;
using Vigil.ProcessRecords;
using Vigil.Server.Security;

namespace Vigil.Server.Pages;

/// <summary>The IEC 62443-4-1 records the server reads: the gaps an assessor would find, by requirement, and the sign-offs made here.</summary>
[Requires(Permission.Read)]
public sealed class ProcessModel(ProcessUseCases process, ServerOptions options) : PageModel
{
    public bool HasRecords => options.ProcessRecords is not null;

    public IReadOnlyList<IGrouping<string, Gap>> Gaps { get; private set; } = [];

    public IReadOnlyList<Attestation> SignOffs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        if (options.ProcessRecords is not { } folder)
        {
            return;
        }
        Gaps = [.. (await process.CheckAsync(folder, "records", cancellation, withSignOffs: true)).GroupBy(g => g.Requirement).OrderBy(g => g.Key, StringComparer.Ordinal)];
        SignOffs = [.. (await process.SignOffsAsync(cancellation)).Reverse()];
    }
}
