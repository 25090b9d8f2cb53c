using Vigil.Scanning.Kernel;
using Vigil.Vulnerabilities;

namespace Vigil.Reporting;

/// <summary>Kernel scan reports: JSON with every finding (affected or filtered), CSV and Markdown of what is shown.</summary>
public static class KernelReports
{
    public const int SchemaVersion = 1;

    public static void WriteJson(Stream output, KernelScanResult result, string toolVersion)
    {
        using var json = ReportJson.Begin(output, SchemaVersion, toolVersion, result.ScannedAt);
        json.WriteStartObject("target");
        json.WriteString("kernelVersion", result.Version.ToString());
        json.WriteString("release", result.Version.Number);
        json.WriteString("branch", result.Version.Branch.Number);
        json.WriteString("tree", result.Tree);
        json.WriteString("build", result.BuildSource);
        json.WriteEndObject();
        json.WriteStartObject("feed");
        json.WriteString("kind", result.Feed.Kind);
        json.WriteString("source", result.Feed.Source);
        json.WriteString("sha256", result.Feed.Sha256);
        json.WriteString("dataAsOf", result.Feed.DataAsOf);
        json.WriteNumber("records", result.Feed.Entries);
        json.WriteEndObject();

        json.WriteStartObject("summary");
        json.WriteNumber("recordsEvaluated", result.RecordsEvaluated);
        json.WriteNumber("open", result.Findings.Count(f => f.IsOpen));
        json.WriteStartObject("byStatus");
        foreach (var status in Enum.GetValues<KernelStatus>().Where(s => s != KernelStatus.NotAffected))
        {
            json.WriteNumber(status.Label(), result.Findings.Count(f => f.Status == status));
        }
        json.WriteEndObject();
        json.WriteStartObject("openBySeverity");
        foreach (var severity in Enum.GetValues<Severity>())
        {
            json.WriteNumber(severity.Label(), result.Findings.Count(f => f.IsOpen && f.Severity == severity));
        }
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("findings");
        foreach (var f in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("cve", f.Id.Text);
            json.WriteString("title", f.Details.Title);
            json.WriteString("status", f.Status.Label());
            json.WriteString("reason", f.Reason);
            json.WriteString("fixedIn", f.Verdict.FixedIn?.Number);
            json.WriteString("introducedIn", f.Verdict.IntroducedIn?.Number);
            json.WriteString("fixedUpstreamIn", f.Verdict.FixedUpstreamIn?.Number);
            json.WriteString("contradiction", f.Verdict.Contradiction);
            json.WriteStartArray("programFiles");
            foreach (var file in f.Details.ProgramFiles)
            {
                json.WriteStringValue(file);
            }
            json.WriteEndArray();
            if (f.Details.Cvss is { } cvss)
            {
                json.WriteStartObject("cvss");
                json.WriteString("version", cvss.Version);
                json.WriteNumber("baseScore", cvss.BaseScore);
                json.WriteString("vector", cvss.Vector);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("cvss");
            }
            json.WriteString("severity", f.Severity.Label());
            json.WriteString("description", f.Description);
            json.WriteString("link", f.Link);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteCsv(TextWriter output, IEnumerable<KernelFinding> findings)
    {
        output.Write("cve,status,severity,cvss,fixed_in,introduced_in,fixed_upstream_in,program_files,title,reason\n");
        foreach (var f in findings)
        {
            string[] cells =
            [
                f.Id.Text, f.Status.Label(), f.Severity.Label(), f.Details.Cvss?.BaseScore.ToString("0.0") ?? "",
                f.Verdict.FixedIn?.Number ?? "", f.Verdict.IntroducedIn?.Number ?? "", f.Verdict.FixedUpstreamIn?.Number ?? "",
                string.Join(' ', f.Details.ProgramFiles), f.Details.Title, f.Reason,
            ];
            output.Write(string.Join(',', cells.Select(DebianTextReports.CsvCell)));
            output.Write('\n');
        }
    }

    public static void WriteMarkdown(TextWriter output, KernelScanResult result, IReadOnlyList<KernelFinding> shown)
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
                + $"| {DebianTextReports.Md(f.Verdict.FixedIn?.Number ?? "-")} | {DebianTextReports.Md(f.Details.Title)} | {DebianTextReports.Md(f.Reason)} |\n");
        }
    }

    /// <summary>"412 affected, 3 needs-review, 120 fixed, 950 not-built, 2 ignored".</summary>
    public static string StatusCounts(IEnumerable<KernelFinding> findings)
    {
        var counts = findings.GroupBy(f => f.Status).ToDictionary(g => g.Key, g => g.Count());
        var parts = Enum.GetValues<KernelStatus>().Where(counts.ContainsKey).Select(s => $"{counts[s]} {s.Label()}").ToArray();
        return parts.Length == 0 ? "no findings" : string.Join(", ", parts);
    }
}
