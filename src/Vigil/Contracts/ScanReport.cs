using System.Text.Json.Serialization;
using Vigil.Scanning.Debian;
using Vigil.Vulnerabilities;

namespace Vigil.Contracts;

/// <summary>
/// <c>scan --format json</c> (docs/schemas/scan.schema.json): the Debian scan, every finding whatever the table's
/// filters, in a stable order (package, then id), so two reports of one state differ only in their times.
/// </summary>
public sealed record ScanReport(
    int SchemaVersion,
    ToolInfo Tool,
    DateTimeOffset ScannedAt,
    ScanReport.ScanTargetInfo Target,
    ScanReport.ScanFeedInfo Feed,
    ScanReport.ScanSummary Summary,
    IReadOnlyList<ScanReport.ScanFinding> Findings)
{
    public const int CurrentSchemaVersion = 1;

    public sealed record ScanTargetInfo(string Kind, string Path, string Release, int InstalledPackages, int SourcePackages);

    public sealed record ScanFeedInfo(string Kind, string Source, string Sha256, DateTimeOffset DataAsOf, double AgeDays, bool Stale);

    /// <summary>Counts; <c>bySeverity</c> has every severity, from unknown to high, zeros included.</summary>
    public sealed record ScanSummary(int Findings, int Fixable, int PackagesAffected, IReadOnlyDictionary<string, int> BySeverity);

    public sealed record ScanFinding(
        string Cve,
        string Package,
        IReadOnlyList<string> Binaries,
        string InstalledVersion,
        string? FixedVersion,
        bool FixAvailable,
        string? Urgency,
        string Severity,
        string? Scope,
        string? Nodsa,
        string? NodsaReason,
        long? DebianBug,
        Common.JsonStringLiteral? Description,
        string Link,
        bool Kev,
        double? Epss,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VexInfo? Vex = null);

    /// <param name="clearing">The VEX statement that clears a finding, if one does (scans with VEX documents).</param>
    /// <param name="exploits">The KEV catalog and EPSS scores cached with the feeds.</param>
    public static ScanReport From(DebianScanResult result, string toolVersion, Feeds.Exploits.ExploitSignals exploits, Func<DebianFinding, Triage.VexStatement?>? clearing = null)
    {
        // Loops and a comparer, not LINQ keyed by value types (a tuple, a CVE id): their code would be compiled at
        // run time in every scan.
        var findings = result.Findings.OrderBy(f => f, PackageThenCve.Instance).ToArray();
        var bySeverity = SeverityExtensions.ZeroCounts();
        foreach (var f in findings)
        {
            bySeverity[f.Severity.Label()]++;
        }
        var sources = new HashSet<SourceAtVersion>();
        foreach (var p in result.Target.Packages)
        {
            sources.Add(new(p.SourceName, p.SourceVersion));
        }
        return new ScanReport(
            CurrentSchemaVersion,
            ToolInfo.Vigil(toolVersion),
            result.ScannedAt,
            new ScanTargetInfo(result.Target.Kind, result.Target.Path, result.Release, result.Target.Packages.Count,
                sources.Count),
            new ScanFeedInfo(Vigil.Feeds.FeedCatalog.NameOf(result.Feed.Kind), result.Feed.Source, result.Feed.Sha256, result.FeedFreshAsOf, Math.Round(result.FeedAge.TotalDays, 1), result.FeedIsStale),
            new ScanSummary(findings.Length, findings.Count(f => f.FixAvailable), findings.Select(f => f.SourcePackage).Distinct().Count(),
                bySeverity),
            [.. findings.Select(f =>
            {
                var exploitation = exploits.Of(f.Id.Text);
                return new ScanFinding(f.Id.Text, f.SourcePackage, f.Binaries, f.InstalledVersion.Text, f.FixedVersion?.Text, f.FixAvailable,
                    f.Urgency, f.Severity.Label(), f.Scope, f.NoDsa, f.NoDsaReason, f.DebianBug, f.Description, f.Link,
                    exploitation.KnownExploited, exploitation.Epss, VexInfo.Of(clearing?.Invoke(f)));
            })]);
    }

    private sealed record SourceAtVersion(string Name, Versions.DebianVersion Version);

    private sealed class PackageThenCve : IComparer<DebianFinding>
    {
        public static readonly PackageThenCve Instance = new();

        public int Compare(DebianFinding? x, DebianFinding? y)
        {
            var byPackage = string.CompareOrdinal(x!.SourcePackage, y!.SourcePackage);
            return byPackage != 0 ? byPackage : x.Id.CompareTo(y.Id);
        }
    }
}
