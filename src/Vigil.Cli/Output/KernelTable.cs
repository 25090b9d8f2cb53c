using Vigil.Reporting;
using Vigil.Scanning.Kernel;
using Vigil.Vulnerabilities;
using static Vigil.Cli.Output.TextTable;

namespace Vigil.Cli.Output;

/// <summary>The human table of a kernel scan: open findings first (most severe first), then the filtered ones.</summary>
public static class KernelTable
{
    public static void Write(TextWriter writer, bool terminal, KernelScanResult result, IReadOnlyList<KernelFinding> shown, Feeds.Exploits.ExploitSignals exploits)
    {
        if (shown.Count > 0)
        {
            var table = new TextTable("CVE", "Status", "Severity", "Fixed in", "Title");
            var ordered = shown
                .OrderBy(f => f.IsOpen ? 0 : 1)
                .ThenBy(f => f.Status)
                .ThenBy(f => f.Severity.UrgencyRank())
                .ThenByDescending(f => f.Id);
            foreach (var f in ordered)
            {
                table.AddRow(
                    new Cell(f.Id.Text),
                    new Cell(f.Status.Label(), f.Status switch { KernelStatus.NeedsReview => "33", KernelStatus.Affected => "1", _ => "2" }),
                    new Cell(f.Details.Cvss is { } c ? $"{f.Severity.Label()} {c.BaseScore:0.0}" : "unknown", f.Severity is Severity.Critical or Severity.High ? "1;31" : null),
                    new Cell(f.Verdict.FixedIn?.Number ?? "-", f.Verdict.FixedIn is null ? "2" : "32"),
                    ExploitTable.Note(exploits.Of(f.Id.Text), f.Details.Title.Length <= 90 ? f.Details.Title : f.Details.Title[..87] + "..."));
            }
            table.Write(writer, terminal);
            writer.Write('\n');
            foreach (var f in shown.Where(f => f.Status == KernelStatus.NeedsReview))
            {
                writer.Write($"{f.Id.Text} needs review: {f.Verdict.Contradiction}\n");
            }
        }
        writer.Write($"{result.Version}: {KernelReports.StatusCounts(result.Findings)}; {result.RecordsEvaluated} CVE records evaluated"
            + (shown.Count < result.Findings.Count ? $"; {result.Findings.Count - shown.Count} findings hidden by --show" : "") + ".\n");
    }
}
