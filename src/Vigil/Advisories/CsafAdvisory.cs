using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Common;

namespace Vigil.Advisories;

/// <summary>What the product's triage says of one CVE in one component of one release, in CSAF's terms.</summary>
public enum AdvisoryState
{
    KnownAffected,
    KnownNotAffected,
    Fixed,
    UnderInvestigation,
}

/// <summary>Who publishes the advisory (CSAF's publisher: a vendor, with the namespace URL it is known by).</summary>
public sealed record AdvisoryPublisher(string Name, Uri Namespace);

public sealed record AdvisoryRevision(int Number, DateTimeOffset Date, string Summary);

/// <summary>The advisory's identity and history: re-issuing bumps <see cref="Version"/> and adds a revision; a draft is version 0.</summary>
public sealed record AdvisoryTracking(string Id, int Version, IReadOnlyList<AdvisoryRevision> Revisions, DateTimeOffset InitialRelease, DateTimeOffset CurrentRelease)
{
    public bool Draft => Version == 0;
}

/// <summary>One CVE in one component of one release, as the product's scans and triage state it.</summary>
/// <param name="Flag">CSAF's VEX justification label for known_not_affected, when the triage names one CSAF knows.</param>
/// <param name="Impact">Why it is not affected, in words, when no flag says it (CSAF asks for one or the other).</param>
/// <param name="Action">For known_affected: the workaround or mitigation, when the triage gives one.</param>
public sealed record AdvisoryItem(string Release, string Component, string ComponentVersion, string ComponentPurl, string Cve, AdvisoryState State,
    string? Flag, string? Impact, string? FixedVersion, string? Action, double? CvssScore, string? CvssVector, string Description, string Link);

/// <summary>
/// A CSAF 2.0 document (OASIS; BSI TR-03191) of a product's vulnerabilities: a <c>csaf_security_advisory</c> or a
/// <c>csaf_vex</c>. The product tree has the publisher's product with one version per release and, under the
/// vendors Debian and Linux, each affected component with its purl; a relationship makes each component in each
/// release a product of its own, and the product status speaks of those. known_not_affected carries the VEX
/// justification as a flag (or an impact statement), known_affected a remediation (the fixed version as a
/// vendor_fix, the triage's workaround, or none_available).
/// </summary>
public static partial class CsafAdvisory
{
    public static void Write(Stream output, string product, AdvisoryPublisher publisher, AdvisoryTracking tracking, bool vex, string title,
        IReadOnlyList<AdvisoryItem> items, string toolVersion)
    {
        // Written, then every object's keys sorted, as CSAF's test 6.2.13 asks (and so the same input gives the same bytes).
        using var written = new MemoryStream();
        WriteUnsorted(written, product, publisher, tracking, vex, title, items, toolVersion);
        var sorted = Sorted(System.Text.Json.Nodes.JsonNode.Parse(written.ToArray())!);
        using var json = new Utf8JsonWriter(output, Common.ReadableJsonEncoder.Indented);
        sorted.WriteTo(json);
    }

