using Vigil.Common;
using Vigil.Cra;
using Vigil.Feeds;
using Vigil.Feeds.Exploits;
using Vigil.Products;
using Vigil.Triage;
using Vigil.Vulnerabilities;

namespace Vigil.Application;

/// <summary>A report sent for a case ("gateway/CVE-2024-1086"), as the person who sent it records it.</summary>
public sealed record ReportSubmissionRequest(string Case, ReportStage Stage, string Reference, string By, DateTimeOffset? SubmittedAt = null);

/// <summary>A vulnerability marked actively exploited in a product: the source, and when the marker learned it (now when null).</summary>
public sealed record ExploitationMarkRequest(string Product, string Cve, string Source, string By, DateTimeOffset? AwareAt = null);

/// <summary>CRA Article 14: the reporting cases of actively exploited vulnerabilities, their clock, the reports sent.</summary>
public sealed class CraUseCases(ProductCatalog catalog, ReportingCases cases, IReportingCaseStore store, History.ScanHistory history, TriageService triage,
    VigilSettings settings, TimeProvider clock)
{
    /// <summary>
    /// Every case of one product (or all), after opening the new ones: open cases first, the most urgent deadline
    /// first, closed ones (final report sent) last.
    /// </summary>
    public async Task<IReadOnlyList<CaseStanding>> StatusAsync(string? product, CancellationToken cancellation)
    {
        var products = product is null ? await catalog.ListAsync(cancellation) : [await catalog.FindAsync(product, cancellation)];
        var known = new ExploitFeedStore(settings.DataDirectory, FeedKind.KnownExploited).LoadKnownExploited();
        var standings = new List<CaseStanding>();
        foreach (var p in products)
        {
            standings.AddRange(await cases.RefreshAsync(p, known, cancellation));
        }
        return [.. standings.OrderBy(s => s.IsClosed).ThenBy(s => s.Next?.Due ?? DateTimeOffset.MaxValue).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>The content of a case's report (the next one to send unless a stage is named), filled from the scans and triage.</summary>
    public async Task<ReportDraft> DraftAsync(string caseName, ReportStage? stage, string? advisoryDirectory, CancellationToken cancellation)
    {
        var standing = await FindAsync(caseName, cancellation);
        var findings = await history.CurrentFindingsOfAsync(standing.Product, standing.Case.VulnerabilityId, cancellation);
        var decisions = (await triage.HistoryAsync(standing.Product, standing.Case.VulnerabilityId, cancellation))
            .GroupBy(d => d.Component).ToDictionary(g => g.Key, g => g.Last());
        var affected = findings.Select(f => new AffectedComponent(f.Release.Name, f.Finding.Component, f.Finding.InstalledVersion, f.Finding.FixedVersion, f.Finding.Severity, f.Finding.Cvss,
            decisions.TryGetValue(f.Finding.Component, out var d) ? $"{d.State.Name()}{(d.Response is { } r ? $", {r.Name()}" : "")}{(d.Detail.Length > 0 ? $": {d.Detail}" : "")}" : null)).ToArray();
        var published = advisoryDirectory is not null && System.IO.Directory.Exists(Path.Combine(advisoryDirectory, ".well-known", "csaf"))
            && System.IO.Directory.GetFiles(Path.Combine(advisoryDirectory, ".well-known", "csaf"), "*.json", SearchOption.AllDirectories)
                .Any(f => File.ReadAllText(f).Contains($"\"{standing.Case.VulnerabilityId}\"", StringComparison.Ordinal));
        return new ReportDraft(standing, stage ?? standing.Next?.Stage ?? ReportStage.FinalReport,
            findings.Select(f => f.Finding.Summary).FirstOrDefault(s => s.Length > 0) ?? standing.Case.VulnerabilityId, affected, published);
    }

    public async Task<CaseStanding> SubmitAsync(ReportSubmissionRequest request, CancellationToken cancellation)
    {
        var standing = await FindAsync(request.Case, cancellation);
        var cve = standing.Case.VulnerabilityId;
        if (standing.Deadlines.Single(d => d.Stage == request.Stage).Submitted is { } earlier)
        {
            throw new VigilException(ErrorKind.Conflict, ErrorCodes.ReportAlreadySubmitted,
                $"the {CraWords.Stages[request.Stage]} of {standing.Id} was recorded already: sent {earlier.SubmittedAt:yyyy-MM-dd HH:mm} UTC, reference {earlier.Reference}");
        }
        if (request.Stage == ReportStage.FinalReport && standing.Case.FixAvailableAt is null)
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.ReportOutOfOrder,
                $"{standing.Id} has no fix yet, and the final report describes the corrective measure: send it within 14 days after one is available");
        }
        var now = clock.GetUtcNow();
        var submission = new ReportSubmission
        {
            Id = Ids.New(),
            CaseId = standing.Case.Id,
            Stage = request.Stage,
            SubmittedAt = request.SubmittedAt ?? now,
            Reference = request.Reference,
            RecordedBy = request.By,
            RecordedAt = now,
        };
        await store.AddSubmissionAsync(standing.Product.Name, cve, submission, cancellation);
        standing.Case.Submissions.Add(submission);
        return standing with { Deadlines = CraClock.Deadlines(standing.Case) };
    }

    public async Task<ExploitationMark> MarkExploitedAsync(ExploitationMarkRequest request, CancellationToken cancellation)
    {
        if (!VulnerabilityId.TryParse(request.Cve, out var id) || !id.IsCve)
        {
            throw new VigilException($"invalid CVE id '{request.Cve}': expected CVE-YYYY-NNNN");
        }
        if (string.IsNullOrWhiteSpace(request.Source))
        {
            throw new VigilException("a mark needs its source: who says it is exploited (a customer report, a CERT notice)");
        }
        var product = await catalog.FindAsync(request.Product, cancellation);
        var now = clock.GetUtcNow();
        if (request.AwareAt is { } aware && aware > now)
        {
            throw new VigilException($"aware-at {aware:O} is in the future");
        }
        var mark = new ExploitationMark
        {
            Id = Ids.New(),
            ProductId = product.Id,
            VulnerabilityId = id.Text,
            Source = request.Source.Trim(),
            AwareAt = request.AwareAt ?? now,
            MarkedBy = request.By,
            MarkedAt = now,
        };
        await store.AddMarkAsync(product.Name, mark, cancellation);
        return mark;
    }

    private async Task<CaseStanding> FindAsync(string name, CancellationToken cancellation)
    {
        var slash = name.LastIndexOf('/');
        var (productName, cve) = slash > 0 ? (name[..slash], name[(slash + 1)..]) : ("", "");
        return (await StatusAsync(productName.Length > 0 ? productName : throw CaseUnknown(name), cancellation))
            .SingleOrDefault(s => s.Case.VulnerabilityId == cve) ?? throw CaseUnknown(name);
    }

    private static VigilException CaseUnknown(string name) =>
        new(ErrorKind.NotFound, ErrorCodes.CaseUnknown, $"no reporting case {name}: cases are named PRODUCT/CVE");
}
