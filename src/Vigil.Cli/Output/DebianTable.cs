using Spectre.Console;
using Vigil.Reporting;
using Vigil.Scanning.Debian;
using Vigil.Vulnerabilities;

namespace Vigil.Cli.Output;

/// <summary>The human table: grouped by source package, fixable and high urgency first, one summary line.</summary>
public static class DebianTable
{
    public static void Write(TextWriter writer, bool terminal, DebianScanResult result, IReadOnlyList<DebianFinding> shown)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 200;
        }

        if (shown.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("Package", "CVE", "Urgency", "Installed", "Fixed in", "Scope", "Note");
            foreach (var group in DebianScanResult.ByPackageMostUrgentFirst(shown))
            {
                var first = true;
                foreach (var f in group)
                {
                    table.AddRow(
                        new Text(first ? f.SourcePackage : "", first ? new Style(decoration: Decoration.Bold) : Style.Plain),
                        new Text(f.Id.Text),
                        new Text(f.Urgency ?? "", SeverityStyle(f.Severity)),
                        new Text(f.InstalledVersion.Text),
                        f.FixedVersion is { } fixedIn ? new Text(fixedIn.Text, new Style(Color.Green)) : new Text("no fix yet", new Style(decoration: Decoration.Dim)),
                        new Text(f.Scope ?? ""),
                        new Text(DebianTextReports.NoteFor(f)));
                    first = false;
                }
            }
            console.Write(table);
        }

        var summary = shown.Count == 0
            ? $"No findings{(result.Findings.Count > 0 ? $" shown ({result.Findings.Count} hidden by filters)" : "")}"
            : $"{shown.Count} findings in {shown.Select(f => f.SourcePackage).Distinct().Count()} source packages "
              + $"({DebianTextReports.SeverityCounts(shown)}); {shown.Count(f => f.FixAvailable)} fixable"
              + (shown.Count < result.Findings.Count ? $"; {result.Findings.Count - shown.Count} more hidden by filters" : "");
        console.Write(new Text($"{summary}. {result.Target.Packages.Count} installed packages scanned against {result.Release}.\n"));
    }

    private static Style SeverityStyle(Severity severity) => severity switch
    {
        Severity.High => new Style(Color.Red, decoration: Decoration.Bold),
        Severity.Unknown => new Style(Color.Yellow),
        Severity.Medium => new Style(Color.Orange1),
        _ => Style.Plain,
    };
}
