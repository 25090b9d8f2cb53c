using Vigil.Scanning;
using System.Net;
using System.Text;
using Vigil.Common;
using Vigil.History;
using Vigil.Products;
using Vigil.Triage;

namespace Vigil.Reporting;

/// <summary>One release and kind (Debian packages or kernel) in the weekly report.</summary>
public sealed record WeeklySection(ProductRelease Release, ScanKind Kind, ScanRecord Latest, ScanRecord? Baseline, IReadOnlyList<FindingChange> Changes, IReadOnlyList<TriagedFinding> Open);

/// <summary>
/// What changed and what stands for a product over a period (CIP posts CVE lists weekly): per release, new and
/// fixed CVEs since the scan a week ago, what is still open by risk, the decisions taken, the triage that is overdue.
/// </summary>
public sealed record WeeklyReport(
    Product Product,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<WeeklySection> Sections,
    IReadOnlyList<TriageDecision> Decisions,
    IReadOnlyList<TriageGap> Overdue)
{
    /// <summary>Whether anything happened in the period worth telling: changes in findings or decisions taken.</summary>
    public bool HasNews => Sections.Any(s => s.Changes.Count > 0 || s.Baseline is null) || Decisions.Count > 0;

    /// <summary>Identifies the state reported on (scans compared, decisions, gaps), so the same report is never mailed twice.</summary>
    public string StateKey()
    {
        var parts = Sections.Select(s => $"{s.Release.Id}/{s.Kind.Name()}/{s.Baseline?.Id}/{s.Latest.Id}")
            .Concat(Decisions.Select(d => d.Id))
            .Concat(Overdue.Select(g => $"{g.Finding.Finding.Component}/{g.Finding.Finding.VulnerabilityId}/{g.Problem}"));
        return Sha256Hex.OfLines(parts);
    }

    public static async Task<WeeklyReport> BuildAsync(ScanHistory history, TriageService triage, Product product, RiskPolicy policy, DateTimeOffset now, TimeSpan period, CancellationToken cancellation)
    {
        var from = now - period;
        var open = await triage.FindingsAsync(product, policy, cancellation);
        var sections = new List<WeeklySection>();
        foreach (var release in product.Releases.OrderBy(r => r.CreatedAt))
        {
            foreach (var kind in ScanKindNames.All)
            {
                var scans = await history.ScansAsync(release, kind, cancellation);
                if (scans.Count == 0)
                {
                    continue;
                }
                var latest = scans[^1];
                var baseline = scans.LastOrDefault(s => s.ScannedAt <= from && s.Id != latest.Id) ?? (scans.Count > 1 ? scans[0] : null);
                var changes = baseline is null ? [] : (await history.DiffAsync(baseline, latest, cancellation)).Changes;
                sections.Add(new WeeklySection(release, kind, latest, baseline, changes,
                    [.. open.Where(f => f.Release.Id == release.Id && f.Kind == kind && f.IsOpen).OrderByDescending(f => f.Risk).ThenBy(f => f.Finding.Component, StringComparer.Ordinal).ThenBy(f => f.Finding.VulnerabilityId, StringComparer.Ordinal)]));
            }
        }
        var decisions = (await triage.HistoryAsync(product, null, cancellation)).Where(d => d.DecidedAt > from && d.DecidedAt <= now).ToArray();
        return new WeeklyReport(product, from, now, sections, decisions, await triage.CheckAsync(product, policy, cancellation));
    }

    public string Subject => $"[vigil] {Product.Name}: weekly CVE report {To:yyyy-MM-dd}";

    /// <summary>CRA Article 14 reporting cases of the product, shown first.</summary>
    public IReadOnlyList<Cra.CaseStanding> Cases { get; init; } = [];

    /// <summary>Where the full list lives (the server's findings page), for "and N more".</summary>
    public string? FindingsLink { get; init; }

    /// <summary>At most this many lines of findings needing action: a mailing list holds anything over 40 KB.</summary>
    public const int ActionLines = 40;

    public const int DecisionLines = 20;

    /// <summary>One part of the report: a heading, its lines, and how many more were left out.</summary>
    private sealed record Part(string Heading, IReadOnlyList<string> Lines, int More = 0);

    /// <summary>
    /// The report's content, the same for every format: the summary first, then the CRA cases, then only what needs
    /// action (new or reopened findings still open, high-risk ones not triaged, overdue triage), capped, then a line
    /// per release and the week's decisions. Findings triaged not_affected, false_positive or fixed are not open.
    /// </summary>
    private List<Part> Parts()
    {
        var open = Sections.SelectMany(s => s.Open).ToArray();
        var distinct = open.DistinctBy(f => (f.Finding.Component, f.Finding.VulnerabilityId)).ToArray();
        var changes = Sections.SelectMany(s => s.Changes.Select(c => (Section: s, Change: c))).ToArray();
        var now = To;
        var summary = new List<string>
        {
            $"Open findings: {RiskCounts(distinct)}; {distinct.Count(f => f.Standing == TriageStanding.Untriaged)} not triaged",
            $"This week: {changes.Count(c => c.Change.Change == "new")} new, {changes.Count(c => c.Change.Change == "fixed")} fixed, "
                + $"{changes.Count(c => c.Change.Change == "reopened")} reopened; {Decisions.Count} decisions",
        };
        if (distinct.Count(f => f.Exploitation.KnownExploited) is var kev and > 0)
        {
            summary.Insert(1, $"Known exploited (CISA KEV): {kev} open findings");
        }
        if (Cases.Count > 0)
        {
            summary.Insert(0, $"CRA reporting cases: {Cases.Count(c => !c.IsClosed)} open, {Cases.Count(c => c.IsOverdue(now))} with an overdue report");
        }
        var parts = new List<Part> { new("Summary", summary) };
        if (Cases.Count > 0)
        {
            parts.Add(new($"CRA reporting cases ({Cases.Count})", [.. Cases.Select(c => c.IsClosed ? $"{c.Id}: closed (final report sent)"
                : $"{c.Id}: {Cra.CraWords.Stages[c.Next!.Stage]} {c.Next.Describe(now)}; {c.Case.EvidenceDetail}")]));
        }
        var openByKey = open.ToLookup(f => (f.Release.Id, f.Kind, f.Finding.Component, f.Finding.VulnerabilityId));
        var actions = new List<(string Key, string Line)>();
        foreach (var (section, change) in changes.Where(c => c.Change.Change is "new" or "reopened"))
        {
            if (openByKey[(section.Release.Id, section.Kind, change.Component, change.VulnerabilityId)].FirstOrDefault() is { Risk: >= RiskCategory.Medium } f)
            {
                actions.Add(($"{change.Component}/{change.VulnerabilityId}", $"{change.Change,-8} {Risk(f),-6} {change.VulnerabilityId,-20} {change.Component,-16} {section.Release.Name}{Exploited(f)}"));
            }
        }
        foreach (var f in distinct.Where(f => f.Risk == RiskCategory.High && f.Standing == TriageStanding.Untriaged).OrderByDescending(f => f.Exploitation.KnownExploited))
        {
            actions.Add(($"{f.Finding.Component}/{f.Finding.VulnerabilityId}", $"{"triage",-8} {Risk(f),-6} {f.Finding.VulnerabilityId,-20} {f.Finding.Component,-16} not triaged{Exploited(f)}"));
        }
        foreach (var g in Overdue.Where(g => g.Finding.Standing != TriageStanding.Untriaged))
        {
            actions.Add(($"{g.Finding.Finding.Component}/{g.Finding.Finding.VulnerabilityId}", $"{"review",-8} {Risk(g.Finding),-6} {g.Finding.Finding.VulnerabilityId,-20} {g.Finding.Finding.Component,-16} {g.Problem}"));
        }
        var needed = actions.DistinctBy(a => a.Key).Select(a => a.Line).ToArray();
        parts.Add(new($"Needs action ({needed.Length})", [.. needed.Take(ActionLines)], Math.Max(0, needed.Length - ActionLines)));
        parts.Add(new("Releases", [.. Sections.Select(s => $"{s.Release.Name} {KindName(s.Kind)}: "
            + (s.Baseline is null ? $"first scan {s.Latest.ScannedAt:yyyy-MM-dd}" : string.Join(", ", s.Changes.GroupBy(c => c.Change).Select(g => $"{g.Count()} {g.Key}")) is { Length: > 0 } changed ? changed : "no changes")
            + $"; open {RiskCounts(s.Open)}")]));
        parts.Add(new($"Decisions this week ({Decisions.Count})", [.. Decisions.Take(DecisionLines).Select(d =>
            $"{d.DecidedAt:yyyy-MM-dd} {d.Author}: {d.VulnerabilityId} in {d.Component} -> {d.State.Name()}{(d.Justification is { } j ? $" ({j.Name()})" : "")}{(d.Detail.Length == 0 ? "" : $": {d.Detail}")}")],
            Math.Max(0, Decisions.Count - DecisionLines)));
        return parts;
    }

    private string MoreLine(int more) => $"and {more} more: {FindingsLink ?? "the product's triage check lists them all"}";

    /// <summary>Plain text for a mailing list, in the spirit of the CIP kernel CVE reports.</summary>
    public string ToText(string toolVersion)
    {
        var t = new StringBuilder();
        t.Append($"Vigil weekly CVE report: {Product.Name}{(Product.Description is null ? "" : $" ({Product.Description})")}\n");
        t.Append($"Period: {From:yyyy-MM-dd HH:mm} to {To:yyyy-MM-dd HH:mm} UTC\n");
        foreach (var part in Parts())
        {
            t.Append($"\n== {part.Heading} ==\n");
            foreach (var line in part.Lines)
            {
                t.Append($"  {line}\n");
            }
            if (part.More > 0)
            {
                t.Append($"  {MoreLine(part.More)}\n");
            }
        }
        t.Append($"\n-- \nvigil {toolVersion}\n");
        return t.ToString();
    }

    public string ToMarkdown()
    {
        var m = new StringBuilder();
        m.Append($"# Weekly CVE report: {DebianTextReports.Md(Product.Name)}\n\n");
        m.Append($"Period: {From:yyyy-MM-dd HH:mm} to {To:yyyy-MM-dd HH:mm} UTC\n");
        foreach (var part in Parts())
        {
            m.Append($"\n## {DebianTextReports.Md(part.Heading)}\n\n");
            foreach (var line in part.Lines)
            {
                m.Append($"- {DebianTextReports.Md(line)}\n");
            }
            if (part.More > 0)
            {
                m.Append($"- {DebianTextReports.Md(MoreLine(part.More))}\n");
            }
        }
        return m.ToString();
    }

    /// <summary>The same parts as the text, as HTML: what a mail client shows says what the text part says.</summary>
    public string ToHtml()
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var h = new StringBuilder();
        h.Append($"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{E(Subject)}</title></head><body>\n");
        h.Append($"<h1>Weekly CVE report: {E(Product.Name)}</h1>\n<p>Period: {From:yyyy-MM-dd HH:mm} to {To:yyyy-MM-dd HH:mm} UTC</p>\n");
        foreach (var part in Parts())
        {
            h.Append($"<h2>{E(part.Heading)}</h2>\n<ul>\n");
            foreach (var line in part.Lines)
            {
                h.Append($"<li><code>{E(line)}</code></li>\n");
            }
            if (part.More > 0)
            {
                h.Append(FindingsLink is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                    ? $"<li>and {part.More} more: <a href=\"{E(uri.AbsoluteUri)}\">{E(uri.AbsoluteUri)}</a></li>\n"
                    : $"<li>{E(MoreLine(part.More))}</li>\n");
            }
            h.Append("</ul>\n");
        }
        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static string Risk(TriagedFinding f) => f.Risk.ToString().ToLowerInvariant();

    private static string Exploited(TriagedFinding f) =>
        f.Exploitation.Marks is { Length: > 0 } marks ? $" [{marks}]" : "";

    private static string KindName(ScanKind kind) => kind == ScanKind.Kernel ? "kernel" : "Debian packages";

    private static string RiskCounts(IReadOnlyList<TriagedFinding> open) =>
        open.Count == 0 ? "nothing" : string.Join(", ", new[] { RiskCategory.High, RiskCategory.Medium, RiskCategory.Low }
            .Select(r => $"{open.Count(f => f.Risk == r)} {r.ToString().ToLowerInvariant()}"));
}
