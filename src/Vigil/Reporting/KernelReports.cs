using Vigil.Scanning.Kernel;
using Vigil.Vulnerabilities;

namespace Vigil.Reporting;

/// <summary>Kernel scan reports for people and spreadsheets: CSV and Markdown of what is shown (JSON is Contracts.KernelScanReport).</summary>
public static class KernelReports
{
    public static void WriteCsv(TextWriter output, IEnumerable<KernelFinding> findings, Feeds.Exploits.ExploitSignals exploits)
    {
        output.Write("cve,status,severity,cvss,fixed_in,introduced_in,fixed_upstream_in,program_files,title,reason,kev,epss\n");
        foreach (var f in findings)
        {
            string[] cells =
            [
                f.Id.Text, f.Status.Label(), f.Severity.Label(), f.Details.Cvss?.BaseScore.ToString("0.0") ?? "",
                f.Verdict.FixedIn?.Number ?? "", f.Verdict.IntroducedIn?.Number ?? "", f.Verdict.FixedUpstreamIn?.Number ?? "",
                string.Join(' ', f.Details.ProgramFiles), f.Details.Title, f.Reason, .. DebianTextReports.ExploitCells(exploits.Of(f.Id.Text)),
            ];
            output.Write(string.Join(',', cells.Select(DebianTextReports.CsvCell)));
            output.Write('\n');
        }
    }

    public static void WriteMarkdown(TextWriter output, KernelScanResult result, IReadOnlyList<KernelFinding> shown, Feeds.Exploits.ExploitSignals exploits)
    {
        output.Write($"# Vigil kernel scan: {result.Version}\n\n");
        output.Write($"- Scanned: {result.ScannedAt:yyyy-MM-dd HH:mm} UTC, {result.RecordsEvaluated} CVE records evaluated{(result.Tree is null ? "" : $", tree {result.Tree}")}\n");
        output.Write($"- Feed: {result.Feed.Source}, data as of {result.Feed.DataAsOf:yyyy-MM-dd}\n");
        output.Write($"- {StatusCounts(result.Findings)}\n\n");
        if (shown.Count == 0)
        {
            output.Write("No findings.\n");
            return;
        }
        output.Write("| CVE | Status | Severity | Fixed in | Title | Reason |\n|---|---|---|---|---|---|\n");
        foreach (var f in shown)
        {
            output.Write($"| [{f.Id.Text}]({f.Link}) | {f.Status.Label()} | {f.Severity.Label()}{(f.Details.Cvss is { } c ? $" {c.BaseScore:0.0}" : "")} "
                + $"| {DebianTextReports.Md(f.Verdict.FixedIn?.Number ?? "-")} | {DebianTextReports.Md(f.Details.Title)} | {DebianTextReports.Md(exploits.Of(f.Id.Text).Before(f.Reason))} |\n");
        }
    }

    /// <summary>"412 affected, 3 needs-review, 120 fixed, 950 not-built, 2 ignored".</summary>
    public static string StatusCounts(IEnumerable<KernelFinding> findings)
    {
        var counts = KernelStatusExtensions.ZeroCounts();
        foreach (var f in findings)
        {
            counts[f.Status.Label()] = counts.GetValueOrDefault(f.Status.Label()) + 1;
        }
        var parts = counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key}").ToArray();
        return parts.Length == 0 ? "no findings" : string.Join(", ", parts);
    }
}
