using Vigil.Triage;

namespace Vigil.Contracts;

/// <summary><c>triage list --format json</c> (docs/schemas/triage-list.schema.json): one entry per open finding, highest risk first.</summary>
public sealed record TriageListEntry(string Release, string Cve, string Component, string InstalledVersion, string Risk, string Standing, string? State, string? Justification, string? Threat,
    bool Kev, double? Epss)
{
    public static IReadOnlyList<TriageListEntry> Of(IEnumerable<TriagedFinding> findings) =>
        [.. findings.Select(f => new TriageListEntry(f.Release.Name, f.Finding.VulnerabilityId, f.Finding.Component, f.Finding.InstalledVersion,
            f.Risk.ToString().ToLowerInvariant(), f.Standing.ToString().ToLowerInvariant(), f.Decision?.State.Name(), f.Decision?.Justification?.Name(), f.Decision?.ThreatReference,
            f.Exploitation.KnownExploited, f.Exploitation.Epss))];
}

/// <summary><c>triage check --format json</c> (docs/schemas/triage-check.schema.json): the medium and high findings that need attention, and why.</summary>
public sealed record TriageCheckReport(int Gaps, IReadOnlyList<TriageCheckReport.Gap> Findings)
{
    public sealed record Gap(string Cve, string Component, string Risk, string Problem);

    public static TriageCheckReport Of(IReadOnlyList<TriageGap> gaps) =>
        new(gaps.Count, [.. gaps.Select(g => new Gap(g.Finding.Finding.VulnerabilityId, g.Finding.Finding.Component, g.Finding.Risk.ToString().ToLowerInvariant(), g.Problem))]);
}

/// <summary><c>triage history --format json</c> (docs/schemas/triage-history.schema.json): every decision, oldest first, never overwritten.</summary>
public sealed record TriageHistoryEntry(
    DateTimeOffset DecidedAt,
    string Author,
    string Cve,
    string Component,
    string? ComponentVersion,
    string State,
    string? Justification,
    string? Response,
    string Detail,
    string? Threat,
    DateTimeOffset? ExpiresAt,
    string Source)
{
    public static IReadOnlyList<TriageHistoryEntry> Of(IEnumerable<Triage.TriageDecision> decisions) =>
        [.. decisions.Select(d => new TriageHistoryEntry(d.DecidedAt, d.Author, d.VulnerabilityId, d.Component, d.ComponentVersion, d.State.Name(), d.Justification?.Name(),
            d.Response?.Name(), d.Detail, d.ThreatReference, d.ExpiresAt, d.Source))];
}

/// <summary><c>GET /api/v1/products/{name}/findings</c> (docs/schemas/findings-page.schema.json): one page of open findings and how many match in all.</summary>
public sealed record FindingsPageView(int Total, int Page, int PageSize, IReadOnlyList<TriageListEntry> Items)
{
    public static FindingsPageView Of(int total, int page, int pageSize, IEnumerable<TriagedFinding> items) => new(total, page, pageSize, TriageListEntry.Of(items));
}

/// <summary>What a VEX import did: the decisions it recorded, and each statement that met no open finding with why.</summary>
public sealed record VexImportView(IReadOnlyList<TriageHistoryEntry> Stored, IReadOnlyList<VexImportView.UnmatchedStatement> Unmatched)
{
    /// <param name="Component">The finding component the product was matched to; null when it is none of the product's.</param>
    public sealed record UnmatchedStatement(string Cve, string Product, string? Component, string Reason);

    public static VexImportView Of(IReadOnlyList<Triage.TriageDecision> stored, IReadOnlyList<Triage.VexUnmatched> unmatched) =>
        new(TriageHistoryEntry.Of(stored), [.. unmatched.Select(u => new UnmatchedStatement(u.Statement.VulnerabilityId, u.Statement.Product, u.Component, u.Reason))]);
}
