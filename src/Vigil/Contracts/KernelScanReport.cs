using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Common;
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

    [JsonConverter(typeof(KernelScanFindingWriter))]
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
        JsonStringLiteral Description,
        string Link,
        bool Kev,
        double? Epss,
        VexInfo? Vex = null);

    /// <summary>
    /// Writes a finding with the JSON writer's own calls, in the record's order, <c>vex</c> only when there is one (as
    /// <see cref="ScanReport.ScanFindingWriter"/> does, for the same reasons). The shape is checked against
    /// docs/schemas/kernel-scan.schema.json by the tests.
    /// </summary>
    internal sealed class KernelScanFindingWriter : JsonConverter<KernelScanFinding>
    {
        private static readonly JsonEncodedText Cve = JsonEncodedText.Encode("cve"), Title = JsonEncodedText.Encode("title"),
            Status = JsonEncodedText.Encode("status"), Reason = JsonEncodedText.Encode("reason"), FixedIn = JsonEncodedText.Encode("fixedIn"),
            IntroducedIn = JsonEncodedText.Encode("introducedIn"), FixedUpstreamIn = JsonEncodedText.Encode("fixedUpstreamIn"),
            Contradiction = JsonEncodedText.Encode("contradiction"), ProgramFiles = JsonEncodedText.Encode("programFiles"),
            Cvss = JsonEncodedText.Encode("cvss"), CvssVersion = JsonEncodedText.Encode("version"), CvssBaseScore = JsonEncodedText.Encode("baseScore"),
            CvssVector = JsonEncodedText.Encode("vector"), Severity = JsonEncodedText.Encode("severity"), Description = JsonEncodedText.Encode("description"),
            Link = JsonEncodedText.Encode("link"), Kev = JsonEncodedText.Encode("kev"), Epss = JsonEncodedText.Encode("epss");

        public override KernelScanFinding Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("kernel scan reports are written, not read");

        public override void Write(Utf8JsonWriter writer, KernelScanFinding finding, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString(Cve, finding.Cve);
            writer.WriteString(Title, finding.Title);
            writer.WriteString(Status, finding.Status);
            writer.WriteString(Reason, finding.Reason);
            writer.WriteString(FixedIn, finding.FixedIn);
            writer.WriteString(IntroducedIn, finding.IntroducedIn);
            writer.WriteString(FixedUpstreamIn, finding.FixedUpstreamIn);
            writer.WriteString(Contradiction, finding.Contradiction);
            writer.WriteStringArray(ProgramFiles, finding.ProgramFiles);
            if (finding.Cvss is { } cvss)
            {
                writer.WriteStartObject(Cvss);
                writer.WriteString(CvssVersion, cvss.Version);
                writer.WriteNumber(CvssBaseScore, cvss.BaseScore);
                writer.WriteString(CvssVector, cvss.Vector);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull(Cvss);
            }
            writer.WriteString(Severity, finding.Severity);
            writer.WritePropertyName(Description);
            JsonStringLiteral.WriteValue(writer, finding.Description);
            writer.WriteString(Link, finding.Link);
            writer.WriteBoolean(Kev, finding.Kev);
            writer.WriteNumberOrNull(Epss, finding.Epss);
            VexInfo.WriteIfAny(writer, finding.Vex);
            writer.WriteEndObject();
        }
    }

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
