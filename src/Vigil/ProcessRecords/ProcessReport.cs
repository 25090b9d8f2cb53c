using System.Net;
using System.Text;

namespace Vigil.ProcessRecords;

/// <summary>CVE status of the release, from Vigil's scan history, for the assessor report.</summary>
public sealed record CveStatus(string Release, string Kind, DateTimeOffset ScannedAt, int Open, int High, int Medium, int Low, int Untriaged);

/// <summary>
/// The assessor-ready report for a release: the 47-row compliance table (scope, checklist status, evidence,
/// sign-off, open gaps per requirement), traceability matrices, the review calendar, the open gaps and, when scans
/// are available, the CVE status of the release. Markdown and HTML from one model.
/// </summary>
public sealed class ProcessReport(RecordSet records, string release, IReadOnlyList<Gap> gaps, IReadOnlyList<CveStatus> cves, DateOnly today, string toolVersion)
{
    private IEnumerable<(Requirement Requirement, string Scope, string Justification, string Status, string Evidence, string SignOff, int Gaps)> Rows() =>
        ComplianceRow.Of(records, release, gaps).Select(row => (row.Requirement, row.Scope, row.Justification, row.Status,
            row.Item is null ? "" : string.Join("; ", row.Item.Evidence.Select(e => e.File ?? e.Url ?? e.Vigil)),
            row.Item?.SignedOff is { } date ? $"{row.Item.Reviewer} {date:yyyy-MM-dd}" : "", row.Gaps));

    public string ToMarkdown()
    {
        static string M(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        var md = new StringBuilder();
        md.Append($"# IEC 62443-4-1 compliance report: {M(string.Join(", ", records.Products))} {M(release)}\n\n");
        md.Append($"Generated {today:yyyy-MM-dd} by vigil {toolVersion} from {M(records.DisplayFolder)}. Open gaps: {gaps.Count}.\n\n");
        md.Append("## Requirements\n\n| Id | Requirement | Scope | Status | Evidence | Sign-off | Gaps |\n|---|---|---|---|---|---|---|\n");
        foreach (var row in Rows())
        {
            md.Append($"| {row.Requirement.Id} | {M(row.Requirement.Title)} | {row.Scope}{(row.Justification.Length > 0 ? $": {M(row.Justification)}" : "")} | {row.Status} | {M(row.Evidence)} | {M(row.SignOff)} | {row.Gaps} |\n");
        }
        foreach (var (from, to) in new[] { ("threat", "test"), ("requirement", "test"), ("threat", "design") })
        {
            md.Append($"\n## Traceability: {from} to {to}\n\n| {from} | {to} |\n|---|---|\n");
            foreach (var (id, targets) in Traceability.Matrix(records, from, to))
            {
                md.Append($"| {id} | {(targets.Count == 0 ? "**none**" : string.Join(", ", targets))} |\n");
            }
        }
        md.Append("\n## Review calendar\n\n| Artifact | Requirements | Last | By | Next due |\n|---|---|---|---|---|\n");
        foreach (var review in records.Reviews.OrderBy(r => r.NextDue ?? DateOnly.MinValue))
        {
            md.Append($"| {M(review.Artifact)} | {string.Join(", ", review.Requirements)} | {review.LastDate:yyyy-MM-dd} | {M(review.LastBy ?? "")} | {review.NextDue:yyyy-MM-dd}{(review.NextDue is { } due && due < today ? " **overdue**" : "")} |\n");
        }
        md.Append($"\n## Open gaps ({gaps.Count})\n\n");
        foreach (var gap in gaps)
        {
            md.Append($"- [{gap.Requirement}] {M(gap.Problem)} ({M(gap.Where.ToString())})\n");
        }
        md.Append("\n## CVE status\n\n");
        if (cves.Count == 0)
        {
            md.Append("No Vigil scans of this release are recorded: neither a Debian package scan nor a kernel scan.\n");
        }
        else
        {
            md.Append("| Release | Scan | Date | Open | High | Medium | Low | Untriaged |\n|---|---|---|---|---|---|---|---|\n");
            foreach (var c in cves)
            {
                md.Append($"| {M(c.Release)} | {c.Kind} | {c.ScannedAt:yyyy-MM-dd} | {c.Open} | {c.High} | {c.Medium} | {c.Low} | {c.Untriaged} |\n");
            }
        }
        return md.ToString();
    }

    public string ToHtml()
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>IEC 62443-4-1 report {E(release)}</title>\n");
        html.Append("<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;vertical-align:top}.gap{color:#b00}</style></head><body>\n");
        html.Append($"<h1>IEC 62443-4-1 compliance report: {E(string.Join(", ", records.Products))} {E(release)}</h1>\n<p>Generated {today:yyyy-MM-dd} by vigil {E(toolVersion)}. Open gaps: {gaps.Count}.</p>\n");
        html.Append("<h2>Requirements</h2>\n<table><tr><th>Id</th><th>Requirement</th><th>Scope</th><th>Status</th><th>Evidence</th><th>Sign-off</th><th>Gaps</th></tr>\n");
        foreach (var row in Rows())
        {
            html.Append($"<tr><td>{row.Requirement.Id}</td><td>{E(row.Requirement.Title)}</td><td>{E(row.Scope)}{(row.Justification.Length > 0 ? $": {E(row.Justification)}" : "")}</td><td>{E(row.Status)}</td><td>{E(row.Evidence)}</td><td>{E(row.SignOff)}</td><td{(row.Gaps > 0 ? " class=\"gap\"" : "")}>{row.Gaps}</td></tr>\n");
        }
        html.Append("</table>\n");
        foreach (var (from, to) in new[] { ("threat", "test"), ("requirement", "test"), ("threat", "design") })
        {
            html.Append($"<h2>Traceability: {from} to {to}</h2>\n<table><tr><th>{from}</th><th>{to}</th></tr>\n");
            foreach (var (id, targets) in Traceability.Matrix(records, from, to))
            {
                html.Append($"<tr><td>{E(id)}</td><td{(targets.Count == 0 ? " class=\"gap\"" : "")}>{(targets.Count == 0 ? "none" : E(string.Join(", ", targets)))}</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        html.Append("<h2>Review calendar</h2>\n<table><tr><th>Artifact</th><th>Last</th><th>Next due</th></tr>\n");
        foreach (var review in records.Reviews.OrderBy(r => r.NextDue ?? DateOnly.MinValue))
        {
            html.Append($"<tr><td>{E(review.Artifact)}</td><td>{review.LastDate:yyyy-MM-dd}</td><td>{review.NextDue:yyyy-MM-dd}</td></tr>\n");
        }
        html.Append($"</table>\n<h2>Open gaps ({gaps.Count})</h2>\n<ul>\n");
        foreach (var gap in gaps)
        {
            html.Append($"<li class=\"gap\">[{E(gap.Requirement)}] {E(gap.Problem)} ({E(gap.Where.ToString())})</li>\n");
        }
        html.Append("</ul>\n<h2>CVE status</h2>\n");
        html.Append(cves.Count == 0 ? "<p>No Vigil scans of this release are recorded.</p>\n" : "<table><tr><th>Release</th><th>Scan</th><th>Open</th><th>High</th><th>Medium</th><th>Low</th><th>Untriaged</th></tr>\n"
            + string.Concat(cves.Select(c => $"<tr><td>{E(c.Release)}</td><td>{c.Kind}</td><td>{c.Open}</td><td>{c.High}</td><td>{c.Medium}</td><td>{c.Low}</td><td>{c.Untriaged}</td></tr>\n")) + "</table>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }
}
