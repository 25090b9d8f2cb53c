using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vigil.Common;
using Vigil.Scanning.Debian;
using Vigil.Scanning.Kernel;
using Vigil.Vulnerabilities;

namespace Vigil.Reporting;

/// <summary>
/// Scan results as SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps): one rule per CVE, one
/// result per finding located at the inventory file (and line) that brought the component in, the urgency as
/// <c>level</c> and as the numeric <c>security-severity</c> dashboards rank by (the CVSS base score where there is
/// one), and a fingerprint of component and CVE alone, so a finding keeps its identity across scans and upgrades.
/// Findings taken off the open list for a stated reason (a VEX statement, a backport, code not built) are results
/// with an external suppression carrying that reason, which dashboards show as dismissed.
/// </summary>
public static class SarifReport
{
    public const string FingerprintName = "vigilFinding/v1";

    /// <summary>One result, already in words.</summary>
    /// <param name="File">The inventory file that lists the component, if the scan read one.</param>
    /// <param name="Line">Where in <paramref name="File"/> (a dpkg status stanza's first line).</param>
    /// <param name="Suppression">Why the finding is not open, if it is not.</param>
    public sealed record Entry(VulnerabilityId Id, string Component, Severity Severity, double? Score, string Title, string HelpUri, string Message,
        string? File, int? Line, string? Suppression)
    {
        public Feeds.Exploits.Exploitation Exploitation { get; init; } = Feeds.Exploits.Exploitation.Unknown;
    }

    /// <summary>A Debian scan's shown findings, and those a VEX statement took off the list, with the statement's reason.</summary>
    public static void WriteDebian(Stream output, DebianScanResult result, IReadOnlyList<DebianFinding> shown,
        IReadOnlyList<(DebianFinding Finding, string Reason)> suppressed, Feeds.Exploits.ExploitSignals exploits, string toolVersion, string baseDirectory)
    {
        var lines = result.Target.Packages.Where(p => p.Line is not null).GroupBy(p => p.SourceName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(p => p.Line), StringComparer.Ordinal);
        Entry EntryOf(DebianFinding f, string? suppression) => new(f.Id, f.SourcePackage, f.Severity, null,
            f.Description?.ToString() ?? f.Id.Text, f.Link,
            $"{f.SourcePackage} {f.InstalledVersion} (installed as {string.Join(", ", f.Binaries)}) is affected by {f.Id.Text}: "
            + (f.FixedVersion is { } fixedIn ? $"fixed in {fixedIn}." : f.NoDsaReason is { } why ? $"no fix yet ({why})." : "no fix yet."),
            result.Target.InventoryFile, lines.GetValueOrDefault(f.SourcePackage), suppression) { Exploitation = exploits.Of(f.Id.Text) };
        Write(output, [.. shown.Select(f => EntryOf(f, null)), .. suppressed.Select(s => EntryOf(s.Finding, s.Reason))], toolVersion, baseDirectory);
    }

    /// <summary>
    /// A kernel scan's shown findings: open ones as results; those a backport, the build or cip-kernel-sec took off,
    /// and open ones a VEX statement cleared, as suppressed results with the reason.
    /// </summary>
    public static void WriteKernel(Stream output, KernelScanResult result, IReadOnlyList<KernelFinding> shown,
        IReadOnlyList<(KernelFinding Finding, string Reason)> cleared, string? inventoryFile, Feeds.Exploits.ExploitSignals exploits, string toolVersion, string baseDirectory)
    {
        Entry EntryOf(KernelFinding f, string? suppression) => new(f.Id, "linux", f.Severity, f.Details.Cvss?.BaseScore,
            f.Details.Title.Length > 0 ? f.Details.Title : f.Id.Text, f.Link, $"{f.Id.Text} in linux {result.Version}: {f.Status.Label()}: {f.Reason}",
            inventoryFile, null, suppression) { Exploitation = exploits.Of(f.Id.Text) };
        Write(output, [.. shown.Where(f => f.Status != KernelStatus.NotAffected).Select(f => EntryOf(f, f.IsOpen ? null : f.Reason)),
            .. cleared.Select(c => EntryOf(c.Finding, c.Reason))], toolVersion, baseDirectory);
    }

