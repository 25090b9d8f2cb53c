using System.Text.Json;
using Vigil.Common;
using static Vigil.Common.JsonReading;

namespace Vigil.Triage;

/// <summary>
/// Triage decisions as a CycloneDX 1.6 VEX document (a BOM with components and vulnerabilities[].analysis), out and
/// in. States map exploitable = affected, resolved = fixed; the threat-model reference travels as the property
/// "vigil:threat-model"; OpenVEX justifications without a CycloneDX twin travel in the detail as
/// "justification NAME: ..." and come back as they were.
/// </summary>
public static class CycloneDxVex
{
    private const string JustificationPrefix = "justification ";
    private const string ThreatProperty = "vigil:threat-model";

    private static readonly Dictionary<TriageState, string> StateToCdx = new()
    {
        [TriageState.InTriage] = "in_triage",
        [TriageState.Affected] = "exploitable",
        [TriageState.NotAffected] = "not_affected",
        [TriageState.FalsePositive] = "false_positive",
        [TriageState.Fixed] = "resolved",
    };

    private static readonly Dictionary<string, string> JustificationToCdx = new()
    {
        ["vulnerable_code_not_present"] = "code_not_present",
        ["vulnerable_code_not_in_execute_path"] = "code_not_reachable",
    };

    private static readonly HashSet<string> CdxJustifications =
    [
        "code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency", "requires_environment",
        "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control",
    ];

