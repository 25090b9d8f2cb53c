using System.Text.Json.Nodes;
using Json.Schema;

namespace Vigil.Tests.Support;

/// <summary>The official JSON schemas Vigil's documents are checked against (committed under Fixtures/schemas), with format checks on.</summary>
public static class JsonSchemas
{
    /// <summary>CycloneDX 1.6, with the SPDX licence-id and JSF schemas it references.</summary>
    public static EvaluationResults CycloneDx16(string json)
    {
        var options = Options();
        foreach (var name in new[] { "spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json" })
        {
            options.SchemaRegistry.Register(new Uri($"http://cyclonedx.org/schema/{name}"),
                JsonSchema.FromText(File.ReadAllText(Fixture.Path($"schemas/cyclonedx/{name}"))));
        }
        return JsonSchema.FromText(File.ReadAllText(Fixture.Path("schemas/cyclonedx/bom-1.6.SNAPSHOT.schema.json"))).Evaluate(JsonNode.Parse(json), options);
    }

    public static EvaluationResults Spdx23(string json) =>
        JsonSchema.FromText(File.ReadAllText(Fixture.Path("schemas/spdx/spdx-2.3.schema.json"))).Evaluate(JsonNode.Parse(json), Options());

    public static EvaluationResults Spdx301(string json) =>
        JsonSchema.FromText(File.ReadAllText(Fixture.Path("schemas/spdx/spdx-3.0.1.schema.json"))).Evaluate(JsonNode.Parse(json), Options());

    /// <summary>
    /// SARIF 2.1.0. Its schema is draft-04, which JsonSchema.Net does not read; it uses no keyword whose meaning
    /// changed since (no boolean exclusiveMinimum), so it is evaluated as draft-07 with its "id" as "$id".
    /// </summary>
    public static EvaluationResults Sarif210(string json) =>
        JsonSchema.FromText(File.ReadAllText(Fixture.Path("schemas/sarif/sarif-2.1.0.schema.json"))
                .Replace("\"http://json-schema.org/draft-04/schema#\"", "\"http://json-schema.org/draft-07/schema#\"", StringComparison.Ordinal)
                .Replace("\"id\": \"https://docs.oasis-open.org", "\"$id\": \"https://docs.oasis-open.org", StringComparison.Ordinal))
            .Evaluate(JsonNode.Parse(json), Options());

    /// <summary>Every error with where in the document it is, for an assertion message.</summary>
    public static string Errors(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    private static EvaluationOptions Options() => new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
}
