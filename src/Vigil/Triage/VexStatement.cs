namespace Vigil.Triage;

/// <summary>
/// One statement of a VEX document as written: a vulnerability, the product it is about as the document names it
/// (a purl or a CPE), and the verdict in words. <see cref="VexProductMatcher"/> says which finding's component that
/// product is; only then does it become a <see cref="TriageService.Decision"/>.
/// </summary>
public sealed record VexStatement(
    string VulnerabilityId,
    string Product,
    string State,
    string? Justification,
    string? Response,
    string Detail,
    string? ThreatReference,
    string Author,
    string Source)
{
    /// <summary>States that take a finding off the open list: the product is not affected, never was, or is fixed.</summary>
    public bool Clears => State is "not_affected" or "false_positive" or "fixed";

    public TriageService.Decision For(string component) =>
        new(VulnerabilityId, component, State, Justification, Response, Detail, ThreatReference, Author, null, Source);

    /// <summary>The verdict as a reader wants it next to a finding: "not_affected (vulnerable_code_not_present): detail".</summary>
    public string Verdict => State + (Justification is { } j ? $" ({j})" : "") + (Detail.Length > 0 ? $": {Detail}" : "");
}

/// <summary>A statement that changed no finding, and why: its product is no component of the product's, or its CVE is not open there.</summary>
public sealed record VexUnmatched(VexStatement Statement, string? Component, string Reason);
