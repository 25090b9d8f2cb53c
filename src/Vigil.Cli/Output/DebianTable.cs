using Vigil.Reporting;
using Vigil.Scanning.Debian;
using Vigil.Vulnerabilities;
using static Vigil.Cli.Output.TextTable;

namespace Vigil.Cli.Output;

/// <summary>The human table: grouped by source package, fixable and high urgency first, one summary line.</summary>
public static class DebianTable
{
    public static void Write(TextWriter writer, bool terminal, DebianScanResult result, IReadOnlyList<DebianFinding> shown, Feeds.Exploits.ExploitSignals exploits)
    {
        if (shown.Count > 0)
        {
            var table = new TextTable("Package", "CVE", "Urgency", "Installed", "Fixed in", "Scope", "Note");
            foreach (var group in DebianScanResult.ByPackageMostUrgentFirst(shown))
            {
                var first = true;
                foreach (var f in group)
                {
                    table.AddRow(
                        new Cell(first ? f.SourcePackage : "", "1"),
                        new Cell(f.Id.Text),
                        new Cell(f.Urgency ?? "", SeverityColour(f.Severity)),
                        new Cell(f.InstalledVersion.Text),
                        f.FixedVersion is { } fixedIn ? new Cell(fixedIn.Text, "32") : new Cell("no fix yet", "2"),
                        new Cell(f.Scope ?? ""),
                        ExploitTable.Note(exploits.Of(f.Id.Text), DebianTextReports.NoteFor(f)));
                    first = false;
                }
            }
            table.Write(writer, terminal);
            writer.Write('\n');
        }

        var summary = shown.Count == 0
            ? $"No findings{(result.Findings.Count > 0 ? $" shown ({result.Findings.Count} hidden by filters)" : "")}"
            : $"{shown.Count} findings in {shown.Select(f => f.SourcePackage).Distinct().Count()} source packages "
              + $"({DebianTextReports.SeverityCounts(shown.Select(f => f.Severity))}); {shown.Count(f => f.FixAvailable)} fixable"
              + (shown.Count < result.Findings.Count ? $"; {result.Findings.Count - shown.Count} more hidden by filters" : "");
        writer.Write($"{summary}. {result.Target.Packages.Count} installed packages scanned against {result.Release}.\n");
    }

    private static string? SeverityColour(Severity severity) => severity switch
    {
        Severity.High => "1;31",
        Severity.Unknown => "33",
        Severity.Medium => "38;5;208",
        _ => null,
    };
}
