using System.Text.Json.Serialization;
using Vigil.Scanning.Kernel;
using Vigil.Vulnerabilities;

namespace Vigil.Contracts;

/// <summary>
/// <c>kernel scan --format json</c> (docs/schemas/kernel-scan.schema.json): every CVE affected by version, also those a
/// later step took off the open list (fixed in the tree, ignored by cip-kernel-sec, not built), each with its reason.
/// </summary>
public sealed record KernelScanReport(
    int SchemaVersion,
    ToolInfo Tool,
    DateTimeOffset ScannedAt,
    KernelScanReport.KernelTargetInfo Target,
    KernelScanReport.KernelFeedInfo Feed,
    KernelScanReport.KernelSummary Summary,
    IReadOnlyList<KernelScanReport.KernelScanFinding> Findings)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary><c>tree</c> is the git tree checked for fixes, <c>build</c> what told which files are compiled (null when not given).</summary>
    public sealed record KernelTargetInfo(string KernelVersion, string Release, string Branch, string? Tree, string? Build);

    public sealed record KernelFeedInfo(string Kind, string Source, string Sha256, DateTimeOffset DataAsOf, int Records);

    /// <summary><c>byStatus</c> counts every status but not-affected; <c>openBySeverity</c> the open ones (affected, needs-review) by CVSS severity.</summary>
    public sealed record KernelSummary(int RecordsEvaluated, int Open, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> OpenBySeverity);

    public sealed record CvssInfo(string Version, double BaseScore, string Vector);

    public sealed record KernelScanFinding(
        string Cve,
        string Title,
        string Status,
        string Reason,
        string? FixedIn,
        string? IntroducedIn,
        string? FixedUpstreamIn,
        string? Contradiction,
        IReadOnlyList<string> ProgramFiles,
        CvssInfo? Cvss,
        string Severity,
        Common.JsonStringLiteral Description,
        string Link,
        bool Kev,
        double? Epss,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VexInfo? Vex = null);

    /// <param name="clearing">The VEX statement that clears an open finding, if one does (scans with VEX documents).</param>
    /// <param name="exploits">The KEV catalog and EPSS scores cached with the feeds.</param>
    public static KernelScanReport From(KernelScanResult result, string toolVersion, Feeds.Exploits.ExploitSignals exploits, Func<KernelFinding, Triage.VexStatement?>? clearing = null)
    {
        var byStatus = KernelStatusExtensions.ZeroCounts();
        var openBySeverity = SeverityExtensions.ZeroCounts();
        var open = 0;
        foreach (var f in result.Findings)
        {
            if (f.Status != KernelStatus.NotAffected)
            {
                byStatus[f.Status.Label()]++;
            }
            if (f.IsOpen)
            {
                openBySeverity[f.Severity.Label()]++;
                open++;
            }
        }
        return new(
            CurrentSchemaVersion,
            ToolInfo.Vigil(toolVersion),
            result.ScannedAt,
            new KernelTargetInfo(result.Version.ToString(), result.Version.Number, result.Version.Branch.Number, result.Tree, result.BuildSource),
            new KernelFeedInfo(Vigil.Feeds.FeedCatalog.NameOf(result.Feed.Kind), result.Feed.Source, result.Feed.Sha256, result.Feed.DataAsOf, result.Feed.Entries),
            new KernelSummary(result.RecordsEvaluated, open, byStatus, openBySeverity),
            [.. result.Findings.Select(f =>
            {
                var exploitation = exploits.Of(f.Id.Text);
                return new KernelScanFinding(f.Id.Text, f.Details.Title, f.Status.Label(), f.Reason, f.Verdict.FixedIn?.Number, f.Verdict.IntroducedIn?.Number,
                    f.Verdict.FixedUpstreamIn?.Number, f.Verdict.Contradiction, f.Details.ProgramFiles,
                    f.Details.Cvss is { } cvss ? new CvssInfo(cvss.Version, cvss.BaseScore, cvss.Vector) : null, f.Severity.Label(), f.Description, f.Link,
                    exploitation.KnownExploited, exploitation.Epss, VexInfo.Of(clearing?.Invoke(f)));
            })]);
    }
}
