using System.Text.Json;
using Vigil.Common;
using static Vigil.Common.JsonReading;

namespace Vigil.Triage;

/// <summary>
/// Reads the statements of a CSAF 2.0 document (csaf_vex or csaf_security_advisory, as Vigil and vendors write
/// them): each product id in a product status becomes the purl (or CPE) the product tree gives it, directly or
/// through a relationship's component; known_not_affected takes its VEX flag as justification (or the impact
/// threat as detail), known_affected its remediation as response, fixed is fixed, under_investigation in triage.
/// </summary>
public static class CsafVex
{
    /// <summary>CSAF's remediation categories as triage responses.</summary>
    private static readonly Dictionary<string, string> Responses = new(StringComparer.Ordinal)
    {
        ["vendor_fix"] = "update", ["workaround"] = "workaround_available", ["mitigation"] = "workaround_available",
        ["none_available"] = "can_not_fix", ["no_fix_planned"] = "will_not_fix",
    };

    private static readonly (string Status, string State)[] Statuses =
    [
        ("known_not_affected", "not_affected"), ("fixed", "fixed"), ("first_fixed", "fixed"), ("known_affected", "affected"),
        ("first_affected", "affected"), ("last_affected", "affected"), ("under_investigation", "in_triage"),
    ];

    public static bool IsCsaf(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("document", out var document) && document.ValueKind == JsonValueKind.Object
        && document.TryGetProperty("csaf_version", out _);

    public static IReadOnlyList<VexStatement> Read(JsonElement root, string path)
    {
        var document = root.GetProperty("document");
        var author = document.TryGetProperty("publisher", out var publisher) && Text(publisher, "name") is { } name
            ? name : throw new VigilException($"{path}: document.publisher: expected a \"name\" (who made the statements)");
        var products = Identifiers(root, path);
        if (!root.TryGetProperty("vulnerabilities", out var vulnerabilities) || vulnerabilities.ValueKind != JsonValueKind.Array)
        {
            throw new VigilException($"{path}: expected a \"vulnerabilities\" array");
        }
        var statements = new List<VexStatement>();
        var index = 0;
        foreach (var v in vulnerabilities.EnumerateArray())
        {
            var where = $"{path}: vulnerabilities[{index++}]";
            var cve = Text(v, "cve")
                ?? (v.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Array ? ids.EnumerateArray().Select(i => Text(i, "text")).FirstOrDefault(t => t is not null) : null)
                ?? throw new VigilException($"{where}: expected a \"cve\" or \"ids\"");
            if (!v.TryGetProperty("product_status", out var status) || status.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var flags = ProductTexts(v, "flags", "label");
            var impacts = ProductTexts(v, "threats", "details", category: "impact");
            var remediations = Remediations(v);
            foreach (var (statusName, state) in Statuses)
            {
                foreach (var productId in Strings(status, statusName))
                {
                    var product = products.GetValueOrDefault(productId, productId);
                    var (justification, response, detail) = state switch
                    {
                        "not_affected" => (flags.GetValueOrDefault(productId), (string?)null, impacts.GetValueOrDefault(productId) ?? ""),
                        "affected" => ((string?)null, remediations.GetValueOrDefault(productId).Response, remediations.GetValueOrDefault(productId).Details ?? ""),
                        _ => ((string?)null, (string?)null, ""),
                    };
                    if (state == "not_affected" && justification is null && detail.Length == 0)
                    {
                        throw new VigilException($"{where}: known_not_affected {productId} has neither a flag nor an impact threat (CSAF test 6.1.27.9)");
                    }
                    statements.Add(new VexStatement(cve, product, state, justification, response, detail, null, author, $"vex:{Path.GetFileName(path)}"));
                }
            }
        }
        return statements;
    }

    /// <summary>Every product id with its purl or CPE: from the branches (walked without recursion), full product names and relationships.</summary>
    private static Dictionary<string, string> Identifiers(JsonElement root, string path)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("product_tree", out var tree) || tree.ValueKind != JsonValueKind.Object)
        {
            return ids;
        }
        void Add(JsonElement product)
        {
            if (Text(product, "product_id") is { } id && product.TryGetProperty("product_identification_helper", out var helper) && helper.ValueKind == JsonValueKind.Object
                && (Text(helper, "purl") ?? Text(helper, "cpe")) is { } identifier)
            {
                ids[id] = identifier;
            }
        }
        var pending = new Stack<JsonElement>();
        if (tree.TryGetProperty("branches", out var branches) && branches.ValueKind == JsonValueKind.Array)
        {
            pending.Push(branches);
        }
        while (pending.TryPop(out var list))
        {
            foreach (var branch in list.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object))
            {
                if (branch.TryGetProperty("product", out var product) && product.ValueKind == JsonValueKind.Object)
                {
                    Add(product);
                }
                if (branch.TryGetProperty("branches", out var nested) && nested.ValueKind == JsonValueKind.Array)
                {
                    pending.Push(nested);
                }
            }
        }
        if (tree.TryGetProperty("full_product_names", out var names) && names.ValueKind == JsonValueKind.Array)
        {
            foreach (var product in names.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
            {
                Add(product);
            }
        }
        if (tree.TryGetProperty("relationships", out var relationships) && relationships.ValueKind == JsonValueKind.Array)
        {
            // "glibc in gateway 2026.1" is a statement about glibc: the component the relationship names.
            foreach (var r in relationships.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            {
                if (r.TryGetProperty("full_product_name", out var full) && Text(full, "product_id") is { } id
                    && Text(r, "product_reference") is { } component && ids.TryGetValue(component, out var identifier))
                {
                    ids[id] = identifier;
                }
            }
        }
        return ids;
    }

    /// <summary>For each product id, the field of the first entry (flag, threat) that names it.</summary>
    private static Dictionary<string, string> ProductTexts(JsonElement vulnerability, string array, string field, string? category = null)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (vulnerability.TryGetProperty(array, out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in entries.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object && (category is null || Text(e, "category") == category)))
            {
                if (Text(entry, field) is { } text)
                {
                    foreach (var id in Strings(entry, "product_ids"))
                    {
                        texts.TryAdd(id, text);
                    }
                }
            }
        }
        return texts;
    }

    private static Dictionary<string, (string? Response, string? Details)> Remediations(JsonElement vulnerability)
    {
        var remediations = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        if (vulnerability.TryGetProperty("remediations", out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in entries.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
            {
                foreach (var id in Strings(entry, "product_ids"))
                {
                    remediations.TryAdd(id, (Text(entry, "category") is { } c ? Responses.GetValueOrDefault(c) : null, Text(entry, "details")));
                }
            }
        }
        return remediations;
    }

    private static IEnumerable<string> Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!)
            : [];
}
