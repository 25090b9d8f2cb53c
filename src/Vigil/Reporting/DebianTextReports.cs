using System.Text;
using Vigil.Scanning.Debian;
using Vigil.Vulnerabilities;

namespace Vigil.Reporting;

/// <summary>CSV (RFC 4180) and Markdown renderings of the findings the table filters keep.</summary>
public static class DebianTextReports
{
    public static void WriteCsv(TextWriter output, IEnumerable<DebianFinding> findings, Feeds.Exploits.ExploitSignals exploits)
    {
        output.Write("cve,package,binaries,installed_version,fixed_version,fix_available,urgency,severity,scope,nodsa,link,description,kev,epss\n");
        foreach (var group in DebianScanResult.ByPackageMostUrgentFirst(findings))
        {
            foreach (var f in group)
            {
                string[] cells =
                [
                    f.Id.Text, f.SourcePackage, string.Join(' ', f.Binaries), f.InstalledVersion.Text, f.FixedVersion?.Text ?? "",
                    f.FixAvailable ? "true" : "false", f.Urgency ?? "", f.Severity.Label(), f.Scope ?? "", f.NoDsa ?? "", f.Link, f.Description?.ToString() ?? "",
                    .. ExploitCells(exploits.Of(f.Id.Text)),
                ];
                output.Write(string.Join(',', cells.Select(CsvCell)));
                output.Write('\n');
            }
        }
    }

    /// <summary>The kev and epss columns of a CSV row.</summary>
    public static string[] ExploitCells(Feeds.Exploits.Exploitation exploitation) =>
        [exploitation.KnownExploited ? "true" : "false", exploitation.Epss?.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) ?? ""];

    public static void WriteMarkdown(TextWriter output, DebianScanResult result, IReadOnlyList<DebianFinding> shown, Feeds.Exploits.ExploitSignals exploits)
    {
        output.Write($"# Vigil scan: {result.Target.Path} ({result.Release})\n\n");
        output.Write($"- Scanned: {result.ScannedAt:yyyy-MM-dd HH:mm} UTC, {result.Target.Packages.Count} installed packages\n");
        output.Write($"- Feed: {result.Feed.Source}, data as of {result.FeedFreshAsOf:yyyy-MM-dd HH:mm} UTC{(result.FeedIsStale ? " (**stale**)" : "")}\n");
        output.Write($"- Findings: {shown.Count} shown of {result.Findings.Count}, {shown.Count(f => f.FixAvailable)} with a fix available\n\n");
        if (shown.Count == 0)
        {
            output.Write("No findings.\n");
            return;
        }
        output.Write("| Package | CVE | Urgency | Installed | Fixed in | Scope | Note |\n");
        output.Write("|---|---|---|---|---|---|---|\n");
        foreach (var group in DebianScanResult.ByPackageMostUrgentFirst(shown))
        {
            foreach (var f in group)
            {
                output.Write($"| {Md(f.SourcePackage)} | [{f.Id.Text}]({f.Link}) | {Md(f.Urgency ?? f.Severity.Label())} | {Md(f.InstalledVersion.Text)} "
                    + $"| {Md(f.FixedVersion?.Text ?? "no fix yet")} | {Md(f.Scope ?? "")} | {Md(exploits.Of(f.Id.Text).Before(NoteFor(f)))} |\n");
            }
        }
    }

    /// <summary>The tracker's no-DSA remark, shown beside a finding ("Minor issue; postponed").</summary>
    public static string NoteFor(DebianFinding finding) =>
        string.Join("; ", new[] { finding.NoDsa, finding.NoDsaReason }.Where(s => !string.IsNullOrEmpty(s)));

    public static string SeverityCounts(IEnumerable<Severity> severities)
    {
        var counts = severities.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        return string.Join(", ", new[] { Severity.Critical, Severity.High, Severity.Unknown, Severity.Medium, Severity.Low, Severity.Unimportant }
            .Where(counts.ContainsKey).Select(s => $"{counts[s]} {s.Label()}"));
    }

    internal static string CsvCell(string value)
    {
        // Spreadsheets run cells that start with these as formulas; a leading quote keeps them text.
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    internal static string Md(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '|' or '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>')
            {
                builder.Append('\\');
            }
            builder.Append(c is '\n' or '\r' ? ' ' : c);
        }
        return builder.ToString();
    }
}
