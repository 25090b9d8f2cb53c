using System.Text.Json;
using Vigil.Common;

namespace Vigil.Triage;

/// <summary>
/// Triage decisions as OpenVEX 0.2.0 documents, out and in. Components are package URLs: pkg:deb/debian/SOURCE@VERSION
/// for Debian source packages, pkg:generic/linux@VERSION for the kernel. Justifications only CycloneDX knows travel
/// in the impact statement as "justification NAME: ..." and come back as they were.
/// </summary>
public static class OpenVex
{
    public const string Context = "https://openvex.dev/ns/v0.2.0";
    private const string FalsePositive = "false positive: ";
    private const string JustificationPrefix = "justification ";

    private static readonly Dictionary<TriageState, string> StateToStatus = new()
    {
        [TriageState.InTriage] = "under_investigation",
        [TriageState.Affected] = "affected",
        [TriageState.NotAffected] = "not_affected",
        [TriageState.FalsePositive] = "not_affected",
        [TriageState.Fixed] = "fixed",
    };

    private static readonly HashSet<string> OpenVexJustifications =
    [
        "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
        "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
    ];

    public static void Write(Stream output, IEnumerable<TriageDecision> decisions, string author, DateTimeOffset now, string toolVersion)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("@context", Context);
        json.WriteString("@id", $"urn:uuid:{Guid.NewGuid()}");
        json.WriteString("author", author);
        json.WriteString("timestamp", now.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"));
        json.WriteNumber("version", 1);
        json.WriteString("tooling", $"vigil {toolVersion}");
        json.WriteStartArray("statements");
        foreach (var d in decisions)
        {
            json.WriteStartObject();
            json.WriteStartObject("vulnerability");
            json.WriteString("name", d.VulnerabilityId);
            json.WriteEndObject();
            json.WriteString("timestamp", d.DecidedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"));
            json.WriteStartArray("products");
            json.WriteStartObject();
            json.WriteString("@id", ComponentPurl.For(d.Component, d.ComponentVersion));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("status", StateToStatus[d.State]);
            var notes = d.Detail;
            switch (d.State)
            {
                case TriageState.NotAffected when d.Justification?.Name() is { } j && OpenVexJustifications.Contains(j):
                    json.WriteString("justification", j);
                    break;
                case TriageState.NotAffected:
                    json.WriteString("impact_statement", d.Justification is { } other ? $"{JustificationPrefix}{other.Name()}: {d.Detail}" : d.Detail);
                    notes = "";
                    break;
                case TriageState.FalsePositive:
                    json.WriteString("impact_statement", FalsePositive + d.Detail);
                    notes = "";
                    break;
                case TriageState.Affected:
                    var response = d.Response?.Name() ?? "update";
                    json.WriteString("action_statement", string.IsNullOrWhiteSpace(d.Detail) ? response : $"{response}: {d.Detail}");
                    notes = d.ThreatReference is null ? "" : $"threat model: {d.ThreatReference}";
                    break;
            }
            if (notes.Length > 0)
            {
                json.WriteString("status_notes", notes);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static readonly string[] IdentifierKinds = ["purl", "cpe23", "cpe22"];

    /// <summary>A product's name: its @id, else its purl or CPE identifier.</summary>
    private static string? Identifier(JsonElement product) =>
        product.ValueKind != JsonValueKind.Object ? null
        : product.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()
        : product.TryGetProperty("identifiers", out var ids) && ids.ValueKind == JsonValueKind.Object
            ? IdentifierKinds.Select(k => ids.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null).FirstOrDefault(v => v is not null)
            : null;

    /// <summary>Reads a document's statements, each product as it names it; every problem names the statement and field.</summary>
    public static IReadOnlyList<VexStatement> Read(JsonElement root, string path)
    {
        string Field(JsonElement element, string name, string where) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new VigilException($"{path}: {where}: expected a string \"{name}\"");
        if (root.ValueKind != JsonValueKind.Object || Field(root, "@context", "document") is var context && !context.StartsWith("https://openvex.dev/ns", StringComparison.Ordinal))
        {
            throw new VigilException($"{path}: document: expected an OpenVEX document (\"@context\": \"{Context}\")");
        }
        var author = Field(root, "author", "document");
        if (!root.TryGetProperty("statements", out var statements) || statements.ValueKind != JsonValueKind.Array)
        {
            throw new VigilException($"{path}: document: expected a \"statements\" array");
        }
        var read = new List<VexStatement>();
        var index = 0;
        foreach (var statement in statements.EnumerateArray())
        {
            var where = $"statement {index++}";
            var vulnerability = statement.ValueKind == JsonValueKind.Object && statement.TryGetProperty("vulnerability", out var v) ? v : default;
            var cve = Field(vulnerability, "name", $"{where}.vulnerability");
            var status = Field(statement, "status", where);
            string? Optional(string name) => statement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var impact = Optional("impact_statement");
            var action = Optional("action_statement");
            var notes = Optional("status_notes") ?? "";
            var justification = Optional("justification");
            string state;
            string? response = null;
            string? threat = null;
            var detail = notes;
            switch (status)
            {
                case "not_affected" when impact is not null && impact.StartsWith(FalsePositive, StringComparison.Ordinal):
                    state = "false_positive";
                    detail = impact[FalsePositive.Length..];
                    break;
                case "not_affected" when impact is not null && impact.StartsWith(JustificationPrefix, StringComparison.Ordinal) && impact.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0:
                    state = "not_affected";
                    justification = impact[JustificationPrefix.Length..colon];
                    detail = impact[(colon + 2)..];
                    break;
                case "not_affected":
                    if (justification is null && impact is null)
                    {
                        throw new VigilException($"{path}: {where}: not_affected needs a justification or an impact_statement");
                    }
                    state = "not_affected";
                    detail = impact ?? notes;
                    break;
                case "affected":
                    state = "affected";
                    if (action is null)
                    {
                        throw new VigilException($"{path}: {where}: affected needs an action_statement");
                    }
                    var split = action.IndexOf(": ", StringComparison.Ordinal);
                    (response, detail) = TriageWords.Responses.TryParse(action, out _) ? (action, "")
                        : split > 0 && TriageWords.Responses.TryParse(action[..split], out _) ? (action[..split], action[(split + 2)..])
                        : (null, action);
                    threat = notes.StartsWith("threat model: ", StringComparison.Ordinal) ? notes["threat model: ".Length..] : null;
                    break;
                case "fixed":
                    state = "fixed";
                    break;
                case "under_investigation":
                    state = "in_triage";
                    break;
                default:
                    throw new VigilException($"{path}: {where}: status '{status}' is not not_affected, affected, fixed or under_investigation");
            }
            if (!statement.TryGetProperty("products", out var products) || products.ValueKind != JsonValueKind.Array || products.GetArrayLength() == 0)
            {
                throw new VigilException($"{path}: {where}: expected a non-empty \"products\" array");
            }
            // A product with subcomponents (an image and packages in it) is a statement about those packages.
            var named = products.EnumerateArray().SelectMany<JsonElement, JsonElement>(product =>
                product.ValueKind == JsonValueKind.Object && product.TryGetProperty("subcomponents", out var parts) && parts.ValueKind == JsonValueKind.Array && parts.GetArrayLength() > 0
                    ? parts.EnumerateArray()
                    : [product]);
            foreach (var product in named)
            {
                var purl = Identifier(product) ?? throw new VigilException($"{path}: {where}: expected each product to have an \"@id\" or identifiers (purl, cpe23 or cpe22)");
                read.Add(new VexStatement(cve, purl, state, justification, response, detail, threat, author, $"vex:{Path.GetFileName(path)}"));
            }
        }
        return read;
    }
}
