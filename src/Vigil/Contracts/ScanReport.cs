using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Common;
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
    ScanReport.ScanFindingList Findings)
{
    public const int CurrentSchemaVersion = 1;

    public sealed record ScanTargetInfo(string Kind, string Path, string Release, int InstalledPackages, int SourcePackages);

    public sealed record ScanFeedInfo(string Kind, string Source, string Sha256, DateTimeOffset DataAsOf, double AgeDays, bool Stale);

    /// <summary>Counts; <c>bySeverity</c> has every severity, from unknown to high, zeros included.</summary>
    public sealed record ScanSummary(int Findings, int Fixable, int PackagesAffected, IReadOnlyDictionary<string, int> BySeverity);

    /// <summary>One finding; <c>link</c> is the tracker's page for it.</summary>
    [JsonConverter(typeof(ScanFindingWriter))]
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
        bool Kev,
        double? Epss,
        VexInfo? Vex = null)
    {
        public string Link => DebianFinding.TrackerPage + Cve;
    }

    /// <summary>
    /// Writes a finding with the JSON writer's own calls, in the record's order, <c>vex</c> only when there is one. The
    /// generated code sent the two nullable numbers and the description through the serializer's general path: three
    /// dispatches a finding (5% of a 44,376-package scan) and about 40 methods compiled at run time. The shape is
    /// checked against docs/schemas/scan.schema.json by the tests.
    /// </summary>
    internal sealed class ScanFindingWriter : JsonConverter<ScanFinding>
    {
        private static readonly JsonEncodedText Cve = JsonEncodedText.Encode("cve"), Package = JsonEncodedText.Encode("package"),
            Binaries = JsonEncodedText.Encode("binaries"), InstalledVersion = JsonEncodedText.Encode("installedVersion"),
            FixedVersion = JsonEncodedText.Encode("fixedVersion"), FixAvailable = JsonEncodedText.Encode("fixAvailable"),
            Urgency = JsonEncodedText.Encode("urgency"), Severity = JsonEncodedText.Encode("severity"), Scope = JsonEncodedText.Encode("scope"),
            Nodsa = JsonEncodedText.Encode("nodsa"), NodsaReason = JsonEncodedText.Encode("nodsaReason"), DebianBug = JsonEncodedText.Encode("debianBug"),
            Description = JsonEncodedText.Encode("description"), Link = JsonEncodedText.Encode("link"), Kev = JsonEncodedText.Encode("kev"),
            Epss = JsonEncodedText.Encode("epss");

        public override ScanFinding Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("scan reports are written, not read");

        public override void Write(Utf8JsonWriter writer, ScanFinding finding, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString(Cve, finding.Cve);
            writer.WriteString(Package, finding.Package);
            writer.WriteStringArray(Binaries, finding.Binaries);
            writer.WriteString(InstalledVersion, finding.InstalledVersion);
            writer.WriteString(FixedVersion, finding.FixedVersion);
            writer.WriteBoolean(FixAvailable, finding.FixAvailable);
            writer.WriteString(Urgency, finding.Urgency);
            writer.WriteString(Severity, finding.Severity);
            writer.WriteString(Scope, finding.Scope);
            writer.WriteString(Nodsa, finding.Nodsa);
            writer.WriteString(NodsaReason, finding.NodsaReason);
            writer.WriteNumberOrNull(DebianBug, finding.DebianBug);
            writer.WritePropertyName(Description);
            JsonStringLiteral.WriteValue(writer, finding.Description);
            Span<char> link = stackalloc char[DebianFinding.TrackerPage.Length + finding.Cve.Length];
            DebianFinding.TrackerPage.CopyTo(link);
            finding.Cve.CopyTo(link[DebianFinding.TrackerPage.Length..]);
            writer.WriteString(Link, link);
            writer.WriteBoolean(Kev, finding.Kev);
            writer.WriteNumberOrNull(Epss, finding.Epss);
            VexInfo.WriteIfAny(writer, finding.Vex);
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// The findings in report order: a type of their own for a converter of their own, which writes the second half on
    /// another core when there are many (<see cref="ParallelJsonArray"/>). On the report's property the converter would
    /// need the property metadata the report is generated without.
    /// </summary>
    [JsonConverter(typeof(ScanFindingListWriter))]
    public sealed class ScanFindingList(ScanFinding[] findings) : IReadOnlyList<ScanFinding>
    {
        public ScanFinding this[int index] => findings[index];

        public int Count => findings.Length;

        public IEnumerator<ScanFinding> GetEnumerator() => ((IEnumerable<ScanFinding>)findings).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => findings.GetEnumerator();
    }

    internal sealed class ScanFindingListWriter : JsonConverter<ScanFindingList>
    {
        private static readonly ScanFindingWriter Finding = new();

        public override ScanFindingList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("scan reports are written, not read");

        public override void Write(Utf8JsonWriter writer, ScanFindingList findings, JsonSerializerOptions options) =>
            ParallelJsonArray.Write(writer, findings, (json, finding) => Finding.Write(json, finding, options));
    }

    /// <param name="clearing">The VEX statement that clears a finding, if one does (scans with VEX documents).</param>
    /// <param name="exploits">The KEV catalog and EPSS scores cached with the feeds.</param>
    public static ScanReport From(DebianScanResult result, string toolVersion, Feeds.Exploits.ExploitSignals exploits, Func<DebianFinding, Triage.VexStatement?>? clearing = null)
    {
        // Loops and comparers, not LINQ keyed by value types (a tuple, a CVE id): their code would be compiled at run
        // time in every scan. The matcher hands the findings over in this order already; sorting 57,464 of them again
        // was a tenth of a large scan.
        var findings = PackageThenCve.InOrder(result.Findings);
        var bySeverity = SeverityExtensions.ZeroCounts();
        var (fixable, packagesAffected) = (0, 0);
        var written = new ScanFinding[findings.Count];
        for (var i = 0; i < written.Length; i++)
        {
            var f = findings[i];
            bySeverity[f.Severity.Label()]++;
            fixable += f.FixAvailable ? 1 : 0;
            packagesAffected += i == 0 || f.SourcePackage != findings[i - 1].SourcePackage ? 1 : 0;
            var exploitation = exploits.Of(f.Id.Text);
            written[i] = new ScanFinding(f.Id.Text, f.SourcePackage, f.Binaries, f.InstalledVersion.Text, f.FixedVersion?.Text, f.FixAvailable,
                f.Urgency, f.Severity.Label(), f.Scope, f.NoDsa, f.NoDsaReason, f.DebianBug, f.Description,
                exploitation.KnownExploited, exploitation.Epss, VexInfo.Of(clearing?.Invoke(f)));
        }
        var sources = new HashSet<Inventory.InstalledPackage>(SameSourceAtVersion.Instance);
        foreach (var p in result.Target.Packages)
        {
            sources.Add(p);
        }
        return new ScanReport(
            CurrentSchemaVersion,
            ToolInfo.Vigil(toolVersion),
            result.ScannedAt,
            new ScanTargetInfo(result.Target.Kind, result.Target.Path, result.Release, result.Target.Packages.Count,
                sources.Count),
            new ScanFeedInfo(Vigil.Feeds.FeedCatalog.NameOf(result.Feed.Kind), result.Feed.Source, result.Feed.Sha256, result.FeedFreshAsOf, Math.Round(result.FeedAge.TotalDays, 1), result.FeedIsStale),
            new ScanSummary(findings.Count, fixable, packagesAffected, bySeverity),
            new ScanFindingList(written));
    }

    /// <summary>
    /// Installed packages of one source at one version, hashed by the source's name alone: a version's hash walks its
    /// canonical form character by character, and two versions of one source are rare.
    /// </summary>
    private sealed class SameSourceAtVersion : IEqualityComparer<Inventory.InstalledPackage>
    {
        public static readonly SameSourceAtVersion Instance = new();

        public bool Equals(Inventory.InstalledPackage? x, Inventory.InstalledPackage? y) =>
            x!.SourceName == y!.SourceName && x.SourceVersion == y.SourceVersion;

        public int GetHashCode(Inventory.InstalledPackage package) => package.SourceName.GetHashCode(StringComparison.Ordinal);
    }

    private sealed class PackageThenCve : IComparer<DebianFinding>
    {
        public static readonly PackageThenCve Instance = new();

        /// <summary>The findings as they are when already in order, else sorted (stably: a CVE in two versions of a source keeps its order).</summary>
        public static IReadOnlyList<DebianFinding> InOrder(IReadOnlyList<DebianFinding> findings)
        {
            for (var i = 1; i < findings.Count; i++)
            {
                if (Instance.Compare(findings[i - 1], findings[i]) > 0)
                {
                    return findings.OrderBy(f => f, Instance).ToArray();
                }
            }
            return findings;
        }

        public int Compare(DebianFinding? x, DebianFinding? y)
        {
            var byPackage = string.CompareOrdinal(x!.SourcePackage, y!.SourcePackage);
            return byPackage != 0 ? byPackage : x.Id.CompareTo(y.Id);
        }
    }
}