    private static void Write(Stream output, IReadOnlyList<Entry> entries, string toolVersion, string baseDirectory)
    {
        var root = new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory)) + "/");
        var rules = entries.GroupBy(e => e.Id.Text, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var ruleIndex = rules.Select((g, i) => (g.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        using var json = new Utf8JsonWriter(output, Common.ReadableJsonEncoder.Indented);
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "vigil");
        json.WriteString("semanticVersion", toolVersion.Split('+')[0]);
        json.WriteString("informationUri", "https://www.cip-project.org/");
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            var worst = rule.OrderBy(e => e.Severity.UrgencyRank()).First();
            json.WriteStartObject();
            json.WriteString("id", rule.Key);
            json.WriteString("name", "Vulnerability");
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Key);
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", worst.Title);
            json.WriteEndObject();
            json.WriteString("helpUri", worst.HelpUri);
            json.WriteStartObject("help");
            json.WriteString("text", $"{rule.Key}: {worst.Title} See {worst.HelpUri}");
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(worst.Severity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteStringArray("tags", ["security", "vulnerability"]);
            if (SecuritySeverity(worst) is { } score)
            {
                json.WriteString("security-severity", score);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("SRCROOT");
        json.WriteString("uri", root.AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var entry in entries)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", entry.Id.Text);
            json.WriteNumber("ruleIndex", ruleIndex[entry.Id.Text]);
            // Known exploited is an error whatever its rating: CISA's catalog says it is used in attacks.
            json.WriteString("level", entry.Exploitation.KnownExploited ? "error" : Level(entry.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", entry.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            if (entry.File is { } file)
            {
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                var uri = new Uri(Path.GetFullPath(file, baseDirectory));
                if (root.IsBaseOf(uri))
                {
                    json.WriteString("uri", root.MakeRelativeUri(uri).OriginalString);
                    json.WriteString("uriBaseId", "SRCROOT");
                }
                else
                {
                    json.WriteString("uri", uri.AbsoluteUri);
                }
                json.WriteEndObject();
                if (entry.Line is { } line)
                {
                    json.WriteStartObject("region");
                    json.WriteNumber("startLine", line);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            json.WriteString("name", entry.Component);
            json.WriteString("kind", "module");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("partialFingerprints");
            json.WriteString(FingerprintName, Fingerprint(entry));
            json.WriteEndObject();
            if (entry.Exploitation.KnownExploited || entry.Exploitation.Epss is not null)
            {
                json.WriteStartObject("properties");
                json.WriteBoolean("kev", entry.Exploitation.KnownExploited);
                if (entry.Exploitation.Epss is { } epss)
                {
                    json.WriteNumber("epss", epss);
                }
                json.WriteEndObject();
            }
            if (entry.Suppression is { } reason)
            {
                json.WriteStartArray("suppressions");
                json.WriteStartObject();
                json.WriteString("kind", "external");
                json.WriteString("status", "accepted");
                json.WriteString("justification", reason);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>SARIF's levels: high and critical are errors, medium and unrated warnings, the rest notes.</summary>
    private static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium or Severity.Unknown => "warning",
        _ => "note",
    };

    /// <summary>The CVSS base score, else a score inside the urgency's band as GitHub reads it (critical ≥ 9, high ≥ 7, medium ≥ 4); none when unrated.</summary>
    private static string? SecuritySeverity(Entry entry) =>
        entry.Score is { } score ? score.ToString("0.0", CultureInfo.InvariantCulture)
        : entry.Severity switch
        {
            Severity.Critical => "9.5",
            Severity.High => "8.0",
            Severity.Medium => "5.5",
            Severity.Low => "2.0",
            Severity.Unimportant => "0.5",
            _ => null,
        };

    private static string Fingerprint(Entry entry) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{entry.Component}\n{entry.Id.Text}")));
}
