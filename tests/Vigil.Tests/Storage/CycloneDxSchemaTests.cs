using Vigil.Tests.Support;
using Vigil.Triage;

namespace Vigil.Tests.Storage;

/// <summary>Vigil's CycloneDX VEX output checked against the CycloneDX 1.6 JSON schema (with the SPDX and JSF schemas it references).</summary>
public class CycloneDxSchemaTests
{
    private static Json.Schema.EvaluationResults Validate(string json) => JsonSchemas.CycloneDx16(json);

    private static string Errors(Json.Schema.EvaluationResults result) => JsonSchemas.Errors(result);

    [Fact]
    public void Every_state_justification_and_response_exports_schema_valid_cyclonedx()
    {
        var decisions = TriageWords.States.All.Where(s => s != "not_affected")
            .Select(s => (State: s, Justification: (string?)null, Response: s == "affected" ? "workaround_available" : null))
            .Concat(TriageWords.Justifications.All.Select(j => (State: "not_affected", Justification: (string?)j, Response: (string?)null)))
            .Select((d, i) => new TriageDecision
            {
                Id = Guid.NewGuid().ToString("N"), ProductId = "p", VulnerabilityId = $"CVE-2025-{10000 + i}", Component = i % 2 == 0 ? "openssl" : "linux",
                State = TriageWords.States.Parse(d.State, "state"),
                Justification = d.Justification is null ? null : TriageWords.Justifications.Parse(d.Justification, "justification"),
                Response = d.Response is null ? null : TriageWords.Responses.Parse(d.Response, "response"), Detail = "why", ThreatReference = i % 3 == 0 ? "TM-1" : null,
                Author = "alice", DecidedAt = DateTimeOffset.UtcNow, ComponentVersion = i % 2 == 0 ? "3.0.19-1~deb12u2" : "6.1.119-cip33", Source = "cli",
            })
            .ToArray();
        using var buffer = new MemoryStream();
        CycloneDxVex.Write(buffer, "gateway", decisions, "gateway team", DateTimeOffset.UtcNow, "0.1.0");

        var result = Validate(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));

        Assert.True(result.IsValid, Errors(result));
    }

    [Fact]
    public void A_product_without_decisions_exports_a_schema_valid_empty_document()
    {
        using var buffer = new MemoryStream();
        CycloneDxVex.Write(buffer, "gateway", [], "gateway team", DateTimeOffset.UtcNow, "0.1.0");

        var result = Validate(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));

        Assert.True(result.IsValid, Errors(result));
    }

    [Fact]
    public void The_schema_check_can_fail()
    {
        var result = Validate("""{"bomFormat":"CycloneDX","specVersion":"1.6","vulnerabilities":[{"id":"CVE-2025-1","analysis":{"state":"maybe"}}]}""");
        Assert.False(result.IsValid);
    }
}