    private static System.Text.Json.Nodes.JsonNode Sorted(System.Text.Json.Nodes.JsonNode node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => new System.Text.Json.Nodes.JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Sorted(p.Value)))),
        System.Text.Json.Nodes.JsonArray a => new System.Text.Json.Nodes.JsonArray([.. a.Select(item => item is null ? null : Sorted(item))]),
        _ => node.DeepClone(),
    };

    private static void WriteUnsorted(Stream output, string product, AdvisoryPublisher publisher, AdvisoryTracking tracking, bool vex, string title,
        IReadOnlyList<AdvisoryItem> items, string toolVersion)
    {
        var releaseIds = items.Select(i => i.Release).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToDictionary(r => r, r => $"CSAFPID-{Id(product)}-{Id(r)}", StringComparer.Ordinal);
        var components = items.Select(i => (i.Component, i.ComponentVersion, i.ComponentPurl)).Distinct().OrderBy(c => c.Component, StringComparer.Ordinal)
            .ThenBy(c => c.ComponentVersion, StringComparer.Ordinal).ToArray();
        var componentIds = components.ToDictionary(c => (c.Component, c.ComponentVersion), c => $"CSAFPID-{Id(c.Component)}-{Id(c.ComponentVersion)}");
        string InRelease(AdvisoryItem i) => $"{componentIds[(i.Component, i.ComponentVersion)]}:{releaseIds[i.Release]}";

        using var json = new Utf8JsonWriter(output, Common.ReadableJsonEncoder.Indented);
        json.WriteStartObject();
        json.WriteStartObject("document");
        json.WriteString("category", vex ? "csaf_vex" : "csaf_security_advisory");
        json.WriteString("csaf_version", "2.0");
        json.WriteStartObject("distribution");
        json.WriteStartObject("tlp");
        json.WriteString("label", "WHITE");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("lang", "en");
        json.WriteStartArray("notes");
        Note(json, "summary", "Summary", $"{items.Select(i => i.Cve).Distinct().Count()} vulnerabilities in the Debian packages and the Linux kernel of {product}, "
            + $"with the status the {publisher.Name} product security team determined for each release.");
        json.WriteEndArray();
        WritePublisher(json, publisher);
        json.WriteString("title", title);
        json.WriteStartObject("tracking");
        json.WriteString("current_release_date", Time(tracking.CurrentRelease));
        json.WriteStartObject("generator");
        json.WriteString("date", Time(tracking.CurrentRelease));
        json.WriteStartObject("engine");
        json.WriteString("name", "vigil");
        json.WriteString("version", toolVersion);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("id", tracking.Id);
        json.WriteString("initial_release_date", Time(tracking.InitialRelease));
        json.WriteStartArray("revision_history");
        foreach (var revision in tracking.Revisions)
        {
            json.WriteStartObject();
            json.WriteString("date", Time(revision.Date));
            json.WriteString("number", revision.Number.ToString(CultureInfo.InvariantCulture));
            json.WriteString("summary", revision.Summary);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("status", tracking.Draft ? "draft" : "final");
        json.WriteString("version", tracking.Version.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("product_tree");
        json.WriteStartArray("branches");
        Vendor(json, publisher.Name, [(product, releaseIds.Select(r => (r.Key, r.Value, $"{product} {r.Key}", (string?)null)).ToArray())]);
        foreach (var vendor in components.GroupBy(c => c.ComponentPurl.StartsWith("pkg:deb/", StringComparison.Ordinal) ? "Debian" : "Linux"))
        {
            Vendor(json, vendor.Key, [.. vendor.GroupBy(c => c.Component).Select(g => (g.Key,
                g.Select(c => (c.ComponentVersion, componentIds[(c.Component, c.ComponentVersion)], $"{c.Component} {c.ComponentVersion}", (string?)c.ComponentPurl)).ToArray()))]);
        }
        json.WriteEndArray();
        json.WriteStartArray("relationships");
        foreach (var pair in items.Select(i => (i.Component, i.ComponentVersion, i.Release)).Distinct().OrderBy(p => p.Release, StringComparer.Ordinal)
            .ThenBy(p => p.Component, StringComparer.Ordinal).ThenBy(p => p.ComponentVersion, StringComparer.Ordinal))
        {
            var componentId = componentIds[(pair.Component, pair.ComponentVersion)];
            json.WriteStartObject();
            json.WriteString("category", "default_component_of");
            json.WriteStartObject("full_product_name");
            json.WriteString("name", $"{pair.Component} {pair.ComponentVersion} in {product} {pair.Release}");
            json.WriteString("product_id", $"{componentId}:{releaseIds[pair.Release]}");
            json.WriteEndObject();
            json.WriteString("product_reference", componentId);
            json.WriteString("relates_to_product_reference", releaseIds[pair.Release]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartArray("vulnerabilities");
        foreach (var cve in items.GroupBy(i => i.Cve).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = cve.First();
            json.WriteStartObject();
            if (cve.Key.StartsWith("CVE-", StringComparison.Ordinal))
            {
                json.WriteString("cve", cve.Key);
            }
            else
            {
                // The tracker's TEMP ids for issues without a CVE yet.
                json.WriteStartArray("ids");
                json.WriteStartObject();
                json.WriteString("system_name", "Debian Security Tracker");
                json.WriteString("text", cve.Key);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            json.WriteStartArray("notes");
            Note(json, "description", "Description", first.Description.Length > 0 ? first.Description : cve.Key);
            json.WriteEndArray();
            json.WriteStartArray("references");
            json.WriteStartObject();
            json.WriteString("category", "external");
            json.WriteString("summary", $"{cve.Key} in the {(first.Link.Contains("debian.org", StringComparison.Ordinal) ? "Debian Security Tracker" : "NVD")}");
            json.WriteString("url", first.Link);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("product_status");
            foreach (var (state, name) in new[] { (AdvisoryState.Fixed, "fixed"), (AdvisoryState.KnownAffected, "known_affected"),
                (AdvisoryState.KnownNotAffected, "known_not_affected"), (AdvisoryState.UnderInvestigation, "under_investigation") })
            {
                Ids(json, name, cve.Where(i => i.State == state).Select(InRelease));
            }
            json.WriteEndObject();
            var flagged = cve.Where(i => i.State == AdvisoryState.KnownNotAffected && i.Flag is not null).GroupBy(i => i.Flag!).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            if (flagged.Length > 0)
            {
                json.WriteStartArray("flags");
                foreach (var flag in flagged)
                {
                    json.WriteStartObject();
                    json.WriteString("label", flag.Key);
                    Ids(json, "product_ids", flag.Select(InRelease));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            var remediations = cve.Where(i => i.State is AdvisoryState.KnownAffected or AdvisoryState.UnderInvestigation)
                .GroupBy(i => i.State == AdvisoryState.UnderInvestigation ? ("none_available", "Under investigation by the product security team; no remediation is stated yet.")
                    : i.FixedVersion is { } fixedIn ? ("vendor_fix", $"Upgrade {i.Component} to {fixedIn} or later.")
                    : i.Action is { } action ? ("workaround", action)
                    : ("none_available", "No fix is available yet."))
                .OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal).ToArray();
            if (remediations.Length > 0)
            {
                json.WriteStartArray("remediations");
                foreach (var remediation in remediations)
                {
                    json.WriteStartObject();
                    json.WriteString("category", remediation.Key.Item1);
                    json.WriteString("details", remediation.Key.Item2);
                    Ids(json, "product_ids", remediation.Select(InRelease));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            var scored = cve.Where(i => i.CvssVector is not null && i.State != AdvisoryState.KnownNotAffected && i.State != AdvisoryState.Fixed).ToArray();
            if (scored.Length > 0 && CvssVersion(scored[0].CvssVector!) is { } version)
            {
                json.WriteStartArray("scores");
                json.WriteStartObject();
                json.WriteStartObject("cvss_v3");
                json.WriteString("version", version);
                json.WriteString("vectorString", scored[0].CvssVector);
                json.WriteNumber("baseScore", scored[0].CvssScore!.Value);
                json.WriteString("baseSeverity", Severity(scored[0].CvssScore!.Value));
                json.WriteEndObject();
                Ids(json, "products", scored.Select(InRelease));
                json.WriteEndObject();
                json.WriteEndArray();
            }
            var impacts = cve.Where(i => i.State == AdvisoryState.KnownNotAffected && i.Flag is null).GroupBy(i => i.Impact ?? "Not affected, as the product security team determined.")
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            if (impacts.Length > 0)
            {
                json.WriteStartArray("threats");
                foreach (var impact in impacts)
                {
                    json.WriteStartObject();
                    json.WriteString("category", "impact");
                    json.WriteString("details", impact.Key);
                    Ids(json, "product_ids", impact.Select(InRelease));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>CSAF's publisher object, the same in documents and in provider-metadata.json.</summary>
    public static void WritePublisher(Utf8JsonWriter json, AdvisoryPublisher publisher)
    {
        json.WriteStartObject("publisher");
        json.WriteString("category", "vendor");
        json.WriteString("name", publisher.Name);
        json.WriteString("namespace", publisher.Namespace.ToString());
        json.WriteEndObject();
    }

    /// <summary>The file name CSAF gives a document: its tracking id in lower case, other characters than a-z, 0-9, +, - as _.</summary>
    public static string FileName(string trackingId) => NotFileNameCharacter().Replace(trackingId.ToLowerInvariant(), "_") + ".json";

    private static void Vendor(Utf8JsonWriter json, string vendor, IReadOnlyList<(string Name, (string Version, string Id, string FullName, string? Purl)[] Versions)> products)
    {
        json.WriteStartObject();
        json.WriteString("category", "vendor");
        json.WriteString("name", vendor);
        json.WriteStartArray("branches");
        foreach (var (name, versions) in products)
        {
            json.WriteStartObject();
            json.WriteString("category", "product_name");
            json.WriteString("name", name);
            json.WriteStartArray("branches");
            foreach (var (version, id, fullName, purl) in versions)
            {
                json.WriteStartObject();
                json.WriteString("category", "product_version");
                json.WriteString("name", version);
                json.WriteStartObject("product");
                json.WriteString("name", fullName);
                json.WriteString("product_id", id);
                if (purl is not null)
                {
                    json.WriteStartObject("product_identification_helper");
                    json.WriteString("purl", purl);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Note(Utf8JsonWriter json, string category, string title, string text)
    {
        json.WriteStartObject();
        json.WriteString("category", category);
        json.WriteString("text", text);
        json.WriteString("title", title);
        json.WriteEndObject();
    }

    private static void Ids(Utf8JsonWriter json, string name, IEnumerable<string> ids)
    {
        var list = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (list.Length == 0)
        {
            return;
        }
        json.WriteStringArray(name, list);
    }

    private static string? CvssVersion(string vector) => vector.StartsWith("CVSS:3.1/", StringComparison.Ordinal) ? "3.1" : vector.StartsWith("CVSS:3.0/", StringComparison.Ordinal) ? "3.0" : null;

    private static string Severity(double score) => score switch { 0 => "NONE", < 4 => "LOW", < 7 => "MEDIUM", < 9 => "HIGH", _ => "CRITICAL" };

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>A product id part: letters, digits, dots and dashes.</summary>
    private static string Id(string text) => NotIdCharacter().Replace(text, "-");

    [GeneratedRegex(@"[^A-Za-z0-9.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotIdCharacter();

    [GeneratedRegex(@"[^a-z0-9+\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotFileNameCharacter();
}
