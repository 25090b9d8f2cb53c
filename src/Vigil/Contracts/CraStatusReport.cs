using Vigil.Cra;

namespace Vigil.Contracts;

/// <summary><c>vigil cra status --format json</c>: every reporting case with its three deadlines, as of <see cref="At"/>.</summary>
public sealed record CraStatusReport(DateTimeOffset At, int Overdue, IReadOnlyList<CraStatusReport.CaseView> Cases)
{
    public sealed record CaseView(string Id, string Product, string Cve, IReadOnlyList<string> Releases, IReadOnlyList<string> Components, DateTimeOffset AwareAt,
        string Evidence, string EvidenceDetail, DateTimeOffset? FixAvailableAt, bool Closed, bool Overdue, IReadOnlyList<DeadlineView> Deadlines);

    /// <param name="SecondsLeft">Until due (negative when overdue); null when sent or waiting for a fix.</param>
    public sealed record DeadlineView(string Stage, DateTimeOffset? Due, double? SecondsLeft, DateTimeOffset? SubmittedAt, string? Reference);

    public static CraStatusReport Of(IReadOnlyList<CaseStanding> cases, DateTimeOffset now) => new(now, cases.Count(c => c.IsOverdue(now)),
        [.. cases.Select(c => new CaseView(c.Id, c.Product.Name, c.Case.VulnerabilityId, c.Releases, c.Components, c.Case.AwareAt, CraWords.Evidence[c.Case.Evidence],
            c.Case.EvidenceDetail, c.Case.FixAvailableAt, c.IsClosed, c.IsOverdue(now),
            [.. c.Deadlines.Select(d => new DeadlineView(CraWords.Stages[d.Stage], d.Due, d.Left(now)?.TotalSeconds, d.Submitted?.SubmittedAt, d.Submitted?.Reference))]))]);
}

/// <summary><c>vigil cra draft --format json</c>: the content of one report of a case, and what is left to fill in.</summary>
public sealed record CraDraftView(string Case, string Stage, DateTimeOffset? Due, DateTimeOffset AwareAt, string Evidence, string Product, IReadOnlyList<string> Releases,
    string Cve, string Description, IReadOnlyList<CraDraftView.Component> Affected, IReadOnlyList<string> Measures, bool AdvisoryPublished, IReadOnlyList<string> ToFill)
{
    public sealed record Component(string Release, string Name, string Version, string? FixedVersion, string Severity, double? Cvss, string? Decision);

    public static CraDraftView Of(ReportDraft draft) => new(draft.Standing.Id, CraWords.Stages[draft.Stage],
        draft.Standing.Deadlines.Single(d => d.Stage == draft.Stage).Due, draft.Standing.Case.AwareAt, draft.Standing.Case.EvidenceDetail, draft.Standing.Product.Name,
        draft.Standing.Releases, draft.Standing.Case.VulnerabilityId, draft.Description,
        [.. draft.Affected.Select(a => new Component(a.Release, a.Component, a.Version, a.FixedVersion, a.Severity, a.Cvss, a.Decision))], draft.Measures, draft.AdvisoryPublished,
        ["member states where the product is made available", "suspected malicious actor", .. draft.AdvisoryPublished ? Array.Empty<string>() : ["how users were informed"]]);
}
