using System.Text.Json.Nodes;
using Json.Schema;
using Vigil.Triage;
using Vigil.Tests.Support;

namespace Vigil.Tests.Storage;

/// <summary>Vigil's OpenVEX output checked against the OpenVEX project's own JSON schema.</summary>
public class OpenVexSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Fixture.Path("schemas/openvex_json_schema.json")));

    private static TriageDecision Decision(string state, string? justification = null, string? response = null, string? threat = null, string component = "openssl") => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ProductId = "p",
        VulnerabilityId = "CVE-2025-9230",
        Component = component,
        State = TriageWords.States.Parse(state, "state"),
        Justification = justification is null ? null : TriageWords.Justifications.Parse(justification, "justification"),
        Response = response is null ? null : TriageWords.Responses.Parse(response, "response"),
        Detail = "the reasoning",
        ThreatReference = threat,
        Author = "alice",
        DecidedAt = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero),
        ComponentVersion = "3.0.19-1~deb12u2",
        Source = "cli",
    };

    private static EvaluationResults Validate(params TriageDecision[] decisions)
    {
        using var buffer = new MemoryStream();
        OpenVex.Write(buffer, decisions, "gateway team", DateTimeOffset.UtcNow, "0.1.0");
        return Schema.Evaluate(JsonNode.Parse(buffer.ToArray()), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    [Fact]
    public void Every_state_and_justification_exports_schema_valid_openvex()
    {
        var decisions = TriageWords.States.All.Where(s => s != "not_affected").Select(s => Decision(s, response: s == "affected" ? "update" : null, threat: "TM-1"))
            .Concat(TriageWords.Justifications.All.Select(j => Decision("not_affected", j)))
            .Append(Decision("not_affected"))
            .Append(Decision("fixed", component: "linux"))
            .Select((d, i) => new TriageDecision
            {
                Id = d.Id, ProductId = d.ProductId, VulnerabilityId = $"CVE-2025-{10000 + i}", Component = d.Component, State = d.State, Justification = d.Justification,
                Response = d.Response, Detail = d.Detail, ThreatReference = d.ThreatReference, Author = d.Author, DecidedAt = d.DecidedAt, ComponentVersion = d.ComponentVersion, Source = d.Source,
            })
            .ToArray();

        var result = Validate(decisions);

        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public void The_schema_check_can_fail()
    {
        using var buffer = new MemoryStream("""{"@context":"https://openvex.dev/ns/v0.2.0","@id":"urn:uuid:1","author":"a","timestamp":"2026-11-24T10:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-2025-1"},"status":"affected"}]}"""u8.ToArray());
        var result = Schema.Evaluate(JsonNode.Parse(buffer.ToArray()), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.False(result.IsValid);
    }
}
