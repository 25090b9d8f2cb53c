using System.Text;

namespace Vigil.Cra;

/// <summary>One affected component of a release as the latest scan and the triage say it.</summary>
public sealed record AffectedComponent(string Release, string Component, string Version, string? FixedVersion, string Severity, double? Cvss, string? Decision);

/// <summary>
/// What a CRA Article 14 report needs, filled from the case, the scans and the triage: for the early warning, the
/// product and that it is exploited; for the notification, the nature of the exploitation and the corrective or
/// mitigating measures; for the final report, the severity and impact and the security update. What Vigil cannot
/// know (the Member States where the product is on the market, a malicious actor) is left marked to fill in.
/// </summary>
public sealed record ReportDraft(CaseStanding Standing, ReportStage Stage, string Description, IReadOnlyList<AffectedComponent> Affected, bool AdvisoryPublished)
{
    public const string ToFill = "[to fill in]";

    public IReadOnlyList<string> Measures =>
    [
        .. Affected.Where(a => a.FixedVersion is not null).Select(a => $"Security update: {a.Component} {a.FixedVersion} fixes it ({a.Release} runs {a.Version})."),
        .. Affected.Where(a => a.Decision is not null).Select(a => $"Triage of {a.Component} in {a.Release}: {a.Decision}"),
    ];

    public string ToMarkdown(DateTimeOffset now)
    {
        var c = Standing.Case;
        var m = new StringBuilder();
        m.Append($"# CRA Article 14 {CraWords.Stages[Stage]}: {Standing.Id}\n\n");
        m.Append($"- Manufacturer aware since: {c.AwareAt:yyyy-MM-dd HH:mm} UTC ({c.EvidenceDetail})\n");
        m.Append($"- This report is {Standing.Deadlines.Single(d => d.Stage == Stage).Describe(now)}\n");
        m.Append($"- Product: {Standing.Product.Name}{(Standing.Product.Description is { } d ? $" ({d})" : "")}; releases affected: {(Standing.Releases.Count == 0 ? "none any more (fixed in the latest scans)" : string.Join(", ", Standing.Releases))}\n");
        m.Append($"- Member States where the product is made available: {ToFill}\n\n");
        m.Append($"## Vulnerability\n\n{c.VulnerabilityId}: {Description}\n\n");
        if (Affected.Count > 0)
        {
            m.Append("| Release | Component | Version | Severity | CVSS | Fixed in |\n|---|---|---|---|---|---|\n");
            foreach (var a in Affected)
            {
                m.Append($"| {a.Release} | {a.Component} | {a.Version} | {a.Severity} | {(a.Cvss is { } score ? score.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-")} | {a.FixedVersion ?? "no fix yet"} |\n");
            }
            m.Append('\n');
        }
        m.Append($"## Exploitation\n\nActively exploited: {c.EvidenceDetail}. Suspected malicious actor: {ToFill}\n\n");
        if (Stage != ReportStage.EarlyWarning)
        {
            m.Append("## Corrective and mitigating measures\n\n");
            foreach (var measure in Measures.DefaultIfEmpty($"None available yet; {ToFill}"))
            {
                m.Append($"- {measure}\n");
            }
            m.Append($"\nUsers informed: {(AdvisoryPublished ? "yes, a CSAF advisory is published" : $"no advisory published by Vigil yet; {ToFill}")}\n");
        }
        return m.ToString();
    }
}
