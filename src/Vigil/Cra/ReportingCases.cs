using Vigil.Common;
using Vigil.Feeds.Exploits;
using Vigil.History;
using Vigil.Products;

namespace Vigil.Cra;

/// <summary>A case with what it is about now: the product's releases and components with the finding open, and the three deadlines.</summary>
public sealed record CaseStanding(Product Product, ReportingCase Case, IReadOnlyList<string> Releases, IReadOnlyList<string> Components, IReadOnlyList<ReportDeadline> Deadlines)
{
    /// <summary>"gateway/CVE-2024-1086": what the case is called on the command line and in URLs.</summary>
    public string Id => $"{Product.Name}/{Case.VulnerabilityId}";

    /// <summary>Done when the final report is sent.</summary>
    public bool IsClosed => Deadlines.Single(d => d.Stage == ReportStage.FinalReport).Submitted is not null;

    public bool IsOverdue(DateTimeOffset now) => Deadlines.Any(d => d.IsOverdue(now));

    /// <summary>The next report to send: the earliest unsent one with a due time.</summary>
    public ReportDeadline? Next => Deadlines.Where(d => d.Submitted is null && d.Due is not null).OrderBy(d => d.Due).FirstOrDefault();
}

/// <summary>
/// Opens CRA Article 14 reporting cases for a product's open findings that are actively exploited (listed in the
/// KEV catalog, or marked), keeps them until the final report is sent, and notes when a fix becomes available.
/// </summary>
public sealed class ReportingCases(IReportingCaseStore store, ScanHistory history, TimeProvider clock)
{
    public async Task<IReadOnlyList<CaseStanding>> RefreshAsync(Product product, KnownExploitedCatalog? catalog, CancellationToken cancellation)
    {
        var open = await history.CurrentOpenFindingsAsync(product, cancellation);
        var marks = await store.MarksAsync(product.Id, cancellation);
        var cases = (await store.CasesAsync(product.Id, cancellation)).ToDictionary(c => c.VulnerabilityId, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var opened = new List<ReportingCase>();
        foreach (var cve in open.Select(f => f.Finding.VulnerabilityId).Distinct(StringComparer.Ordinal).Where(c => !cases.ContainsKey(c)))
        {
            var listed = catalog?.Find(cve);
            var marked = marks.Where(m => m.VulnerabilityId == cve).OrderBy(m => m.AwareAt).FirstOrDefault();
            if (listed is null && marked is null)
            {
                continue;
            }
            var (seen, _) = await history.FirstSeenAsync(product, cve, cancellation);
            var fromCatalog = listed is null ? (DateTimeOffset?)null : CraClock.AwareFromCatalog(seen ?? now, listed.DateAdded);
            var byMark = marked is not null && (fromCatalog is null || marked.AwareAt < fromCatalog);
            var reportingCase = new ReportingCase
            {
                Id = Ids.New(),
                ProductId = product.Id,
                VulnerabilityId = cve,
                AwareAt = byMark ? marked!.AwareAt : fromCatalog!.Value,
                Evidence = byMark ? ExploitationEvidence.Marked : ExploitationEvidence.KnownExploitedCatalog,
                EvidenceDetail = byMark
                    ? $"marked by {marked!.MarkedBy}: {marked.Source}"
                    : $"CISA KEV since {listed!.DateAdded:yyyy-MM-dd}: {listed.Name}{(listed.RansomwareUse ? " (known ransomware use)" : "")}",
                OpenedAt = now,
            };
            opened.Add(reportingCase);
            cases[cve] = reportingCase;
        }
        if (opened.Count > 0)
        {
            await store.AddCasesAsync(product.Name, opened, cancellation);
        }
        foreach (var reportingCase in cases.Values.Where(c => c.FixAvailableAt is null))
        {
            if ((await history.FirstSeenAsync(product, reportingCase.VulnerabilityId, cancellation)).FixSeen is { } fixSeen)
            {
                reportingCase.FixAvailableAt = fixSeen;
                await store.SetFixAvailableAsync(reportingCase.Id, fixSeen, cancellation);
            }
        }
        var findings = open.ToLookup(f => f.Finding.VulnerabilityId, StringComparer.Ordinal);
        return [.. cases.Values.Select(c => new CaseStanding(product, c,
            [.. findings[c.VulnerabilityId].Select(f => f.Release.Name).Distinct(StringComparer.Ordinal)],
            [.. findings[c.VulnerabilityId].Select(f => f.Finding.Component).Distinct(StringComparer.Ordinal)],
            CraClock.Deadlines(c)))];
    }
}
