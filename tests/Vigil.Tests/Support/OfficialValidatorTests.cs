using System.Text.Json.Nodes;

namespace Vigil.Tests.Support;

/// <summary>The oracles themselves: each official validator and schema rejects a document broken in a way the standard forbids, so a pass means something.</summary>
public class OfficialValidatorTests
{
    [Fact]
    public void The_cyclonedx_validator_rejects_a_component_without_a_type()
    {
        var errors = OfficialValidators.CycloneDx("""{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [{"name": "libssl3"}]}""");

        Assert.Contains("must have required property 'type'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sarif_multitool_rejects_a_result_without_a_message()
    {
        var log = JsonNode.Parse("""
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "vigil", "rules": [{"id": "CVE-2025-4802"}]}},
              "results": [{"ruleId": "CVE-2025-4802", "level": "warning", "message": {"text": "glibc is affected"}}]}]}
            """)!;
        Assert.Null(OfficialValidators.Sarif(log.ToJsonString()));
        log["runs"]![0]!["results"]![0]!.AsObject().Remove("message");

        var errors = OfficialValidators.Sarif(log.ToJsonString());

        Assert.Contains("JSON1002", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void The_spdx_3_schema_rejects_a_package_without_creation_info()
    {
        const string Valid = """
            {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
              {"type": "CreationInfo", "@id": "_:c", "specVersion": "3.0.1", "created": "2026-11-27T00:00:00Z", "createdBy": ["https://example.org/a"]},
              {"type": "software_Package", "spdxId": "https://example.org/p", "creationInfo": "_:c", "name": "libssl3"}]}
            """;
        Assert.True(JsonSchemas.Spdx301(Valid).IsValid);

        var result = JsonSchemas.Spdx301(Valid.Replace("\"creationInfo\": \"_:c\", ", "", StringComparison.Ordinal));

        Assert.False(result.IsValid);
    }
}
