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

    /// <summary>Plain text for a mailing list, in the spirit of the CIP kernel CVE reports.</summary>
    public string ToText(string toolVersion)
    {
        var t = new StringBuilder();
        t.Append($"Vigil weekly CVE report: {Product.Name}{(Product.Description is null ? "" : $" ({Product.Description})")}\n");
        t.Append($"Period: {From:yyyy-MM-dd HH:mm} to {To:yyyy-MM-dd HH:mm} UTC\n");
        foreach (var s in Sections)
        {
            t.Append($"\n== Release {s.Release.Name}: {KindName(s.Kind)} ==\n");
            t.Append(s.Baseline is null
                ? $"First scan: {s.Latest.ScannedAt:yyyy-MM-dd HH:mm} ({s.Latest.Target})\n"
                : $"Scans: {s.Baseline.ScannedAt:yyyy-MM-dd HH:mm} -> {s.Latest.ScannedAt:yyyy-MM-dd HH:mm} ({s.Latest.Target})\n");
            foreach (var group in s.Changes.GroupBy(c => c.Change))
            {
                t.Append($"\n{Heading(group.Key)} ({group.Count()}):\n");
                foreach (var c in group)
                {
                    var f = (c.After ?? c.Before)!;
                    t.Append($"  {c.VulnerabilityId,-20} {c.Component,-16} {f.Severity,-11} {c.Detail}\n");
                }
            }
            t.Append($"\nStill open: {RiskCounts(s.Open)}\n");
            foreach (var f in s.Open.Where(f => f.Risk == RiskCategory.High))
            {
                t.Append($"  high {f.Finding.VulnerabilityId,-20} {f.Finding.Component,-16} {Standing(f)}\n");
            }
        }
        t.Append($"\n== Decisions this week ({Decisions.Count}) ==\n");
        foreach (var d in Decisions)
        {
            t.Append($"  {d.DecidedAt:yyyy-MM-dd} {d.Author}: {d.VulnerabilityId} in {d.Component} -> {d.State.Name()}{(d.Justification is { } j ? $" ({j.Name()})" : "")}{(d.Detail.Length == 0 ? "" : $": {d.Detail}")}\n");
        }
        t.Append($"\n== Overdue triage ({Overdue.Count}) ==\n");
        foreach (var g in Overdue)
        {
            t.Append($"  {g.Finding.Risk.ToString().ToLowerInvariant(),-6} {g.Finding.Finding.VulnerabilityId,-20} {g.Finding.Finding.Component,-16} {g.Problem}\n");
        }
        t.Append($"\n-- \nvigil {toolVersion}\n");
        return t.ToString();
    }

    public string ToMarkdown()
    {
        var m = new StringBuilder();
        m.Append($"# Weekly CVE report: {DebianTextReports.Md(Product.Name)}\n\n");
        m.Append($"Period: {From:yyyy-MM-dd HH:mm} to {To:yyyy-MM-dd HH:mm} UTC\n");
        foreach (var s in Sections)
        {
            m.Append($"\n## Release {DebianTextReports.Md(s.Release.Name)}: {KindName(s.Kind)}\n\n");
            if (s.Changes.Count > 0)
            {
                m.Append("| Change | CVE | Component | Severity | Detail |\n|---|---|---|---|---|\n");
                foreach (var c in s.Changes)
                {
                    m.Append($"| {c.Change} | {c.VulnerabilityId} | {DebianTextReports.Md(c.Component)} | {(c.After ?? c.Before)!.Severity} | {DebianTextReports.Md(c.Detail)} |\n");
                }
            }
            else
            {
                m.Append(s.Baseline is null ? "First scan of this release.\n" : "No changes.\n");
            }
            m.Append($"\nStill open: {RiskCounts(s.Open)}\n");
        }
        m.Append($"\n## Decisions this week ({Decisions.Count})\n\n");
        foreach (var d in Decisions)
        {
            m.Append($"- {d.DecidedAt:yyyy-MM-dd} {DebianTextReports.Md(d.Author)}: {d.VulnerabilityId} in {DebianTextReports.Md(d.Component)} → {d.State.Name()}\n");
        }
        m.Append($"\n## Overdue triage ({Overdue.Count})\n\n");
        foreach (var g in Overdue)
        {
            m.Append($"- {g.Finding.Risk.ToString().ToLowerInvariant()} {g.Finding.Finding.VulnerabilityId} in {DebianTextReports.Md(g.Finding.Finding.Component)}: {DebianTextReports.Md(g.Problem)}\n");
        }
        return m.ToString();
    }

    public string ToHtml()
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var h = new StringBuilder();
        h.Append($"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{E(Subject)}</title></head><body>\n");
        h.Append($"<h1>Weekly CVE report: {E(Product.Name)}</h1>\n<p>Period: {From:yyyy-MM-dd HH:mm} to {To:yyyy-MM-dd HH:mm} UTC</p>\n");
        foreach (var s in Sections)
        {
            h.Append($"<h2>Release {E(s.Release.Name)}: {KindName(s.Kind)}</h2>\n");
            if (s.Changes.Count > 0)
            {
                h.Append("<table><tr><th>Change</th><th>CVE</th><th>Component</th><th>Severity</th><th>Detail</th></tr>\n");
                foreach (var c in s.Changes)
                {
                    h.Append($"<tr><td>{E(c.Change)}</td><td>{E(c.VulnerabilityId)}</td><td>{E(c.Component)}</td><td>{E((c.After ?? c.Before)!.Severity)}</td><td>{E(c.Detail)}</td></tr>\n");
                }
                h.Append("</table>\n");
            }
            h.Append($"<p>Still open: {E(RiskCounts(s.Open))}</p>\n");
        }
        h.Append($"<h2>Decisions this week ({Decisions.Count})</h2>\n<ul>\n");
        foreach (var d in Decisions)
        {
            h.Append($"<li>{d.DecidedAt:yyyy-MM-dd} {E(d.Author)}: {E(d.VulnerabilityId)} in {E(d.Component)} &rarr; {E(d.State.Name())}</li>\n");
        }
        h.Append($"</ul>\n<h2>Overdue triage ({Overdue.Count})</h2>\n<ul>\n");
        foreach (var g in Overdue)
        {
            h.Append($"<li>{g.Finding.Risk.ToString().ToLowerInvariant()} {E(g.Finding.Finding.VulnerabilityId)} in {E(g.Finding.Finding.Component)}: {E(g.Problem)}</li>\n");
        }
        h.Append("</ul>\n</body></html>\n");
        return h.ToString();
    }

    private static string KindName(ScanKind kind) => kind == ScanKind.Kernel ? "kernel" : "Debian packages";

    private static string Heading(string change) => change switch
    {
        "new" => "New CVEs",
        "fixed" => "Fixed",
        "reopened" => "Reopened",
        "severity-changed" => "Severity changed",
        "feed-changed" => "Changed upstream (same inventory)",
        _ => "Changed",
    };

    private static string RiskCounts(IReadOnlyList<TriagedFinding> open) =>
        open.Count == 0 ? "nothing" : string.Join(", ", new[] { RiskCategory.High, RiskCategory.Medium, RiskCategory.Low }
            .Select(r => $"{open.Count(f => f.Risk == r)} {r.ToString().ToLowerInvariant()}"));

    private static string Standing(TriagedFinding f) =>
        f.Decision is { } d && f.Standing == TriageStanding.Decided ? d.State.Name() : f.Standing.ToString().ToLowerInvariant();
}