    public static void Write(Stream output, string productName, IReadOnlyList<TriageDecision> decisions, string author, DateTimeOffset now, string toolVersion)
    {
        static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ");
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("bomFormat", "CycloneDX");
        json.WriteString("specVersion", "1.6");
        json.WriteString("serialNumber", $"urn:uuid:{Guid.NewGuid()}");
        json.WriteNumber("version", 1);
        json.WriteStartObject("metadata");
        json.WriteString("timestamp", Time(now));
        json.WriteStartObject("tools");
        json.WriteStartArray("components");
        json.WriteStartObject();
        json.WriteString("type", "application");
        json.WriteString("name", "vigil");
        json.WriteString("version", toolVersion);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("authors");
        json.WriteStartObject();
        json.WriteString("name", author);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("component");
        json.WriteString("type", "device");
        json.WriteString("name", productName);
        json.WriteString("bom-ref", "product");
        json.WriteEndObject();
        json.WriteEndObject();

        var components = decisions.Select(d => ComponentPurl.For(d.Component, d.ComponentVersion)).Distinct(StringComparer.Ordinal).ToArray();
        json.WriteStartArray("components");
        foreach (var purl in components)
        {
            var component = ComponentPurl.Component(purl, "export");
            json.WriteStartObject();
            json.WriteString("type", component == "linux" ? "operating-system" : "library");
            json.WriteString("bom-ref", purl);
            json.WriteString("name", component);
            if (decisions.First(d => ComponentPurl.For(d.Component, d.ComponentVersion) == purl).ComponentVersion is { } version)
            {
                json.WriteString("version", version);
            }
            json.WriteString("purl", purl);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("vulnerabilities");
        foreach (var d in decisions)
        {
            json.WriteStartObject();
            json.WriteString("id", d.VulnerabilityId);
            json.WriteStartObject("analysis");
            json.WriteString("state", StateToCdx[d.State]);
            var detail = d.Detail;
            if (d.Justification?.Name() is { } j)
            {
                if (JustificationToCdx.TryGetValue(j, out var mapped) || CdxJustifications.Contains(j))
                {
                    json.WriteString("justification", mapped ?? j);
                }
                else
                {
                    detail = $"{JustificationPrefix}{j}: {d.Detail}";
                }
            }
            if (d.Response?.Name() is { } response)
            {
                json.WriteStartArray("response");
                json.WriteStringValue(response);
                json.WriteEndArray();
            }
            if (detail.Length > 0)
            {
                json.WriteString("detail", detail);
            }
            json.WriteString("lastUpdated", Time(d.DecidedAt));
            json.WriteEndObject();
            json.WriteStartArray("affects");
            json.WriteStartObject();
            json.WriteString("ref", ComponentPurl.For(d.Component, d.ComponentVersion));
            json.WriteEndObject();
            json.WriteEndArray();
            if (d.ThreatReference is { } threat)
            {
                json.WriteStartArray("properties");
                json.WriteStartObject();
                json.WriteString("name", ThreatProperty);
                json.WriteString("value", threat);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static readonly string[] IdentifierKinds = ["purl", "cpe"];

    /// <summary>Reads a CycloneDX VEX document's statements, each product by its component's purl (else CPE); every problem names the vulnerability entry and field.</summary>
    public static IReadOnlyList<VexStatement> Read(JsonElement root, string path)
    {
        var author = root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array
            && authors.GetArrayLength() > 0 && Text(authors[0], "name") is { } name
            ? name
            : throw new VigilException($"{path}: metadata: expected metadata.authors[0].name (who made the statements)");
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in components.EnumerateArray())
            {
                var identifier = IdentifierKinds.Select(field => Text(c, field)).FirstOrDefault(id => id is not null);
                if (Text(c, "bom-ref") is { } r && identifier is not null)
                {
                    refs[r] = identifier;
                }
            }
        }
        if (!root.TryGetProperty("vulnerabilities", out var vulnerabilities) || vulnerabilities.ValueKind != JsonValueKind.Array)
        {
            throw new VigilException($"{path}: expected a \"vulnerabilities\" array");
        }
        var statements = new List<VexStatement>();
        var index = 0;
        foreach (var v in vulnerabilities.EnumerateArray())
        {
            var where = $"{path}: vulnerabilities[{index++}]";
            var id = Text(v, "id") ?? throw new VigilException($"{where}: expected an \"id\"");
            var analysis = v.TryGetProperty("analysis", out var a) ? a : throw new VigilException($"{where}: expected an \"analysis\" (a VEX entry without one says nothing)");
            var state = Text(analysis, "state") switch
            {
                "in_triage" => "in_triage",
                "exploitable" => "affected",
                "not_affected" => "not_affected",
                "false_positive" => "false_positive",
                "resolved" or "resolved_with_pedigree" => "fixed",
                var other => throw new VigilException($"{where}: analysis.state '{other}' is not one of resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected"),
            };
            var justification = Text(analysis, "justification") is { } j ? JustificationToCdx.FirstOrDefault(kv => kv.Value == j).Key ?? j : null;
            var detail = Text(analysis, "detail") ?? "";
            if (justification is null && detail.StartsWith(JustificationPrefix, StringComparison.Ordinal) && detail.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0)
            {
                justification = detail[JustificationPrefix.Length..colon];
                detail = detail[(colon + 2)..];
            }
            var response = analysis.TryGetProperty("response", out var responses) && responses.ValueKind == JsonValueKind.Array && responses.GetArrayLength() > 0
                ? responses[0].GetString()
                : null;
            var threat = v.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Array
                ? properties.EnumerateArray().Where(p => Text(p, "name") == ThreatProperty).Select(p => Text(p, "value")).FirstOrDefault()
                : null;
            if (!v.TryGetProperty("affects", out var affects) || affects.ValueKind != JsonValueKind.Array || affects.GetArrayLength() == 0)
            {
                throw new VigilException($"{where}: expected a non-empty \"affects\" array");
            }
            foreach (var target in affects.EnumerateArray())
            {
                var reference = Text(target, "ref") ?? throw new VigilException($"{where}: expected affects[].ref");
                var purl = refs.GetValueOrDefault(reference, reference);
                statements.Add(new VexStatement(id, purl, state, justification, response, detail, threat, author, $"vex:{Path.GetFileName(path)}"));
            }
        }
        return statements;
    }
}
