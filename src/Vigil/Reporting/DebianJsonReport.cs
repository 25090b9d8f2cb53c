using Vigil.Scanning.Debian;
using Vigil.Vulnerabilities;

namespace Vigil.Reporting;

/// <summary>
/// The machine-readable Debian scan report. It always lists every finding, whatever the table filters say, in a
/// stable order (package, then id), so two reports of the same state are byte-identical but for the times.
/// </summary>
public static class DebianJsonReport
{
    public const int SchemaVersion = 1;

    public static void Write(Stream output, DebianScanResult result, string toolVersion)
    {
        using var json = ReportJson.Begin(output, SchemaVersion, toolVersion, result.ScannedAt);

        json.WriteStartObject("target");
        json.WriteString("kind", result.Target.Kind);
        json.WriteString("path", result.Target.Path);
        json.WriteString("release", result.Release);
        json.WriteNumber("installedPackages", result.Target.Packages.Count);
        json.WriteNumber("sourcePackages", result.Target.Packages.Select(p => (p.SourceName, p.SourceVersion)).Distinct().Count());
        json.WriteEndObject();

        json.WriteStartObject("feed");
        json.WriteString("kind", result.Feed.Kind);
        json.WriteString("source", result.Feed.Source);
        json.WriteString("sha256", result.Feed.Sha256);
        json.WriteString("dataAsOf", result.FeedFreshAsOf);
        json.WriteNumber("ageDays", Math.Round(result.FeedAge.TotalDays, 1));
        json.WriteBoolean("stale", result.FeedIsStale);
        json.WriteEndObject();

        var findings = result.Findings.OrderBy(f => f.SourcePackage, StringComparer.Ordinal).ThenBy(f => f.Id).ToArray();
        json.WriteStartObject("summary");
        json.WriteNumber("findings", findings.Length);
        json.WriteNumber("fixable", findings.Count(f => f.FixAvailable));
        json.WriteNumber("packagesAffected", findings.Select(f => f.SourcePackage).Distinct().Count());
        json.WriteStartObject("bySeverity");
        foreach (var severity in Enum.GetValues<Severity>())
        {
            json.WriteNumber(severity.Label(), findings.Count(f => f.Severity == severity));
        }
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("findings");
        foreach (var finding in findings)
        {
            json.WriteStartObject();
            json.WriteString("cve", finding.Id.Text);
            json.WriteString("package", finding.SourcePackage);
            json.WriteStartArray("binaries");
            foreach (var binary in finding.Binaries)
            {
                json.WriteStringValue(binary);
            }
            json.WriteEndArray();
            json.WriteString("installedVersion", finding.InstalledVersion.Text);
            json.WriteString("fixedVersion", finding.FixedVersion?.Text);
            json.WriteBoolean("fixAvailable", finding.FixAvailable);
            json.WriteString("urgency", finding.Urgency);
            json.WriteString("severity", finding.Severity.Label());
            json.WriteString("scope", finding.Scope);
            json.WriteString("nodsa", finding.NoDsa);
            json.WriteString("nodsaReason", finding.NoDsaReason);
            if (finding.DebianBug is { } bug)
            {
                json.WriteNumber("debianBug", bug);
            }
            else
            {
                json.WriteNull("debianBug");
            }
            json.WriteString("description", finding.Description);
            json.WriteString("link", finding.Link);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
